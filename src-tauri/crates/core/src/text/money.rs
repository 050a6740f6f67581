//! Money is integer pence. These read what people type and write it the UK way.

use crate::store::{CoreError, Result};

/// £1,234.56 (and -£12.00 for reversals).
pub fn format_pence(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    let grouped = group_thousands(&(p / 100).to_string());
    format!("{sign}£{grouped}.{:02}", p % 100)
}

/// "10000" -> "10,000".
pub(crate) fn group_thousands(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reads "12.50", "£12.50", "1,234.56" or "12.5" as pence. Refuses more than two decimal
/// places and negative amounts, since people never claim negative money (reversals are made
/// by the app).
///
/// A comma is read only as a thousands separator in its proper place ("1,000", "12,345.67").
/// Anything else with a comma is refused rather than guessed: "4,50" is a European decimal
/// comma (stripping it would claim £450.00), and "1,00" or "1,0000" are typing slips.
pub fn parse_pounds(field: &str, text: &str) -> Result<i64> {
    let typed = text.trim();
    let t = typed.strip_prefix('£').unwrap_or(typed).trim_start();
    let bad = || {
        CoreError::invalid(
            field,
            format!("\"{typed}\" is not an amount of money. Please write it like 12.50."),
        )
    };
    if t.is_empty() {
        return Err(CoreError::invalid(
            field,
            "Please enter an amount, like 12.50.",
        ));
    }
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if frac.contains(',') {
        return Err(CoreError::invalid(
            field,
            format!("\"{typed}\" has a comma after the point. Please write it like 1234.50."),
        ));
    }
    let whole = if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        let last = groups[groups.len() - 1];
        // One comma with one or two digits after it, and no point: a decimal comma.
        if groups.len() == 2
            && !t.contains('.')
            && matches!(last.len(), 1 | 2)
            && groups
                .iter()
                .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(CoreError::invalid(
                field,
                "Use a point for pence, like 4.50",
            ));
        }
        let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
        let placed = (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| digits(g));
        if !placed {
            if groups.iter().all(|g| digits(g)) {
                return Err(CoreError::invalid(
                    field,
                    format!(
                        "The commas in \"{typed}\" are not in the right places. Write thousands like 1,250.00, or leave the commas out."
                    ),
                ));
            }
            return Err(bad());
        }
        groups.concat()
    } else {
        whole.to_string()
    };
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(CoreError::invalid(
            field,
            "Please give pounds and pence only, like 12.50.",
        ));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| too_large(field))?
    };
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    if whole > 1_000_000 {
        return Err(too_large(field));
    }
    Ok(whole * 100 + frac)
}

fn too_large(field: &str) -> CoreError {
    CoreError::invalid(field, "That amount is too large. Please check it.")
}

/// Like [`parse_pounds`], but blank means "none".
pub fn parse_optional_pounds(field: &str, text: &str) -> Result<Option<i64>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_pounds(field, text).map(Some)
    }
}

/// Reads a number with at most one decimal place as tenths ("24.5" miles -> 245).
pub fn parse_tenths(field: &str, text: &str, what: &str) -> Result<i64> {
    let t = text.trim();
    let bad = || {
        CoreError::invalid(
            field,
            format!("\"{t}\" is not a number of {what}. Please write it like 12.5."),
        )
    };
    if t.is_empty() {
        return Err(CoreError::invalid(
            field,
            format!("Please enter the number of {what}."),
        ));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || (whole.is_empty() && frac.is_empty())
    {
        return Err(bad());
    }
    if frac.len() > 1 {
        return Err(CoreError::invalid(
            field,
            format!("Please give {what} to one decimal place, like 12.5."),
        ));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| bad())?
    };
    Ok(whole * 10 + frac)
}

/// Reads a whole number within a range.
pub fn parse_whole(field: &str, text: &str, what: &str, min: i64, max: i64) -> Result<i64> {
    let t = text.trim();
    let n: i64 = t.parse().map_err(|_| {
        CoreError::invalid(
            field,
            format!("Please enter the number of {what} as a whole number, like 90."),
        )
    })?;
    if n < min || n > max {
        return Err(CoreError::invalid(
            field,
            format!("The number of {what} must be between {min} and {max}."),
        ));
    }
    Ok(n)
}

