//! Checking a meeting against its group's standards: notice, papers, agenda items to the
//! administrator, length, a start time and a day that suit parents (school hours, not in a
//! school holiday). What the group agreed as an exception is said instead of a warning.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use super::school_year::SchoolCalendar;
use super::standards::{days, parse_hhmm};
use super::working_days::{working_days_before, working_days_between};
use crate::model::{ExceptionKind, MeetingStandards, PapersRule};
use crate::text::dates::uk;
use crate::text::duration_text;

/// What is known about a meeting that the standards are about.
pub struct Facts<'a> {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub notice_sent: Option<NaiveDate>,
    pub papers_sent: Option<NaiveDate>,
    /// Agenda items' titles and when each reached the administrator.
    pub items: &'a [(String, Option<NaiveDate>)],
    /// Decides whether a missing notice or papers date is already late.
    pub today: NaiveDate,
}

/// One warning, and the exception that would cover it (if the group can agree one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Option<ExceptionKind>,
    pub text: String,
}

/// When notice, papers and agenda items are due for a meeting on `day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub notice: NaiveDate,
    pub papers: NaiveDate,
    pub items: Option<NaiveDate>,
}

pub fn deadlines(day: NaiveDate, s: &MeetingStandards, cal: &SchoolCalendar) -> Deadlines {
    let holidays = cal.bank_holiday_dates();
    Deadlines {
        notice: day - Duration::days(s.notice_days),
        papers: match s.papers_rule {
            PapersRule::Days => day - Duration::days(s.papers_days),
            PapersRule::WorkingDays => working_days_before(day, s.papers_days as u32, &holidays),
        },
        items: s
            .items_working_days
            .map(|n| working_days_before(day, n as u32, &holidays)),
    }
}

/// Every way the meeting falls short of the standards, in plain English.
pub fn findings(f: &Facts, s: &MeetingStandards, cal: &SchoolCalendar) -> Vec<Finding> {
    let mut out = Vec::new();
    let day = f.starts.date();
    let due = deadlines(day, s, cal);
    let holidays = cal.bank_holiday_dates();
    let mut add = |kind: Option<ExceptionKind>, text: String| out.push(Finding { kind, text });
    let notice_rule = format!(
        "The group's standard is at least {} of notice.",
        days(s.notice_days, false)
    );

    match f.notice_sent {
        Some(n) if n > due.notice => add(
            Some(ExceptionKind::ShortNotice),
            format!(
                "Short notice: notice went out on {}, {} before the meeting. {notice_rule}",
                uk(n),
                days_text((day - n).num_days())
            ),
        ),
        None if f.today > due.notice => add(
            Some(ExceptionKind::ShortNotice),
            format!(
                "No notice has been recorded, and the meeting is {}. {notice_rule}",
                when_text((day - f.today).num_days())
            ),
        ),
        _ => {}
    }

    let working = s.papers_rule == PapersRule::WorkingDays;
    let papers_rule = format!(
        "The group's standard is papers at least {} before (by {}).",
        days(s.papers_days, working),
        uk(due.papers)
    );
    match f.papers_sent {
        Some(p) if p > due.papers => {
            let ahead = if working {
                working_days_text(working_days_between(p, day, &holidays))
            } else {
                days_text((day - p).num_days())
            };
            add(
                Some(ExceptionKind::LatePapers),
                format!(
                    "Late papers: papers went out on {}, {ahead} before the meeting. {papers_rule}",
                    uk(p)
                ),
            )
        }
        None if f.today > due.papers => add(
            Some(ExceptionKind::LatePapers),
            format!(
                "No papers have been recorded, and the meeting is {}. {papers_rule}",
                when_text((day - f.today).num_days())
            ),
        ),
        _ => {}
    }

    if let (Some(items_due), Some(n)) = (due.items, s.items_working_days) {
        for (title, received) in f.items {
            if let Some(r) = received.filter(|r| *r > items_due) {
                add(
                    Some(ExceptionKind::LatePapers),
                    format!(
                        "Late agenda item: \u{201c}{title}\u{201d} reached the administrator on {}. Items and their papers are due {} before, by {}.",
                        uk(r),
                        days(n, true),
                        uk(items_due)
                    ),
                );
            }
        }
    }

    let minutes = (f.ends - f.starts).num_minutes();
    if minutes > s.longest_minutes {
        add(
            Some(ExceptionKind::LongMeeting),
            format!(
                "Long meeting: {} long. The group's standard is no longer than {}.",
                duration_text(minutes),
                duration_text(s.longest_minutes)
            ),
        );
    }

    // When parents can come: the group's start times, school days, not a school holiday.
    let window = (
        s.earliest_start.as_deref().and_then(parse_hhmm),
        s.latest_start.as_deref().and_then(parse_hhmm),
    );
    let start = f.starts.time();
    let outside = window.0.is_some_and(|a| start < a) || window.1.is_some_and(|b| start > b);
    if outside {
        let times = match (&s.earliest_start, &s.latest_start) {
            (Some(a), Some(b)) => format!("starting between {a} and {b}"),
            (Some(a), None) => format!("starting no earlier than {a}"),
            (None, Some(b)) => format!("starting no later than {b}"),
            (None, None) => String::new(),
        };
        add(
            None,
            format!(
                "Starts at {}: the times that suit parents for this group are {times}.",
                start.format("%H:%M")
            ),
        );
    }
    if (window.0.is_some() || window.1.is_some())
        && matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    {
        add(
            None,
            format!(
                "On a {}: this group meets in school hours, on school days.",
                day.format("%A")
            ),
        );
    }
    if let Some(name) = cal.bank_holiday(day) {
        add(None, format!("On a bank holiday ({name}, {}).", uk(day)));
    }
    if s.avoid_school_holidays {
        if let Some(h) = cal.school_holiday(day) {
            add(
                None,
                format!("In a school holiday: {} is in {h}, when parent carers' children are off school.", uk(day)),
            );
        } else if !cal.terms.is_empty() && !cal.covers(day) {
            add(
                None,
                format!(
                    "No school term dates are entered for {}, so Forum Desk cannot tell whether it is in a school holiday. Add them under Groups, School terms.",
                    uk(day)
                ),
            );
        }
    }
    out
}

