//! Working days: Monday to Friday, except bank holidays. "Three working days before" a
//! Tuesday after Easter is the Tuesday before Good Friday.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Whether `d` is a working day.
pub fn is_working_day(d: NaiveDate, bank_holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !bank_holidays.contains(&d)
}

/// The date `n` working days before `day` (counting back from the day before it). With
/// `n = 0` it is `day` itself.
pub fn working_days_before(
    day: NaiveDate,
    n: u32,
    bank_holidays: &BTreeSet<NaiveDate>,
) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d -= Duration::days(1);
        if is_working_day(d, bank_holidays) {
            left -= 1;
        }
    }
    d
}

/// How many working days fall from `from` (included) up to `to` (not included): papers sent on
/// a Monday for a Thursday meeting went out 3 working days before it. Papers are on time for
/// an `n` working days rule exactly when this is at least `n`.
pub fn working_days_between(
    from: NaiveDate,
    to: NaiveDate,
    bank_holidays: &BTreeSet<NaiveDate>,
) -> i64 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        if is_working_day(d, bank_holidays) {
            n += 1;
        }
        d += Duration::days(1);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// England and Wales, 2026-2027, as the migration seeds them.
    fn holidays() -> BTreeSet<NaiveDate> {
        [
            "2026-04-03",
            "2026-04-06",
            "2026-05-04",
            "2026-05-25",
            "2026-08-31",
            "2026-12-25",
            "2026-12-28",
            "2027-01-01",
            "2027-03-26",
            "2027-03-29",
            "2027-12-27",
            "2027-12-28",
        ]
        .iter()
        .map(|s| d(s))
        .collect()
    }

    #[test]
    fn an_ordinary_week() {
        let h = holidays();
        // Thursday 12 November 2026: three working days before is Monday 9th.
        assert_eq!(working_days_before(d("2026-11-12"), 3, &h), d("2026-11-09"));
        // Monday 16th: Wednesday, Thursday, Friday of the week before.
        assert_eq!(working_days_before(d("2026-11-16"), 3, &h), d("2026-11-11"));
        assert_eq!(working_days_before(d("2026-11-16"), 0, &h), d("2026-11-16"));
        assert!(!is_working_day(d("2026-11-14"), &h));
    }

    #[test]
    fn easter_weekend_skips_good_friday_and_easter_monday() {
        let h = holidays();
        // Tuesday 7 April 2026: Mon 6 (Easter Monday), Fri 3 (Good Friday) skipped; Thu 2,
        // Wed 1, Tue 31 March.
        assert_eq!(working_days_before(d("2026-04-07"), 3, &h), d("2026-03-31"));
        // Without the bank holidays it would be Thursday 2 April.
        assert_eq!(
            working_days_before(d("2026-04-07"), 3, &BTreeSet::new()),
            d("2026-04-02")
        );
        assert!(!is_working_day(d("2026-04-03"), &h));
        assert!(!is_working_day(d("2026-04-06"), &h));
    }

    #[test]
    fn late_may_bank_holiday_weekend() {
        let h = holidays();
        // Wednesday 27 May 2026: Tue 26, (Mon 25 spring bank holiday), Fri 22, Thu 21.
        assert_eq!(working_days_before(d("2026-05-27"), 3, &h), d("2026-05-21"));
        // Tuesday 1 June 2027 has no bank holiday in the list above: Fri 28, Thu 27, Wed 26
        // May (the real 31 May 2027 is a Monday off, seeded in the migration).
        assert_eq!(working_days_before(d("2027-06-01"), 3, &h), d("2027-05-27"));
        let mut with = h.clone();
        with.insert(d("2027-05-31"));
        assert_eq!(
            working_days_before(d("2027-06-01"), 3, &with),
            d("2027-05-26")
        );
    }

    #[test]
    fn christmas_and_boxing_day_substitutes() {
        let h = holidays();
        // Christmas 2026 is a Friday, Boxing Day a Saturday: Monday 28th is the substitute.
        // Wednesday 30 December: Tue 29, Thu 24, Wed 23.
        assert_eq!(working_days_before(d("2026-12-30"), 3, &h), d("2026-12-23"));
        // Christmas 2027 is a Saturday: Monday 27th and Tuesday 28th are substitutes.
        // Thursday 30 December 2027: Wed 29, Fri 24, Thu 23.
        assert_eq!(working_days_before(d("2027-12-30"), 3, &h), d("2027-12-23"));
        // New Year's Day 2027 (Friday) too: Tuesday 5 January 2027 -> Mon 4, Thu 31, Wed 30.
        assert_eq!(working_days_before(d("2027-01-05"), 3, &h), d("2026-12-30"));
    }

    #[test]
    fn counting_working_days_between_two_dates() {
        let h = holidays();
        // Papers on Monday 9 November for Thursday 12th: 3 working days ahead.
        assert_eq!(
            working_days_between(d("2026-11-09"), d("2026-11-12"), &h),
            3
        );
        // Papers on Thursday 2 April 2026 for Tuesday 7th: only 1 (Easter in between).
        assert_eq!(
            working_days_between(d("2026-04-02"), d("2026-04-07"), &h),
            1
        );
        assert_eq!(
            working_days_between(d("2026-11-12"), d("2026-11-12"), &h),
            0
        );
    }
}
