//! Meetings as an iCalendar file (RFC 5545) people can add to their calendars.
//!
//! Written by hand because it is small: CRLF line endings, lines folded at
//! 75 octets (never inside a UTF-8 character), text escaped, times in
//! Europe/London with a VTIMEZONE so calendars in any zone show the right
//! hour, and a stable UID per meeting so re-importing updates rather than
//! duplicates.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// One meeting for the calendar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IcsMeeting {
    /// The meeting's database id; makes the UID "meeting-42@forumdesk.local".
    pub id: i64,
    pub title: String,
    /// The group that meets, added to the description.
    pub group_name: Option<String>,
    /// Start, UK time.
    pub starts_at: NaiveDateTime,
    /// End, UK time. If missing the event lasts an hour.
    pub ends_at: Option<NaiveDateTime>,
    pub location: Option<String>,
    pub online_link: Option<String>,
    pub description: Option<String>,
    /// True when the meeting has been cancelled (STATUS:CANCELLED).
    pub cancelled: bool,
}

const TZID: &str = "Europe/London";

/// The calendar text for the given meetings. `now` becomes DTSTAMP.
pub fn meeting_ics(meetings: &[IcsMeeting], now: DateTime<Utc>) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Forum Desk//Meetings//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    lines.extend(vtimezone());
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for m in meetings {
        let end = m
            .ends_at
            .unwrap_or(m.starts_at + chrono::Duration::hours(1));
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:meeting-{}@forumdesk.local", m.id));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;TZID={TZID}:{}", local(m.starts_at)));
        lines.push(format!("DTEND;TZID={TZID}:{}", local(end)));
        lines.push(format!("SUMMARY:{}", escape(&m.title)));
        if let Some(loc) = m.location.as_deref().filter(|s| !s.trim().is_empty()) {
            lines.push(format!("LOCATION:{}", escape(loc)));
        } else if let Some(link) = m.online_link.as_deref().filter(|s| !s.trim().is_empty()) {
            lines.push(format!("LOCATION:{}", escape(link)));
        }
        let mut desc = Vec::new();
        if let Some(g) = m.group_name.as_deref().filter(|s| !s.trim().is_empty()) {
            desc.push(format!("Group: {g}"));
        }
        if let Some(d) = m.description.as_deref().filter(|s| !s.trim().is_empty()) {
            desc.push(d.to_string());
        }
        if let Some(link) = m.online_link.as_deref().filter(|s| !s.trim().is_empty()) {
            desc.push(format!("Join online: {link}"));
            // URL is a URI value: no text escaping, but it must not break lines.
            lines.push(format!("URL:{}", link.replace(['\r', '\n'], "")));
        }
        if !desc.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(&desc.join("\n"))));
        }
        if m.cancelled {
            lines.push("STATUS:CANCELLED".into());
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
        out.push_str("\r\n");
    }
    out
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The UK rules: BST from the last Sunday in March, GMT from the last
/// Sunday in October.
fn vtimezone() -> Vec<String> {
    [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:BST",
        "DTSTART:19810329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "TZNAME:GMT",
        "DTSTART:19961027T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so no physical line exceeds 75 octets; continuation
/// lines start with one space (which counts towards their 75).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_escaping() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let long = format!("DESCRIPTION:{}", "Zoë ".repeat(40));
        let folded = fold(&long);
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), long);
    }
}
