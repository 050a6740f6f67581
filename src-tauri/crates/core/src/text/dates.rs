//! Reading dates as people type them, and writing them the UK way. Dates are always read
//! day first (`25/11/2026`) or as ISO (`2026-11-25`, what the window and files send), never
//! by the computer's locale: a US-order date like `11/26/2026` is refused, not swapped.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use crate::store::{CoreError, Result};

/// What the date in `field` is, for messages: "The date they joined must be a real date".
/// The window shows each message beside its field and in a summary at the top of the form,
/// where the field's own label is not next to it.
fn what(field: &str) -> &'static str {
    match field {
        "joined_on" => "the date they joined",
        "line_date" => "the date",
        "started_on" => "the date they started",
        "confidentiality_signed_on" => "the date the agreement was signed",
        "completed_on" => "the date the training was completed",
        "notice_sent_on" => "the date notice was sent",
        "papers_sent_on" => "the date the papers were sent",
        "due_on" => "the date it is due",
        "paid_on" => "the date it was paid",
        "effective_from" => "the date the policy applies from",
        "starts_at" => "the start",
        "ends_at" => "the end",
        "today" => "today's date",
        "from" => "the first date",
        "to" => "the last date",
        _ => "the date",
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Reads `25/11/2026` (what people type; one-digit days and months are fine) or `2026-11-25`
/// (ISO, what files and older windows send). Refuses impossible dates (`31/02/2026`),
/// month-first dates (`11/26/2026`) and two-digit years, each with a sentence that says which
/// date and what to do.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    let what = what(field);
    let write_it = || {
        CoreError::invalid(
            field,
            format!(
                "{} must be a date written like 25/11/2026 (day, month, year).",
                capital(what)
            ),
        )
    };
    if t.is_empty() {
        return Err(CoreError::invalid(
            field,
            format!("Please enter {what}, like 25/11/2026."),
        ));
    }
    let number = |s: &str, min: usize, max: usize| -> Option<u32> {
        if (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let parts: Vec<&str>;
    let (day, month, year, year_text) = if t.contains('/') {
        parts = t.split('/').map(str::trim).collect();
        if parts.len() != 3 {
            return Err(write_it());
        }
        let (Some(d), Some(m)) = (number(parts[0], 1, 2), number(parts[1], 1, 2)) else {
            return Err(write_it());
        };
        (d, m, number(parts[2], 1, 4), parts[2])
    } else {
        parts = t.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 {
            return Err(write_it());
        }
        let (Some(y), Some(m), Some(d)) = (
            number(parts[0], 4, 4),
            number(parts[1], 2, 2),
            number(parts[2], 2, 2),
        ) else {
            return Err(write_it());
        };
        (d, m, Some(y), parts[0])
    };
    let Some(year) = year else {
        return Err(write_it());
    };
    if year_text.len() != 4 {
        return Err(CoreError::invalid(
            field,
            format!(
                "Please write the year of {what} in full, like 25/11/{}.",
                if year_text.len() == 2 {
                    format!("20{year_text}")
                } else {
                    "2026".into()
                }
            ),
        ));
    }
    if !(1900..=2199).contains(&year) {
        return Err(CoreError::invalid(
            field,
            format!(
                "{} is in the year {year}. Please check the year.",
                capital(what)
            ),
        ));
    }
    if !(1..=12).contains(&month) {
        let hint = if (1..=12).contains(&day) && month <= 31 {
            " Write the day first, then the month, like 25/11/2026."
        } else {
            ""
        };
        return Err(CoreError::invalid(
            field,
            format!(
                "{} must be a real date: there is no month {month}.{hint}",
                capital(what)
            ),
        ));
    }
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
        let days = days_in_month(year as i32, month);
        CoreError::invalid(
            field,
            format!(
                "{} must be a real date: {} {year} has {days} days, so there is no {day}/{month:02}/{year}.",
                capital(what),
                MONTH_NAMES[month as usize - 1]
            ),
        )
    })
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("month checked");
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .expect("a month later exists");
    (next - first).num_days() as u32
}

/// Like [`parse_date`], but blank means "not known".
pub fn parse_optional_date(field: &str, text: &str) -> Result<Option<NaiveDate>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, text).map(Some)
    }
}

