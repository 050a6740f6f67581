//! Meeting notes as a PDF: who came, whether the meeting could make
//! decisions, what was decided and who will do what.
//!
//! Drafts carry a large "DRAFT" watermark on every page and never a
//! signature panel, so an unfinished record cannot be mistaken for the
//! agreed one. Notes can come in two versions, each saying at the top which
//! it is: the full notes, and a shareable version from which the caller has
//! left confidential items out.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::fonts::Weight;
use crate::format;
use crate::layout::{Column, PageWriter, Row, Table, BODY};
use crate::progress::Progress;
use crate::SignaturePanel;

/// Everything needed to print one meeting's notes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeetingNotesInput {
    pub forum_name: String,
    /// The group or board that met, e.g. "SEND Partnership Board".
    pub group_name: String,
    /// The meeting's title, e.g. "Autumn board meeting".
    pub title: String,
    /// Start (UK time).
    pub starts_at: NaiveDateTime,
    /// End (UK time), if known.
    pub ends_at: Option<NaiveDateTime>,
    /// Where it was held, e.g. "County Hall, Room 4".
    pub place: Option<String>,
    /// Video call link for online or hybrid meetings.
    pub online_link: Option<String>,
    pub chair: Option<PersonRef>,
    pub note_taker: Option<PersonRef>,
    /// Members of the group present.
    pub attendees: Vec<Attendee>,
    /// Guests present: not members of the group, so not counted towards quoracy.
    #[serde(default)]
    pub guests: Vec<Attendee>,
    /// People who sent apologies.
    pub apologies: Vec<PersonRef>,
    /// Whether the meeting was quorate, worked out by the core rules.
    pub quorum: Option<Quorum>,
    /// When notice and papers went out, with any warnings about short notice.
    pub notice: NoticeInfo,
    pub agenda: Vec<AgendaItem>,
    pub decisions: Vec<Decision>,
    /// Actions agreed at this meeting.
    pub actions: Vec<ActionItem>,
    /// Actions from earlier meetings that are still open.
    pub carried_over_actions: Vec<CarriedAction>,
    /// When the notes were finalised (UK time); `None` while still a draft.
    pub finalised_at: Option<NaiveDateTime>,
    /// Drafts get a "DRAFT" watermark and no signature panel.
    pub draft: bool,
    /// When the PDF is generated (goes into the PDF's dates).
    pub generated_at: DateTime<Utc>,
    /// Visible signature box for the last page. Ignored for drafts.
    pub signature_panel: Option<SignaturePanel>,
    /// Which version these are, shown at the top and in the footer, e.g. "Shareable notes
    /// — confidential items removed".
    #[serde(default)]
    pub version_mark: Option<String>,
    /// When the notes were sent to the partners.
    #[serde(default)]
    pub notes_sent_on: Option<NaiveDate>,
    /// Each signing-off partner, and its agreement if given.
    #[serde(default)]
    pub sign_off: Vec<PartnerSignOff>,
}

/// One partner's agreement to the notes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PartnerSignOff {
    pub organisation: String,
    /// Who agreed them for the partner, and when; `None` while not yet agreed.
    pub agreed_by: Option<String>,
    pub agreed_on: Option<NaiveDate>,
}

/// A person and, optionally, who they represent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PersonRef {
    pub name: String,
    pub organisation: Option<String>,
}

impl PersonRef {
    /// "Zoë Clarke (Northshire PCF)".
    pub fn display(&self) -> String {
        match &self.organisation {
            Some(o) if !o.trim().is_empty() => format!("{} ({o})", self.name),
            _ => self.name.clone(),
        }
    }
}

/// Someone present at the meeting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub organisation: Option<String>,
    /// Their role at the meeting, e.g. "Parent carer rep", if any.
    pub role: Option<String>,
}

/// Whether the meeting could make decisions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Quorum {
    pub quorate: bool,
    /// The rule, e.g. "At least 3 voting members, including 1 parent carer".
    pub rule: String,
    /// Why it was or was not met, e.g. "4 voting members present, 2 parent carers".
    pub reason: String,
}

/// Notice and papers.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct NoticeInfo {
    pub notice_sent_on: Option<NaiveDate>,
    pub papers_sent_on: Option<NaiveDate>,
    /// Warnings worked out by the core, e.g. "Papers were sent 3 days before
    /// the meeting; the terms of reference ask for 7."
    pub warnings: Vec<String>,
    /// Exceptions the group agreed, shown instead of their warnings, e.g.
    /// "Called at short notice because …, agreed by …."
    #[serde(default)]
    pub agreed_exceptions: Vec<String>,
}

/// One agenda item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgendaItem {
    pub title: String,
    /// Discussion notes for the item, if any.
    pub notes: Option<String>,
}

/// A decision made at the meeting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decision {
    pub text: String,
    /// The agenda item it belongs to, if recorded.
    pub agenda_item: Option<String>,
}

/// An action agreed at this meeting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionItem {
    pub description: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    /// Plain-English status, e.g. "Open", "Done".
    pub status: String,
}

