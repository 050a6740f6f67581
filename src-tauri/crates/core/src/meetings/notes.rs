//! What a meeting's notes PDF is made from, and making it: signed once the notes are
//! finalised, an unsigned DRAFT before. Each comes in two versions, marked at the top: the
//! full notes, and shareable notes with confidential agenda items and decisions left out
//! (their place is kept, so item numbers match the full notes).

use chrono::{DateTime, NaiveDate, Utc};
use forumdesk_export as ex;

use crate::exports::{export_error, panel, slug, Destination};
use crate::model::{Meeting, Membership, NotesVersion, SavedFile};
use crate::store::{Result, Store};
use crate::text::dates;

impl Store {
    /// The notes of a meeting as the PDF shows them, in the version asked for. Finalised
    /// meetings carry a signature panel; others are drafts and never do.
    pub fn meeting_notes_input(
        &self,
        meeting_id: i64,
        version: NotesVersion,
    ) -> Result<ex::MeetingNotesInput> {
        let m = self.meeting_get(meeting_id)?;
        let forum = self.forum_get()?;
        notes_input(&forum.name, &m, version, self.now_utc())
    }

    /// The notes as PDF bytes: signed when finalised, an unsigned DRAFT otherwise.
    pub fn meeting_notes_pdf(&self, meeting_id: i64, version: NotesVersion) -> Result<Vec<u8>> {
        let mut input = self.meeting_notes_input(meeting_id, version)?;
        if input.draft {
            return ex::render_meeting_notes(&input).map_err(export_error);
        }
        let identity = self.identity()?;
        let (name, role) = self.signer()?;
        let now = self.now_utc();
        input.signature_panel = Some(panel(&input.forum_name, &name, &role, now, &identity));
        let unsigned = ex::render_meeting_notes(&input).map_err(export_error)?;
        let reason = format!(
            "Finalised notes of {}, {} ({})",
            input.title,
            ex::format::date(input.starts_at.date()),
            version.label().to_lowercase()
        );
        ex::sign_pdf(&unsigned, &identity, &name, &reason, now).map_err(export_error)
    }

    /// Saves the notes as `meeting-notes-<title>-<date>-full.pdf` or `...-shareable.pdf`
    /// (`...-DRAFT.pdf` before they are finalised).
    pub fn export_meeting_notes(
        &mut self,
        meeting_id: i64,
        version: NotesVersion,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let m = self.meeting_get(meeting_id)?;
        let pdf = self.meeting_notes_pdf(meeting_id, version)?;
        let draft = if m.finalised_at.is_none() {
            "-DRAFT"
        } else {
            ""
        };
        let name = format!(
            "meeting-notes-{}-{}-{}{draft}.pdf",
            slug(&m.title),
            m.starts_at.get(..10).unwrap_or(""),
            version.as_str()
        );
        let saved = self.save(dest, &name, &pdf)?;
        let action = match (draft.is_empty(), version) {
            (true, NotesVersion::Full) => "exported signed meeting notes",
            (true, NotesVersion::Shareable) => "exported signed shareable meeting notes",
            (false, NotesVersion::Full) => "exported draft meeting notes",
            (false, NotesVersion::Shareable) => "exported draft shareable meeting notes",
        };
        self.log_export(action, "meeting", Some(meeting_id), &m.title, &saved)?;
        Ok(saved)
    }
}

