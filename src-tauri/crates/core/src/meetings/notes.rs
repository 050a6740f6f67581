//! What a meeting's notes PDF is made from, and making it: signed once the notes are
//! finalised, an unsigned DRAFT before. Each comes in two versions, marked at the top: the
//! full notes, and shareable notes with confidential agenda items and decisions left out
//! (their place is kept, so item numbers match the full notes).

use chrono::{DateTime, NaiveDate, Utc};
use forumdesk_export as ex;

use rusqlite::OptionalExtension;

use crate::exports::{export_error, finished, panel, sign_counted, slug, Destination};
use crate::model::{Meeting, Membership, NotesVersion, SavedFile};
use crate::store::{CoreError, Result, Store};
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
        Ok(self
            .meeting_notes_prepare(meeting_id, version)?
            .render_with(&ex::Progress::new())?
            .pdf)
    }

    /// Everything the notes need from the store, read at once, so the slow part, drawing
    /// the pages and signing, can run with the store free for the window:
    /// `meeting_notes_prepare`, then [`PreparedNotes::render_with`] anywhere, then
    /// [`Store::meeting_notes_save`].
    pub fn meeting_notes_prepare(
        &self,
        meeting_id: i64,
        version: NotesVersion,
    ) -> Result<PreparedNotes> {
        let m = self.meeting_get(meeting_id)?;
        let forum = self.forum_get()?;
        let now = self.now_utc();
        let mut input = notes_input(&forum.name, &m, version, now)?;
        // Drafts are never signed, so anyone may export them; finalised notes need an
        // officer's signing key.
        let signing = if input.draft {
            None
        } else {
            let identity = self.identity()?;
            let (name, role) = self.signer()?;
            input.signature_panel = Some(panel(&input.forum_name, &name, &role, now, &identity));
            let reason = format!(
                "Finalised notes of {}, {} ({})",
                input.title,
                ex::format::date(input.starts_at.date()),
                version.label().to_lowercase()
            );
            Some(NotesSigning {
                identity,
                signer: name,
                reason,
                now,
            })
        };
        let draft = if m.finalised_at.is_none() {
            "-DRAFT"
        } else {
            ""
        };
        let file_name = format!(
            "meeting-notes-{}-{}-{}{draft}.pdf",
            slug(&m.title),
            m.starts_at.get(..10).unwrap_or(""),
            version.as_str()
        );
        let action = match (draft.is_empty(), version) {
            (true, NotesVersion::Full) => "exported signed meeting notes",
            (true, NotesVersion::Shareable) => "exported signed shareable meeting notes",
            (false, NotesVersion::Full) => "exported draft meeting notes",
            (false, NotesVersion::Shareable) => "exported draft shareable meeting notes",
        };
        Ok(PreparedNotes {
            input,
            signing,
            saving: NotesSaving {
                meeting_id,
                title: m.title,
                finalised_at: m.finalised_at,
                file_name,
                action,
            },
        })
    }

    /// Saves notes made from [`Store::meeting_notes_prepare`] and logs it. The store was
    /// free while they were drawn: if the notes were finalised or reopened meanwhile, the
    /// file no longer says what they are, so it is not saved.
    pub fn meeting_notes_save(
        &mut self,
        notes: &RenderedNotes,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let n = &notes.saving;
        let finalised_at: Option<String> = self
            .conn
            .query_row(
                "SELECT finalised_at FROM meetings WHERE id = ?1",
                [n.meeting_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                CoreError::NotFound(format!(
                    "The meeting \"{}\" was deleted while its notes were being made, so they were not saved.",
                    n.title
                ))
            })?;
        if finalised_at != n.finalised_at {
            return Err(CoreError::Locked(format!(
                "The notes of \"{}\" were finalised or reopened while the PDF was being made, so it was not saved. Please export them again.",
                n.title
            )));
        }
        let saved = self.save(dest, &n.file_name, &notes.pdf)?;
        self.log_export(n.action, "meeting", Some(n.meeting_id), &n.title, &saved)?;
        Ok(saved)
    }

    /// Saves the notes as `meeting-notes-<title>-<date>-full.pdf` or `...-shareable.pdf`
    /// (`...-DRAFT.pdf` before they are finalised).
    pub fn export_meeting_notes(
        &mut self,
        meeting_id: i64,
        version: NotesVersion,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let rendered = self
            .meeting_notes_prepare(meeting_id, version)?
            .render_with(&ex::Progress::new())?;
        self.meeting_notes_save(&rendered, dest)
    }
}

/// A meeting's notes read from the store and ready to draw (and sign, once finalised); it
/// holds no connection, so it can be rendered on any thread while the window goes on using
/// the store.
pub struct PreparedNotes {
    input: ex::MeetingNotesInput,
    /// None for drafts, which are never signed.
    signing: Option<NotesSigning>,
    saving: NotesSaving,
}

struct NotesSigning {
    identity: ex::ForumIdentity,
    signer: String,
    reason: String,
    now: DateTime<Utc>,
}

/// What saving and logging the file needs, worked out when it was read.
struct NotesSaving {
    meeting_id: i64,
    title: String,
    /// As read, so saving can tell whether the notes were finalised or reopened meanwhile.
    finalised_at: Option<String>,
    file_name: String,
    action: &'static str,
}

/// Drawn (and signed) notes, ready for [`Store::meeting_notes_save`].
pub struct RenderedNotes {
    pub pdf: Vec<u8>,
    saving: NotesSaving,
}

impl PreparedNotes {
    /// Draws the pages and signs them (drafts are not signed): the slow part, needing no
    /// store. Counts pages in `progress` for the window, and stops with
    /// [`CoreError::Cancelled`] (nothing to save) at the next page once it is cancelled.
    pub fn render_with(self, progress: &ex::Progress) -> Result<RenderedNotes> {
        let unsigned =
            ex::render_meeting_notes_with(&self.input, progress).map_err(export_error)?;
        let pdf = match &self.signing {
            Some(s) => sign_counted(
                &unsigned,
                &s.identity,
                &s.signer,
                &s.reason,
                s.now,
                progress,
            )?,
            None => {
                finished(progress)?;
                unsigned
            }
        };
        Ok(RenderedNotes {
            pdf,
            saving: self.saving,
        })
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
