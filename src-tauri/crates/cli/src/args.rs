//! Reading dates and months given on the command line. The rules are the core's (one place
//! for how Forum Desk reads a date); a bad value is a usage error (exit code 2), reported
//! before any data is opened.

use chrono::NaiveDate;

use crate::CliError;

/// `--month`: exactly `YYYY-MM`. `""`, `26-11` and `2026-1` are refused, not guessed.
pub fn month(option: &str, text: &str) -> Result<String, CliError> {
    let (y, m) = forumdesk_core::parse_month("month", text)
        .map_err(|e| CliError::Usage(format!("{option}: {e}")))?;
    Ok(format!("{y:04}-{m:02}"))
}

/// A date option: `DD/MM/YYYY` (as people write dates in the UK) or `YYYY-MM-DD`.
pub fn date(option: &str, text: &str) -> Result<NaiveDate, CliError> {
    // The core words its message by field: "the first date" for --from, "the last date" for
    // --to; any other date option is the day to act on.
    let field = match option {
        "--from" => "from",
        "--to" => "to",
        _ => "today",
    };
    forumdesk_core::parse_date(field, text).map_err(|e| {
        CliError::Usage(format!(
            "{option}: {e} You can also write it as 2026-11-25."
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_yyyy_mm_only() {
        assert_eq!(month("--month", "2026-11").unwrap(), "2026-11");
        for bad in ["", "26-11", "2026-1", "11/2026", "2026-13"] {
            let e = month("--month", bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
            assert!(e.to_string().starts_with("--month: "), "{e}");
            assert!(e.to_string().contains("2026-11"), "{e}");
        }
    }

    #[test]
    fn dates_take_uk_and_iso_forms() {
        let want = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(date("--today", "26/11/2026").unwrap(), want);
        assert_eq!(date("--today", "2026-11-26").unwrap(), want);
        for bad in ["11/26/2026", "31/02/2026", "26-11-2026", ""] {
            let e = date("--today", bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
            assert!(e.to_string().starts_with("--today: "), "{e}");
        }
    }

    #[test]
    fn a_range_names_the_date_that_is_wrong() {
        let e = date("--from", "31/02/2026").unwrap_err().to_string();
        assert!(e.starts_with("--from: ") && e.contains("first date"), "{e}");
        let e = date("--to", "31/13/2027").unwrap_err().to_string();
        assert!(e.starts_with("--to: ") && e.contains("last date"), "{e}");
        assert!(!e.contains("Today"), "{e}");
    }
}
