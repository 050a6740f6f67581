//! The meeting standards forums agreed with their partners: two weeks' notice, papers a week
//! ahead, no longer than an hour and a half; and whose turn it is to chair and take notes.

use chrono::{NaiveDate, NaiveDateTime};

use crate::text::dates::uk;
use crate::text::duration_text;

pub const NOTICE_DAYS: i64 = 14;
pub const PAPERS_DAYS: i64 = 7;
pub const LONGEST_MINUTES: i64 = 90;

/// Plain-English warnings about how a meeting was called. `today` decides whether a missing
/// notice or papers date is already late.
pub fn warnings(
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    notice_sent: Option<NaiveDate>,
    papers_sent: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<String> {
    let mut out = Vec::new();
    let day = starts.date();
    match notice_sent {
        Some(n) => {
            let days = (day - n).num_days();
            if days < NOTICE_DAYS {
                out.push(format!(
                    "Short notice: notice went out on {}, {} before the meeting. The agreed standard is at least two weeks.",
                    uk(n),
                    days_text(days)
                ));
            }
        }
        None if (day - today).num_days() < NOTICE_DAYS => out.push(format!(
            "No notice has been recorded, and the meeting is {}. The agreed standard is at least two weeks' notice.",
            when_text((day - today).num_days())
        )),
        None => {}
    }
    match papers_sent {
        Some(p) => {
            let days = (day - p).num_days();
            if days < PAPERS_DAYS {
                out.push(format!(
                    "Late papers: papers went out on {}, {} before the meeting. The agreed standard is at least a week.",
                    uk(p),
                    days_text(days)
                ));
            }
        }
        None if (day - today).num_days() < PAPERS_DAYS => out.push(format!(
            "No papers have been recorded, and the meeting is {}. Papers should go out a week ahead.",
            when_text((day - today).num_days())
        )),
        None => {}
    }
    let minutes = (ends - starts).num_minutes();
    if minutes > LONGEST_MINUTES {
        out.push(format!(
            "Long meeting: {} long. The agreed standard is no longer than an hour and a half.",
            duration_text(minutes)
        ));
    }
    out
}

/// The organisation after `last` in the group's rotation, or the first one.
pub fn next_in_rotation(orgs: &[String], last: Option<&str>) -> Option<String> {
    if orgs.is_empty() {
        return None;
    }
    let next = match last.and_then(|l| orgs.iter().position(|o| o.eq_ignore_ascii_case(l.trim()))) {
        Some(i) => (i + 1) % orgs.len(),
        None => 0,
    };
    Some(orgs[next].clone())
}

fn days_text(days: i64) -> String {
    match days {
        d if d < 0 => "after the meeting had started".to_string(),
        0 => "on the day".to_string(),
        1 => "1 day".to_string(),
        d => format!("{d} days"),
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
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn good_meeting_has_no_warnings() {
        let w = warnings(
            dt("2026-11-20T10:00"),
            dt("2026-11-20T11:30"),
            Some(d("2026-11-06")),
            Some(d("2026-11-13")),
            d("2026-11-01"),
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn short_notice_late_papers_and_long_meetings_are_flagged() {
        let w = warnings(
            dt("2026-11-20T10:00"),
            dt("2026-11-20T11:31"),
            Some(d("2026-11-07")),
            Some(d("2026-11-14")),
            d("2026-11-01"),
        );
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("13 days"));
        assert!(w[1].contains("6 days"));
        assert!(w[2].contains("1 hour 31 minutes"));
    }

    #[test]
    fn missing_dates_only_warn_once_late() {
        let start = dt("2026-11-30T10:00");
        let end = dt("2026-11-30T11:00");
        assert!(warnings(start, end, None, None, d("2026-11-01")).is_empty());
        let w = warnings(start, end, None, None, d("2026-11-25"));
        assert_eq!(w.len(), 2, "{w:?}");
    }

    #[test]
    fn rotation_moves_to_the_next_partner() {
        let orgs = vec!["Council".to_string(), "Forum".to_string()];
        assert_eq!(next_in_rotation(&orgs, None).as_deref(), Some("Council"));
        assert_eq!(
            next_in_rotation(&orgs, Some("council")).as_deref(),
            Some("Forum")
        );
        assert_eq!(
            next_in_rotation(&orgs, Some("Forum")).as_deref(),
            Some("Council")
        );
        assert_eq!(next_in_rotation(&[], Some("Forum")), None);
    }
}