/// An action from an earlier meeting that is still open.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CarriedAction {
    pub description: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub status: String,
    /// Where it came from, e.g. "Summer board meeting, 14/07/2026".
    pub from_meeting: String,
}

/// Renders the notes as an unsigned PDF.
pub fn render_meeting_notes(input: &MeetingNotesInput) -> Result<Vec<u8>> {
    render_meeting_notes_with(input, &Progress::new())
}

/// [`render_meeting_notes`], counting pages in `progress` as they are drawn and stopping
/// with [`crate::ExportError::Cancelled`] at the next page once it is cancelled.
pub fn render_meeting_notes_with(
    input: &MeetingNotesInput,
    progress: &Progress,
) -> Result<Vec<u8>> {
    let when = format::date(input.starts_at.date());
    let mut footer = format!("{} · {}, {when}", input.forum_name, input.title);
    if let Some(mark) = &input.version_mark {
        let short = mark.split(" — ").next().unwrap_or(mark);
        footer.push_str(&format!(" · {short}"));
    }
    let watermark = input.draft.then_some("DRAFT");
    let mut w = PageWriter::new(
        &format!("{} notes, {when}", input.title),
        footer,
        watermark,
        input.generated_at,
    )?;

    header(&mut w, input);
    attendance(&mut w, input);
    quorum_and_notice(&mut w, input);
    agenda(&mut w, input);
    decisions(&mut w, input);
    actions(
        &mut w,
        "Actions agreed at this meeting",
        &action_rows(&input.actions),
        false,
    );
    let carried: Vec<Row> = input
        .carried_over_actions
        .iter()
        .map(|a| {
            Row::plain(vec![
                a.description.clone(),
                a.owner.clone(),
                a.due_on
                    .map(format::date)
                    .unwrap_or_else(|| "No date".into()),
                a.status.clone(),
                a.from_meeting.clone(),
            ])
        })
        .collect();
    actions(
        &mut w,
        "Open actions carried over from earlier meetings",
        &carried,
        true,
    );

    w.heading("Status of these notes", 2);
    if let Some(mark) = &input.version_mark {
        w.paragraph(&format!("{mark}."), BODY, Weight::Regular);
    }
    match (input.draft, input.finalised_at) {
        (false, Some(at)) => w.paragraph(
            &format!("Finalised on {}.", format::date_time(at)),
            BODY,
            Weight::Regular,
        ),
        (false, None) => w.paragraph("Final notes.", BODY, Weight::Regular),
        (true, _) => w.paragraph(
            "These are draft notes. They have not been agreed and may change.",
            BODY,
            Weight::Bold,
        ),
    }
    sign_off(&mut w, input);
    if !input.draft {
        if let Some(panel) = &input.signature_panel {
            w.signature_panel(panel);
        }
    }
    w.finish_with(progress)
}

fn header(w: &mut PageWriter, input: &MeetingNotesInput) {
    let kind = if input.draft { "Draft notes" } else { "Notes" };
    w.paragraph(
        &format!("{kind} of meeting · {}", input.group_name),
        BODY,
        Weight::Regular,
    );
    w.heading(&input.title, 1);
    if let Some(mark) = &input.version_mark {
        w.paragraph(mark, BODY + 1.0, Weight::Bold);
        w.space(4.0);
    }
    w.label_value("Group", &input.group_name);
    let mut when = format::date_time(input.starts_at);
    if let Some(end) = input.ends_at {
        if end.date() == input.starts_at.date() {
            when.push_str(&format!(" to {}", end.format("%H:%M")));
        } else {
            when.push_str(&format!(" to {}", format::date_time(end)));
        }
    }
    w.label_value("Date and time", &when);
    if let Some(p) = &input.place {
        w.label_value("Place", p);
    }
    if let Some(link) = &input.online_link {
        w.label_value("Online link", link);
    }
    w.label_value(
        "Chair",
        &input
            .chair
            .as_ref()
            .map_or("Not recorded".into(), PersonRef::display),
    );
    w.label_value(
        "Notes taken by",
        &input
            .note_taker
            .as_ref()
            .map_or("Not recorded".into(), PersonRef::display),
    );
}

