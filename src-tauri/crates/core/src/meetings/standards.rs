//! A group's meeting standards, from its terms of reference: days of notice, when papers go
//! out, when agenda items reach the administrator, the longest meeting, and the start times
//! that suit parents. Read from what people type, and put back into words.

use chrono::NaiveTime;

use crate::model::{MeetingStandards, PapersRule, StandardsInput};
use crate::store::{CoreError, Result};
use crate::text::duration_text;

/// Reads the standards typed in the group's form. Blank numbers take the defaults.
pub fn parse(i: &StandardsInput) -> Result<MeetingStandards> {
    let d = MeetingStandards::default();
    let notice_days = whole(
        "notice_days",
        &i.notice_days,
        d.notice_days,
        365,
        "the days of notice",
    )?;
    let papers_rule = if i.papers_rule.trim().is_empty() {
        d.papers_rule
    } else {
        PapersRule::parse("papers_rule", &i.papers_rule)?
    };
    let papers_days = whole(
        "papers_days",
        &i.papers_days,
        d.papers_days,
        365,
        "how many days before papers go out",
    )?;
    let items_working_days = if i.items_working_days.trim().is_empty() {
        None
    } else {
        Some(whole(
            "items_working_days",
            &i.items_working_days,
            0,
            60,
            "how many working days before items reach the administrator",
        )?)
    };
    let longest_minutes = whole(
        "longest_minutes",
        &i.longest_minutes,
        d.longest_minutes,
        1440,
        "the longest meeting in minutes",
    )?;
    if longest_minutes == 0 {
        return Err(CoreError::invalid(
            "longest_minutes",
            "The longest meeting must be at least 1 minute.",
        ));
    }
    let earliest = time("earliest_start", &i.earliest_start)?;
    let latest = time("latest_start", &i.latest_start)?;
    if let (Some(a), Some(b)) = (earliest, latest) {
        if b < a {
            return Err(CoreError::invalid(
                "latest_start",
                "The latest start must be at or after the earliest start.",
            ));
        }
    }
    Ok(MeetingStandards {
        notice_days,
        papers_rule,
        papers_days,
        items_working_days,
        longest_minutes,
        earliest_start: earliest.map(hhmm),
        latest_start: latest.map(hhmm),
        avoid_school_holidays: i.avoid_school_holidays,
    })
}

/// The standards in words, one rule a line.
pub fn describe(s: &MeetingStandards) -> Vec<String> {
    let mut out = vec![format!(
        "At least {} of notice.",
        days(s.notice_days, false)
    )];
    out.push(format!(
        "Papers out at least {} before.",
        days(s.papers_days, s.papers_rule == PapersRule::WorkingDays)
    ));
    if let Some(n) = s.items_working_days {
        out.push(format!(
            "Agenda items and their papers to the administrator at least {} before.",
            days(n, true)
        ));
    }
    out.push(format!(
        "No longer than {}.",
        duration_text(s.longest_minutes)
    ));
    match (&s.earliest_start, &s.latest_start) {
        (Some(a), Some(b)) => out.push(format!(
            "Starting between {a} and {b}, times that suit parents."
        )),
        (Some(a), None) => out.push(format!("Starting no earlier than {a}.")),
        (None, Some(b)) => out.push(format!("Starting no later than {b}.")),
        (None, None) => {}
    }
    if s.avoid_school_holidays {
        out.push("Not in school holidays.".into());
    }
    out
}

/// "14 days", "1 working day".
pub fn days(n: i64, working: bool) -> String {
    let kind = if working { "working day" } else { "day" };
    if n == 1 {
        format!("1 {kind}")
    } else {
        format!("{n} {kind}s")
    }
}

pub fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn time(field: &str, text: &str) -> Result<Option<NaiveTime>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.replace('.', ":");
    NaiveTime::parse_from_str(&t, "%H:%M")
        .map(Some)
        .map_err(|_| {
            CoreError::invalid(
                field,
                format!(
                    "\"{}\" is not a time. Please write it like 09:30.",
                    text.trim()
                ),
            )
        })
}

fn whole(field: &str, text: &str, default: i64, max: i64, what: &str) -> Result<i64> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(default);
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => Ok(n),
        _ => Err(CoreError::invalid(
            field,
            format!("Please enter {what} as a whole number from 0 to {max}."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_the_old_standards() {
        let s = parse(&StandardsInput::default()).unwrap();
        assert_eq!(s, MeetingStandards::default());
        assert_eq!(
            describe(&s),
            vec![
                "At least 14 days of notice.",
                "Papers out at least 7 days before.",
                "No longer than 1 hour 30 minutes.",
                "Not in school holidays."
            ]
        );
    }

    #[test]
    fn the_handbooks_terms_of_reference() {
        let s = parse(&StandardsInput {
            notice_days: "14".into(),
            papers_rule: "days".into(),
            papers_days: "7".into(),
            items_working_days: "3".into(),
            longest_minutes: "90".into(),
            earliest_start: "9.30".into(),
            latest_start: "13:30".into(),
            avoid_school_holidays: true,
        })
        .unwrap();
        assert_eq!(s.items_working_days, Some(3));
        assert_eq!(s.earliest_start.as_deref(), Some("09:30"));
        assert!(describe(&s).contains(
            &"Agenda items and their papers to the administrator at least 3 working days before."
                .to_string()
        ));
    }

    #[test]
    fn bad_values_are_refused_next_to_their_field() {
        let bad = |f: fn(&mut StandardsInput), field: &str| {
            let mut i = StandardsInput::default();
            f(&mut i);
            let e = parse(&i).unwrap_err();
            assert_eq!(e.field(), Some(field), "{e}");
        };
        bad(|i| i.notice_days = "two weeks".into(), "notice_days");
        bad(|i| i.papers_rule = "fortnights".into(), "papers_rule");
        bad(|i| i.longest_minutes = "0".into(), "longest_minutes");
        bad(|i| i.earliest_start = "half nine".into(), "earliest_start");
        bad(
            |i| {
                i.earliest_start = "14:00".into();
                i.latest_start = "09:30".into();
            },
            "latest_start",
        );
    }
}