/// A date range typed for a list (`from` and `to`, each day first or ISO, blank: no limit),
/// as ISO dates or blank. Both boxes are checked together, and an end before the start is
/// refused beside `to`.
pub fn parse_optional_range(from: &str, to: &str) -> Result<(String, String)> {
    let mut p = crate::store::Problems::new();
    let f = p.check(parse_optional_date("from", from))?.flatten();
    let t = p.check(parse_optional_date("to", to))?.flatten();
    if let (Some(f), Some(t)) = (f, t) {
        if t < f {
            p.add("to", "The end date is before the start date.");
        }
    }
    p.finish()?;
    Ok((
        f.map(iso).unwrap_or_default(),
        t.map(iso).unwrap_or_default(),
    ))
}

/// Reads a 24-hour time, `14:30` or `9:05` (also `14.30`, as people often write it).
pub fn parse_time(field: &str, text: &str) -> Result<NaiveTime> {
    let t = text.trim();
    let what = what(field);
    let (h, m) = t.split_once([':', '.']).unwrap_or((t, ""));
    let ok =
        |s: &str, n: usize| (1..=n).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if !ok(h, 2) || m.len() != 2 || !ok(m, 2) {
        return Err(CoreError::invalid(
            field,
            format!("Please give the time of {what} on the 24-hour clock, like 14:30.",),
        ));
    }
    NaiveTime::from_hms_opt(h.parse().unwrap_or(99), m.parse().unwrap_or(99), 0).ok_or_else(|| {
        CoreError::invalid(
            field,
            format!("{t} is not a time. Please give the time of {what} like 14:30 (from 00:00 to 23:59)."),
        )
    })
}

/// Reads a date and time: `25/11/2026 14:30` (what the window sends: a UK date and a 24-hour
/// time) or `2026-11-25T14:30` (ISO, with or without seconds, as stored).
pub fn parse_datetime(field: &str, text: &str) -> Result<NaiveDateTime> {
    let t = text.trim();
    if let Ok(v) = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
    {
        return Ok(v);
    }
    match t.split_once(' ') {
        Some((d, time)) if !time.trim().is_empty() => {
            let date = parse_date(field, d)?;
            let time = parse_time(field, time)?;
            Ok(NaiveDateTime::new(date, time))
        }
        _ => Err(CoreError::invalid(
            field,
            format!(
                "Please give the date and time of {}, like 25/11/2026 14:30.",
                what(field)
            ),
        )),
    }
}

/// Reads a claim month, exactly `YYYY-MM` (what the window's month lists and the command
/// line's `--month` send). `2026-1`, `26-11` and blank are refused rather than guessed.
pub fn parse_month(field: &str, text: &str) -> Result<(i32, u32)> {
    let t = text.trim();
    let bad = || {
        CoreError::invalid(
            field,
            if t.is_empty() {
                "Please give the month, like 2026-11 for November 2026.".to_string()
            } else {
                format!("\"{t}\" is not a month. Please write it like 2026-11 for November 2026.")
            },
        )
    };
    let (y, m) = t.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 || !(y.chars().chain(m.chars())).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) || !(1900..=2199).contains(&y) {
        return Err(bad());
    }
    Ok((y, m))
}

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn iso_datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// 25/11/2026
/// A stored time stamp (`YYYY-MM-DDTHH:MM[:SS]`) the UK way, "25/11/2026 14:30"; the stamp
/// as it is when it is not one.
pub fn uk_stamp(stamp: &str) -> String {
    parse_datetime("at", stamp)
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| stamp.to_string())
}