/// 24.5 for 245 tenths.
pub fn format_tenths(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// Divides and rounds half away from zero, so a reversal is the exact negative of its line.
pub fn div_round(numerator: i64, denominator: i64) -> i64 {
    let q = (numerator.abs() * 2 + denominator) / (denominator * 2);
    if numerator < 0 {
        -q
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_uk_money() {
        assert_eq!(format_pence(0), "£0.00");
        assert_eq!(format_pence(5), "£0.05");
        assert_eq!(format_pence(123456), "£1,234.56");
        assert_eq!(format_pence(100000000), "£1,000,000.00");
        assert_eq!(format_pence(-1200), "-£12.00");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_pounds("a", "12.5").unwrap(), 1250);
        assert_eq!(parse_pounds("a", "£1,234.56").unwrap(), 123456);
        assert_eq!(parse_pounds("a", "7").unwrap(), 700);
        assert_eq!(parse_pounds("a", ".5").unwrap(), 50);
        for bad in ["", "abc", "12.345", "-5", "1.2.3", "12p"] {
            let e = parse_pounds("amount", bad).unwrap_err();
            assert_eq!(e.field(), Some("amount"), "{bad}");
        }
        assert_eq!(parse_tenths("m", "24.5", "miles").unwrap(), 245);
        assert_eq!(parse_tenths("m", "3", "miles").unwrap(), 30);
        assert!(parse_tenths("m", "3.25", "miles").is_err());
    }

    #[test]
    fn a_decimal_comma_is_refused_not_multiplied_by_100() {
        for typed in ["4,50", "12,50", "1,5", "£4,50", " 0,99 "] {
            let e = parse_pounds("amount", typed).unwrap_err();
            assert_eq!(e.field(), Some("amount"), "{typed}");
            assert_eq!(e.to_string(), "Use a point for pence, like 4.50", "{typed}");
        }
    }

    #[test]
    fn thousands_separators_only_in_their_places() {
        assert_eq!(parse_pounds("a", "1,000").unwrap(), 100_000);
        assert_eq!(parse_pounds("a", "1,000.00").unwrap(), 100_000);
        assert_eq!(parse_pounds("a", "12,345.67").unwrap(), 1_234_567);
        assert_eq!(parse_pounds("a", "£1,234.56").unwrap(), 123_456);
        assert_eq!(parse_pounds("a", "£ 1,234.56").unwrap(), 123_456);
        assert_eq!(parse_pounds("a", "1,000,000").unwrap(), 100_000_000);
        for typed in [
            "10,00.00", "1,0000", "1234,567", ",500", "1,,000", "1,000,00",
        ] {
            let e = parse_pounds("amount", typed).unwrap_err();
            assert_eq!(e.field(), Some("amount"), "{typed}");
            assert!(
                e.to_string().contains("not in the right places"),
                "{typed}: {e}"
            );
        }
        // One comma and two digits reads as pence with a decimal comma, whatever the digits.
        assert_eq!(
            parse_pounds("a", "1,00").unwrap_err().to_string(),
            "Use a point for pence, like 4.50"
        );
        assert!(parse_pounds("a", "1,5p").is_err());
        assert!(parse_pounds("a", "1.000,50")
            .unwrap_err()
            .to_string()
            .contains("comma after the point"));
        assert!(parse_pounds("a", "1,000,001").is_err(), "over the limit");
        assert!(parse_pounds("a", "99999999999999999999")
            .unwrap_err()
            .to_string()
            .contains("too large"));
    }

    #[test]
    fn rounds_half_away_from_zero_symmetrically() {
        assert_eq!(div_round(25, 10), 3);
        assert_eq!(div_round(24, 10), 2);
        assert_eq!(div_round(-25, 10), -3);
        assert_eq!(div_round(1125, 60), 19);
    }
}