fn attendance(w: &mut PageWriter, input: &MeetingNotesInput) {
    w.heading("Attendance", 2);
    if input.attendees.is_empty() {
        w.paragraph("No attendance was recorded.", BODY, Weight::Regular);
    }
    // Group by organisation, in the order organisations first appear.
    let mut groups: Vec<(String, Vec<&Attendee>)> = Vec::new();
    for a in &input.attendees {
        let org = a
            .organisation
            .clone()
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| "No organisation recorded".to_string());
        match groups.iter_mut().find(|(o, _)| *o == org) {
            Some((_, list)) => list.push(a),
            None => groups.push((org, vec![a])),
        }
    }
    for (org, people) in groups {
        w.heading(&format!("{org} ({})", people.len()), 3);
        for p in people {
            match &p.role {
                Some(r) if !r.trim().is_empty() => w.bullet(&format!("{}, {r}", p.name)),
                _ => w.bullet(&p.name),
            }
        }
    }
    w.heading("Apologies", 3);
    if input.apologies.is_empty() {
        w.paragraph("None.", BODY, Weight::Regular);
    }
    for p in &input.apologies {
        w.bullet(&p.display());
    }
    if !input.guests.is_empty() {
        w.heading(&format!("Guests ({})", input.guests.len()), 3);
        w.paragraph(
            "Guests are not members of the group and do not count towards quoracy.",
            BODY,
            Weight::Regular,
        );
        for g in &input.guests {
            let who = PersonRef {
                name: g.name.clone(),
                organisation: g.organisation.clone(),
            }
            .display();
            match &g.role {
                Some(r) if !r.trim().is_empty() => w.bullet(&format!("{who}, {r}")),
                _ => w.bullet(&who),
            }
        }
    }
}

fn quorum_and_notice(w: &mut PageWriter, input: &MeetingNotesInput) {
    w.heading("Quorum and notice", 2);
    match &input.quorum {
        Some(q) => {
            let verdict = if q.quorate {
                "The meeting was quorate."
            } else {
                "The meeting was not quorate, so it could not make binding decisions."
            };
            w.paragraph(verdict, BODY, Weight::Bold);
            w.label_value("Rule", &q.rule);
            w.label_value("Reason", &q.reason);
        }
        None => w.paragraph("Quorum was not recorded.", BODY, Weight::Regular),
    }
    let n = &input.notice;
    w.label_value(
        "Notice sent",
        &n.notice_sent_on.map_or("Not recorded".into(), format::date),
    );
    w.label_value(
        "Papers sent",
        &n.papers_sent_on.map_or("Not recorded".into(), format::date),
    );
    for warning in &n.warnings {
        w.paragraph(&format!("Warning: {warning}"), BODY, Weight::Bold);
    }
    for agreed in &n.agreed_exceptions {
        w.paragraph(agreed, BODY, Weight::Regular);
    }
}

fn sign_off(w: &mut PageWriter, input: &MeetingNotesInput) {
    if input.notes_sent_on.is_none() && input.sign_off.is_empty() {
        return;
    }
    w.label_value(
        "Notes sent",
        &input
            .notes_sent_on
            .map_or("Not yet sent".into(), format::date),
    );
    if input.sign_off.is_empty() {
        return;
    }
    w.heading("Signed off by the partners", 3);
    for s in &input.sign_off {
        let state = match (&s.agreed_by, s.agreed_on) {
            (Some(by), Some(on)) => format!("agreed by {by} on {}", format::date(on)),
            (Some(by), None) => format!("agreed by {by}"),
            (None, Some(on)) => format!("agreed on {}", format::date(on)),
            (None, None) => "not yet agreed".to_string(),
        };
        w.bullet(&format!("{}: {state}", s.organisation));
    }
}

fn agenda(w: &mut PageWriter, input: &MeetingNotesInput) {
    w.heading("Agenda", 2);
    if input.agenda.is_empty() {
        w.paragraph("No agenda was recorded.", BODY, Weight::Regular);
    }
    for (i, item) in input.agenda.iter().enumerate() {
        w.paragraph(&format!("{}. {}", i + 1, item.title), BODY, Weight::Bold);
        if let Some(notes) = &item.notes {
            w.paragraph_indented(notes, BODY, Weight::Regular, 14.0, 0.0);
        }
        w.space(3.0);
    }
}

fn decisions(w: &mut PageWriter, input: &MeetingNotesInput) {
    w.heading("Decisions", 2);
    if input.decisions.is_empty() {
        w.paragraph("No decisions were recorded.", BODY, Weight::Regular);
    }
    for d in &input.decisions {
        match &d.agenda_item {
            Some(item) => w.bullet(&format!("{} (agenda item: {item})", d.text)),
            None => w.bullet(&d.text),
        }
    }
}

fn action_rows(actions: &[ActionItem]) -> Vec<Row> {
    actions
        .iter()
        .map(|a| {
            Row::plain(vec![
                a.description.clone(),
                a.owner.clone(),
                a.due_on
                    .map(format::date)
                    .unwrap_or_else(|| "No date".into()),
                a.status.clone(),
            ])
        })
        .collect()
}

fn actions(w: &mut PageWriter, title: &str, rows: &[Row], carried: bool) {
    w.heading(title, 2);
    if rows.is_empty() {
        w.paragraph("None.", BODY, Weight::Regular);
        return;
    }
    let mut columns = vec![
        Column::left("Action", 4.0),
        Column::left("Owner", 1.8),
        Column::left("Due", 1.35),
        Column::left("Status", 1.0),
    ];
    if carried {
        columns.push(Column::left("From meeting", 2.0));
    }
    w.table(&Table {
        columns,
        rows: rows.to_vec(),
        size: 8.5,
    });
}
