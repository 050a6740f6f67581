//! Reading dates as people type them, and writing them the UK way.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::store::{CoreError, Result};

/// Reads `2026-11-25` (what date pickers send) or `25/11/2026` (what people type).
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map_err(|_| {
            CoreError::invalid(
                field,
                format!("\"{t}\" is not a date. Please write it like 25/11/2026."),
            )
        })
}

/// Like [`parse_date`], but blank means "not known".
pub fn parse_optional_date(field: &str, text: &str) -> Result<Option<NaiveDate>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, text).map(Some)
    }
}

/// Reads `2026-11-25T14:30` (what datetime pickers send), with or without seconds.
pub fn parse_datetime(field: &str, text: &str) -> Result<NaiveDateTime> {
    let t = text.trim();
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%d/%m/%Y %H:%M"))
        .map_err(|_| {
            CoreError::invalid(
                field,
                format!("\"{t}\" is not a date and time. Please give both, like 25/11/2026 14:30."),
            )
        })
}

/// Reads a claim month, `YYYY-MM`.
pub fn parse_month(field: &str, text: &str) -> Result<(i32, u32)> {
    let t = text.trim();
    NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
        .map(|d| (d.year(), d.month()))
        .map_err(|_| {
            CoreError::invalid(
                field,
                format!("\"{t}\" is not a month. Please write it like 2026-11."),
            )
        })
}

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn iso_datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// 25/11/2026
pub fn uk(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
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
        let e = parse_date("joined_on", "31/02/2026").unwrap_err();
        assert_eq!(e.field(), Some("joined_on"));
        assert!(e.to_string().contains("25/11/2026"));
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