fn notes_input(
    forum: &str,
    m: &Meeting,
    version: NotesVersion,
    now: DateTime<Utc>,
) -> Result<ex::MeetingNotesInput> {
    let shareable = version == NotesVersion::Shareable;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let person = |name: &str, org: &str| {
        opt(name).map(|name| ex::PersonRef {
            name,
            organisation: opt(org),
        })
    };
    let date = |field: &str, s: &Option<String>| -> Result<Option<NaiveDate>> {
        dates::parse_optional_date(field, s.as_deref().unwrap_or(""))
    };
    let status = |s: &str| match s {
        "done" => "Done".to_string(),
        "dropped" => "Dropped".to_string(),
        "open" => "Open".to_string(),
        other => other.to_string(),
    };
    // Attendance comes ordered by organisation, so each organisation's people are together.
    // Members first; guests are listed on their own.
    let present = |membership: Membership| {
        m.people
            .iter()
            .filter(move |p| p.attendance == "attended" && p.membership == membership)
    };
    let guests = present(Membership::Guest)
        .map(|p| ex::Attendee {
            name: p.name.clone(),
            organisation: opt(&p.organisation),
            role: None,
        })
        .collect();
    let attendees = present(Membership::Member)
        .map(|p| ex::Attendee {
            name: p.name.clone(),
            organisation: opt(&p.organisation),
            role: if p.name.trim() == m.chair_name.trim() {
                Some("Chair".into())
            } else if p.name.trim() == m.note_taker_name.trim() {
                Some("Took the notes".into())
            } else {
                None
            },
        })
        .collect();
    let apologies = m
        .people
        .iter()
        .filter(|p| p.attendance == "apologies")
        .map(|p| ex::PersonRef {
            name: p.name.clone(),
            organisation: opt(&p.organisation),
        })
        .collect();
    let actions = m
        .actions
        .iter()
        .map(|a| {
            Ok(ex::ActionItem {
                description: a.text.clone(),
                owner: a.owner.clone(),
                due_on: date("due_on", &a.due_on)?,
                status: status(&a.status),
            })
        })
        .collect::<Result<_>>()?;
    let carried = m
        .carried_over
        .iter()
        .map(|a| {
            let from = dates::parse_date("meeting_date", &a.meeting_date)
                .map(dates::uk)
                .unwrap_or_else(|_| a.meeting_date.clone());
            Ok(ex::CarriedAction {
                description: a.text.clone(),
                owner: a.owner.clone(),
                due_on: date("due_on", &a.due_on)?,
                status: status(&a.status),
                from_meeting: format!("{}, {from}", a.meeting_title),
            })
        })
        .collect::<Result<_>>()?;
    let finalised_at = match &m.finalised_at {
        Some(t) => Some(dates::parse_datetime("finalised_at", t)?),
        None => None,
    };
    Ok(ex::MeetingNotesInput {
        forum_name: forum.to_string(),
        group_name: m.group_name.clone(),
        title: m.title.clone(),
        starts_at: dates::parse_datetime("starts_at", &m.starts_at)?,
        ends_at: Some(dates::parse_datetime("ends_at", &m.ends_at)?),
        place: opt(&m.place),
        online_link: opt(&m.online_link),
        chair: person(&m.chair_name, &m.chair_org),
        note_taker: person(&m.note_taker_name, &m.note_taker_org),
        attendees,
        guests,
        apologies,
        quorum: Some(ex::Quorum {
            quorate: m.checks.quorate,
            rule: m.checks.quorum_rule.clone(),
            reason: m.checks.quoracy_reason.clone(),
        }),
        notice: ex::NoticeInfo {
            notice_sent_on: date("notice_sent_on", &m.notice_sent_on)?,
            papers_sent_on: date("papers_sent_on", &m.papers_sent_on)?,
            warnings: m.checks.warnings.clone(),
            agreed_exceptions: m.checks.exceptions.clone(),
        },
        // Confidential items keep their place in the shareable notes, without their content.
        agenda: m
            .agenda
            .iter()
            .map(|a| match (a.confidential, shareable) {
                (true, true) => ex::AgendaItem {
                    title: "Confidential item, left out of the shareable notes".into(),
                    notes: None,
                },
                (confidential, _) => ex::AgendaItem {
                    title: if confidential {
                        format!("Confidential: {}", a.title)
                    } else {
                        a.title.clone()
                    },
                    notes: opt(&a.presenter).map(|p| format!("Presented by {p}.")),
                },
            })
            .collect(),
        decisions: m
            .decisions
            .iter()
            .map(|d| ex::Decision {
                text: match (d.confidential, shareable) {
                    (true, true) => {
                        "A confidential decision, left out of the shareable notes.".into()
                    }
                    (true, false) => format!("Confidential: {}", d.text),
                    (false, _) => d.text.clone(),
                },
                agenda_item: None,
            })
            .collect(),
        actions,
        carried_over_actions: carried,
        draft: finalised_at.is_none(),
        finalised_at,
        generated_at: now,
        signature_panel: None,
        version_mark: Some(version.mark().to_string()),
        notes_sent_on: date("notes_sent_on", &m.notes_sent_on)?,
        sign_off: m
            .signoffs
            .iter()
            .map(|s| {
                Ok(ex::PartnerSignOff {
                    organisation: s.organisation.clone(),
                    agreed_by: s.agreed_by.clone(),
                    agreed_on: date("agreed_on", &s.agreed_on)?,
                })
            })
            .collect::<Result<_>>()?,
    })
}
