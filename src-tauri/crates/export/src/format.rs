//! UK formats for money, dates and times, used by every export so they agree.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

/// Formats pence as UK money: 123456 -> "£1,234.56", -1200 -> "-£12.00".
pub fn money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}£{}", pounds_digits(pence.unsigned_abs(), true))
}

/// Formats pence as a plain number of pounds for finance systems: "1234.56", "-12.00".
pub fn pounds_plain(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}{}", pounds_digits(pence.unsigned_abs(), false))
}

/// Whole pounds with optional thousands commas, then two-digit pence.
fn pounds_digits(abs_pence: u64, commas: bool) -> String {
    let pounds = (abs_pence / 100).to_string();
    let pennies = abs_pence % 100;
    let pounds = if commas {
        group_thousands(&pounds)
    } else {
        pounds
    };
    format!("{pounds}.{pennies:02}")
}

/// "1234567" -> "1,234,567".
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A per-mile (or per-hour) rate in pence as people say it: 45 -> "45p", 150 -> "£1.50".
pub fn rate_pence(pence: i64) -> String {
    if pence.abs() < 100 {
        format!("{pence}p")
    } else {
        money(pence)
    }
}

/// Tenths of a mile as "24.0".
pub fn tenths(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let v = value.unsigned_abs();
    format!(
        "{sign}{}.{}",
        group_thousands(&(v / 10).to_string()),
        v % 10
    )
}

/// UK date: "25/11/2026".
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// UK date and time: "25/11/2026 14:30".
pub fn date_time(dt: NaiveDateTime) -> String {
    dt.format("%d/%m/%Y %H:%M").to_string()
}

/// "October 2026". Month is 1 to 12; anything else is shown as given.
pub fn month_name(year: i32, month: u32) -> String {
    const NAMES: [&str; 12] = [
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
    match NAMES.get((month as usize).wrapping_sub(1)) {
        Some(name) => format!("{name} {year}"),
        None => format!("Month {month} of {year}"),
    }
}

/// How many hours the UK clock is ahead of UTC at this instant (0 or 1).
///
/// British Summer Time runs from 01:00 UTC on the last Sunday of March to
/// 01:00 UTC on the last Sunday of October. We compute it rather than pull
/// in a time-zone database because this is the only zone the app needs.
pub fn uk_offset_hours(instant: DateTime<Utc>) -> i64 {
    let year = instant.year();
    let starts = last_sunday_1am_utc(year, 3);
    let ends = last_sunday_1am_utc(year, 10);
    match (starts, ends) {
        (Some(s), Some(e)) if instant >= s && instant < e => 1,
        _ => 0,
    }
}

/// 01:00 UTC on the last Sunday of the given month.
fn last_sunday_1am_utc(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let mut day = first_of_next.pred_opt()?;
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt()?;
    }
    Some(Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0)?))
}

/// The UK wall-clock time for an instant.
pub fn uk_local(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.naive_utc() + Duration::hours(uk_offset_hours(instant))
}

/// A PDF date string for an instant, in UK time with its offset:
/// "D:20261125143000+00'00'".
pub fn pdf_date(instant: DateTime<Utc>) -> String {
    let offset = uk_offset_hours(instant);
    let local = uk_local(instant);
    format!("D:{}+{:02}'00'", local.format("%Y%m%d%H%M%S"), offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats() {
        assert_eq!(money(123456), "£1,234.56");
        assert_eq!(money(-1200), "-£12.00");
        assert_eq!(money(5), "£0.05");
        assert_eq!(money(100_000_000), "£1,000,000.00");
        assert_eq!(pounds_plain(-1200), "-12.00");
        assert_eq!(pounds_plain(123456), "1234.56");
        assert_eq!(rate_pence(45), "45p");
        assert_eq!(tenths(240), "24.0");
        assert_eq!(tenths(123456), "12,345.6");
    }

    #[test]
    fn dates_and_bst() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(date(d), "25/11/2026");
        assert_eq!(
            date_time(d.and_hms_opt(14, 30, 0).unwrap()),
            "25/11/2026 14:30"
        );
        assert_eq!(month_name(2026, 10), "October 2026");
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        assert_eq!(uk_offset_hours(summer), 1);
        assert_eq!(uk_offset_hours(winter), 0);
        assert_eq!(pdf_date(summer), "D:20260701130000+01'00'");
        // 2026: BST starts 29 March, ends 25 October.
        let before = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(uk_offset_hours(before), 0);
        assert_eq!(uk_offset_hours(after), 1);
    }
}