pub fn uk(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A stored date (`YYYY-MM-DD`) the UK way, "25/11/2026"; the text as it is when it is not
/// a date.
pub fn uk_iso(iso: &str) -> String {
    parse_date("date", iso)
        .map(uk)
        .unwrap_or_else(|_| iso.to_string())
}

/// `2026-11` for a date.
pub fn month_of(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// "November 2026" for `2026-11`.
pub fn month_label(month: &str) -> String {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| month.to_string())
}

/// The first day of the UK tax year (6 April) that `d` falls in.
pub fn tax_year_start(d: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(d.year(), 4, 6).expect("6 April exists");
    if d >= this_year {
        this_year
    } else {
        NaiveDate::from_ymd_opt(d.year() - 1, 4, 6).expect("6 April exists")
    }
}

/// `d` moved back by whole months, clamped to the month's last day (31 May - 3 = 28/29 Feb).
pub fn months_before(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(chrono::Months::new(months))
        .unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn reads_both_date_styles_and_explains_bad_ones() {
        assert_eq!(parse_date("x", "2026-11-25").unwrap(), d("2026-11-25"));
        assert_eq!(parse_date("x", " 25/11/2026 ").unwrap(), d("2026-11-25"));
        assert_eq!(parse_date("x", "26/11/2026").unwrap(), d("2026-11-26"));
        assert_eq!(parse_date("x", "5/1/2026").unwrap(), d("2026-01-05"));
        assert_eq!(parse_date("x", "29/02/2028").unwrap(), d("2028-02-29"));
        let e = parse_date("joined_on", "31/02/2026").unwrap_err();
        assert_eq!(e.field(), Some("joined_on"));
        assert_eq!(
            e.to_string(),
            "The date they joined must be a real date: February 2026 has 28 days, so there is no 31/02/2026."
        );
        let e = parse_date("line_date", "29/02/2027").unwrap_err();
        assert!(e.to_string().contains("February 2027 has 28 days"), "{e}");
    }

    #[test]
    fn month_first_and_short_years_are_refused_not_guessed() {
        // 26 November typed the American way: there is no month 26.
        let e = parse_date("line_date", "11/26/2026").unwrap_err();
        assert_eq!(
            e.to_string(),
            "The date must be a real date: there is no month 26. Write the day first, then the month, like 25/11/2026."
        );
        let e = parse_date("joined_on", "26/11/26").unwrap_err();
        assert!(e.to_string().contains("in full, like 25/11/2026"), "{e}");
        for bad in [
            "",
            "tomorrow",
            "26.11.2026",
            "2026/11/26",
            "26-11-2026",
            "2026-11-5",
            "26/11",
            "1/1/0026",
            "32/01/2026",
        ] {
            let e = parse_date("started_on", bad).unwrap_err();
            assert_eq!(e.field(), Some("started_on"), "{bad}");
        }
        assert!(parse_date("x", "1/1/0026")
            .unwrap_err()
            .to_string()
            .contains("year 26"));
    }

    #[test]
    fn times_and_date_times_are_uk_and_24_hour() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(
            parse_datetime("starts_at", "26/11/2026 14:30").unwrap(),
            at("2026-11-26T14:30")
        );
        assert_eq!(
            parse_datetime("starts_at", "2026-11-26T09:05").unwrap(),
            at("2026-11-26T09:05")
        );
        assert_eq!(
            parse_datetime("starts_at", "26/11/2026 9.05").unwrap(),
            at("2026-11-26T09:05")
        );
        let e = parse_datetime("starts_at", "31/11/2026 10:00").unwrap_err();
        assert!(e.to_string().contains("November 2026 has 30 days"), "{e}");
        let e = parse_datetime("ends_at", "26/11/2026 25:00").unwrap_err();
        assert_eq!(e.field(), Some("ends_at"));
        assert!(e.to_string().contains("00:00 to 23:59"), "{e}");
        assert!(parse_datetime("ends_at", "26/11/2026 2pm").is_err());
        assert!(parse_datetime("ends_at", "26/11/2026").is_err());
        assert!(parse_time("t", "7:3").is_err());
    }

    #[test]
    fn months_are_exactly_yyyy_mm() {
        assert_eq!(parse_month("month", "2026-11").unwrap(), (2026, 11));
        for bad in [
            "",
            "26-11",
            "2026-1",
            "2026-13",
            "11/2026",
            "2026-11-01",
            "November",
        ] {
            let e = parse_month("month", bad).unwrap_err();
            assert_eq!(e.field(), Some("month"), "{bad}");
            assert!(e.to_string().contains("2026-11"), "{bad}: {e}");
        }
    }

    #[test]
    fn tax_year_starts_on_6_april() {
        assert_eq!(tax_year_start(d("2026-04-05")), d("2025-04-06"));
        assert_eq!(tax_year_start(d("2026-04-06")), d("2026-04-06"));
        assert_eq!(tax_year_start(d("2027-01-10")), d("2026-04-06"));
    }

    #[test]
    fn uk_formats() {
        assert_eq!(uk(d("2026-11-05")), "05/11/2026");
        assert_eq!(month_label("2026-10"), "October 2026");
        assert_eq!(months_before(d("2026-05-31"), 3), d("2026-02-28"));
    }
}