/// An agreed exception in words: "Called at short notice because the consultation closes on
/// Friday, agreed by Cllr Moss (ESCC) and Siobhán O'Brien (ESPCF) on 02/11/2026."
pub fn exception_text(
    kind: ExceptionKind,
    reason: &str,
    agreed_by: &str,
    agreed_on: Option<NaiveDate>,
) -> String {
    let opening = match kind {
        ExceptionKind::ShortNotice => "Called at short notice",
        ExceptionKind::LatePapers => "Papers sent late",
        ExceptionKind::LongMeeting => "Allowed to run longer than usual",
    };
    let on = agreed_on
        .map(|d| format!(" on {}", uk(d)))
        .unwrap_or_default();
    format!(
        "{opening} because {}, agreed by {}{on}.",
        as_clause(reason),
        agreed_by.trim().trim_end_matches('.')
    )
}

/// A reason typed as a sentence, fitted after "because": its full stop goes, and a capital
/// on an ordinary first word ("The", "Our") is lowered; names and acronyms are left alone.
fn as_clause(reason: &str) -> String {
    let r = reason.trim().trim_end_matches('.').trim();
    const ORDINARY: [&str; 13] = [
        "The", "A", "An", "Our", "This", "That", "These", "There", "It", "Its", "We", "Of", "To",
    ];
    let first = r.split_whitespace().next().unwrap_or("");
    let r = if first.eq_ignore_ascii_case("because") {
        r[first.len()..].trim_start().to_string()
    } else {
        r.to_string()
    };
    let first = r.split_whitespace().next().unwrap_or("");
    if ORDINARY.contains(&first) {
        let mut c = r.chars();
        c.next()
            .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    } else {
        r
    }
}

fn days_text(days: i64) -> String {
    match days {
        d if d < 0 => "after the meeting had started".to_string(),
        0 => "on the day".to_string(),
        1 => "1 day".to_string(),
        d => format!("{d} days"),
    }
}

fn working_days_text(n: i64) -> String {
    match n {
        0 => "no working days".to_string(),
        1 => "1 working day".to_string(),
        n => format!("{n} working days"),
    }
}

fn when_text(days: i64) -> String {
    match days {
        d if d < 0 => "already past".to_string(),
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        d => format!("in {d} days"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::meetings::school_year::Term;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn texts(f: &[Finding]) -> Vec<String> {
        f.iter().map(|f| f.text.clone()).collect()
    }

    fn facts<'a>(
        starts: &str,
        ends: &str,
        notice: Option<&str>,
        papers: Option<&str>,
        today: &str,
    ) -> Facts<'a> {
        Facts {
            starts: dt(starts),
            ends: dt(ends),
            notice_sent: notice.map(d),
            papers_sent: papers.map(d),
            items: &[],
            today: d(today),
        }
    }

    #[test]
    fn good_meeting_has_no_warnings() {
        let f = facts(
            "2026-11-20T10:00",
            "2026-11-20T11:30",
            Some("2026-11-06"),
            Some("2026-11-13"),
            "2026-11-01",
        );
        let w = findings(&f, &MeetingStandards::default(), &SchoolCalendar::default());
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn short_notice_late_papers_and_long_meetings_are_flagged() {
        let f = facts(
            "2026-11-20T10:00",
            "2026-11-20T11:31",
            Some("2026-11-07"),
            Some("2026-11-14"),
            "2026-11-01",
        );
        let w = findings(&f, &MeetingStandards::default(), &SchoolCalendar::default());
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(w[0].kind, Some(ExceptionKind::ShortNotice));
        assert!(w[0].text.contains("13 days"));
        assert_eq!(w[1].kind, Some(ExceptionKind::LatePapers));
        assert!(w[1].text.contains("6 days"));
        assert_eq!(w[2].kind, Some(ExceptionKind::LongMeeting));
        assert!(w[2].text.contains("1 hour 31 minutes"));
    }

    #[test]
    fn missing_dates_only_warn_once_late() {
        let cal = SchoolCalendar::default();
        let s = MeetingStandards::default();
        let f = facts(
            "2026-11-30T10:00",
            "2026-11-30T11:00",
            None,
            None,
            "2026-11-01",
        );
        assert!(findings(&f, &s, &cal).is_empty());
        let f = facts(
            "2026-11-30T10:00",
            "2026-11-30T11:00",
            None,
            None,
            "2026-11-25",
        );
        assert_eq!(findings(&f, &s, &cal).len(), 2);
    }

    #[test]
    fn a_groups_own_standards_are_used() {
        let s = MeetingStandards {
            notice_days: 7,
            papers_rule: PapersRule::WorkingDays,
            papers_days: 3,
            longest_minutes: 120,
            ..Default::default()
        };
        let mut cal = SchoolCalendar::default();
        cal.bank_holidays
            .insert(d("2026-04-03"), "Good Friday".into());
        cal.bank_holidays
            .insert(d("2026-04-06"), "Easter Monday".into());
        // Tuesday 7 April 2026: papers due by Tuesday 31 March (Easter in between).
        let due = deadlines(d("2026-04-07"), &s, &cal);
        assert_eq!(due.papers, d("2026-03-31"));
        assert_eq!(due.notice, d("2026-03-31"));
        let on_time = facts(
            "2026-04-07T10:00",
            "2026-04-07T12:00",
            Some("2026-03-31"),
            Some("2026-03-31"),
            "2026-03-01",
        );
        assert!(findings(&on_time, &s, &cal).is_empty());
        let late = facts(
            "2026-04-07T10:00",
            "2026-04-07T12:00",
            Some("2026-03-31"),
            Some("2026-04-01"),
            "2026-03-01",
        );
        let w = texts(&findings(&late, &s, &cal));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("2 working days before"), "{w:?}");
        assert!(
            w[0].contains("at least 3 working days before (by 31/03/2026)"),
            "{w:?}"
        );
    }

    #[test]
    fn items_to_the_administrator_by_working_days() {
        let s = MeetingStandards {
            items_working_days: Some(3),
            ..Default::default()
        };
        let items = vec![
            ("On time".to_string(), Some(d("2026-11-09"))),
            ("Late".to_string(), Some(d("2026-11-10"))),
            ("Not recorded".to_string(), None),
        ];
        let f = Facts {
            items: &items,
            ..facts(
                "2026-11-12T10:00",
                "2026-11-12T11:00",
                Some("2026-10-01"),
                Some("2026-10-01"),
                "2026-10-01",
            )
        };
        let w = findings(&f, &s, &SchoolCalendar::default());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].kind, Some(ExceptionKind::LatePapers));
        assert!(
            w[0].text.contains("\u{201c}Late\u{201d}") && w[0].text.contains("by 09/11/2026"),
            "{w:?}"
        );
    }

    #[test]
    fn times_weekends_bank_and_school_holidays() {
        let s = MeetingStandards {
            earliest_start: Some("09:30".into()),
            latest_start: Some("13:30".into()),
            ..Default::default()
        };
        let cal = SchoolCalendar {
            bank_holidays: BTreeMap::from([(d("2026-08-31"), "Summer bank holiday".to_string())]),
            terms: vec![Term {
                name: "Autumn term 2026".into(),
                starts: d("2026-09-03"),
                ends: d("2026-12-18"),
                half_term: Some((d("2026-10-26"), d("2026-10-30"))),
            }],
        };
        let at = |start: &str, end: &str| {
            let f = facts(
                start,
                end,
                Some("2026-01-01"),
                Some("2026-01-01"),
                "2026-01-01",
            );
            texts(&findings(&f, &s, &cal))
        };
        assert!(at("2026-11-11T10:00", "2026-11-11T11:30").is_empty());
        let w = at("2026-11-11T18:30", "2026-11-11T20:00");
        assert_eq!(w, vec!["Starts at 18:30: the times that suit parents for this group are starting between 09:30 and 13:30."]);
        let w = at("2026-11-14T10:00", "2026-11-14T11:00");
        assert_eq!(
            w,
            vec!["On a Saturday: this group meets in school hours, on school days."]
        );
        let w = at("2026-10-28T10:00", "2026-10-28T11:00");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with(
                "In a school holiday: 28/10/2026 is in the Autumn term 2026 half term"
            ),
            "{w:?}"
        );
        let w = at("2026-08-31T10:00", "2026-08-31T11:00");
        assert!(
            w.contains(&"On a bank holiday (Summer bank holiday, 31/08/2026).".to_string()),
            "{w:?}"
        );
        // After the last term entered: say the dates are missing rather than guess.
        let w = at("2027-01-12T10:00", "2027-01-12T11:00");
        assert!(
            w[0].starts_with("No school term dates are entered for 12/01/2027"),
            "{w:?}"
        );
    }

    #[test]
    fn exceptions_read_as_one_sentence() {
        assert_eq!(
            exception_text(
                ExceptionKind::ShortNotice,
                "The DfE consultation closes before the next meeting.",
                "Cllr Janet Moss (ESCC) and Siobhán O'Brien (ESPCF)",
                Some(d("2026-11-02"))
            ),
            "Called at short notice because the DfE consultation closes before the next meeting, agreed by Cllr Janet Moss (ESCC) and Siobhán O'Brien (ESPCF) on 02/11/2026."
        );
        assert_eq!(
            exception_text(ExceptionKind::LongMeeting, "because SEND Strategy sign-off needs two hours", "the group", None),
            "Allowed to run longer than usual because SEND Strategy sign-off needs two hours, agreed by the group."
        );
        assert_eq!(
            exception_text(
                ExceptionKind::LatePapers,
                "DfE guidance arrived late",
                "the chair",
                None
            ),
            "Papers sent late because DfE guidance arrived late, agreed by the chair."
        );
    }
}
