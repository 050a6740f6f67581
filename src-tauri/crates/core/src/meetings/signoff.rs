//! Joint sign-off of the notes: when they were sent, and each signing-off partner's
//! agreement (who and when). Recorded after the notes are finalised, like progress on
//! actions, so it never needs the notes reopened.

use rusqlite::{params, Connection, OptionalExtension};

use super::quoracy::partner_of;
use crate::model::{GroupOrg, Meeting, SignOff, SignOffInput};
use crate::store::Store;
use crate::store::{one, CoreError, Result};
use crate::text::dates::{self, uk};
use crate::text::required;

impl Store {
    /// Records the day the notes were sent to the partners (blank clears it).
    pub fn meeting_notes_sent(&mut self, meeting_id: i64, sent_on: &str) -> Result<Meeting> {
        self.require_officer("record the joint sign-off of notes")?;
        let day = meeting_day(&self.conn, meeting_id)?;
        let sent = dates::parse_optional_date("notes_sent_on", sent_on)?;
        if let Some(s) = sent {
            if s < day {
                return Err(CoreError::invalid(
                    "notes_sent_on",
                    format!("The notes cannot be sent before the meeting ({}).", uk(day)),
                ));
            }
            if s > self.today() {
                return Err(CoreError::invalid(
                    "notes_sent_on",
                    "That date is still to come. Record it once the notes have gone out.",
                ));
            }
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE meetings SET notes_sent_on = ?2 WHERE id = ?1",
                params![meeting_id, sent.map(dates::iso)],
            )?;
            tx.audit(
                "recorded when the notes were sent",
                "meeting",
                Some(meeting_id),
                "",
            )
        })?;
        self.meeting_get(meeting_id)
    }

    /// Records that a signing-off partner agreed the finalised notes.
    pub fn meeting_signoff_save(&mut self, i: &SignOffInput) -> Result<Meeting> {
        self.require_officer("record the joint sign-off of notes")?;
        let m = self.meeting_get(i.meeting_id)?;
        if m.finalised_at.is_none() {
            return Err(CoreError::invalid(
                "organisation",
                "Finalise the notes before recording that partners have agreed them.",
            ));
        }
        let orgs = crate::reps::groups::group_orgs(&self.conn, m.group_id)?;
        let partner = partner_of(&orgs, &i.organisation)
            .filter(|o| o.signs_off)
            .ok_or_else(|| {
                let names: Vec<String> = orgs
                    .iter()
                    .filter(|o| o.signs_off)
                    .map(|o| o.organisation.clone())
                    .collect();
                CoreError::invalid(
                    "organisation",
                    if names.is_empty() {
                        "No partner signs this group's notes off. Choose who does on the Groups screen.".to_string()
                    } else {
                        format!(
                            "Choose one of the partners who sign the notes off: {}.",
                            crate::text::join_or(&names)
                        )
                    },
                )
            })?
            .organisation
            .clone();
        let agreed_by = required("agreed_by", &i.agreed_by, "who agreed the notes")?;
        let on = dates::parse_date("agreed_on", &i.agreed_on)?;
        let day = dates::parse_datetime("starts_at", &m.starts_at)?.date();
        let sent =
            dates::parse_optional_date("notes_sent_on", m.notes_sent_on.as_deref().unwrap_or(""))?;
        if on < sent.unwrap_or(day) {
            return Err(CoreError::invalid(
                "agreed_on",
                match sent {
                    Some(s) => format!(
                        "The notes were sent on {}, so they cannot have been agreed before then.",
                        uk(s)
                    ),
                    None => format!(
                        "The notes cannot be agreed before the meeting ({}).",
                        uk(day)
                    ),
                },
            ));
        }
        if on > self.today() {
            return Err(CoreError::invalid(
                "agreed_on",
                "That date is still to come. Record the agreement once it is given.",
            ));
        }
        let stamp = self.clock.stamp();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meeting_signoffs (meeting_id, organisation, agreed_by, agreed_on, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (meeting_id, organisation) DO UPDATE SET agreed_by = ?3, agreed_on = ?4, recorded_by = ?5,
                    recorded_at = ?6",
                params![i.meeting_id, partner, agreed_by, dates::iso(on), tx.actor, stamp],
            )?;
            tx.audit("recorded a partner's sign-off of the notes", "meeting", Some(i.meeting_id), &partner)
        })?;
        self.meeting_get(i.meeting_id)
    }

    pub fn meeting_signoff_delete(
        &mut self,
        meeting_id: i64,
        organisation: &str,
    ) -> Result<Meeting> {
        self.require_officer("record the joint sign-off of notes")?;
        let org: Option<String> = self
            .conn
            .query_row(
                "SELECT organisation FROM meeting_signoffs WHERE meeting_id = ?1 AND organisation = ?2 COLLATE NOCASE",
                params![meeting_id, organisation.trim()],
                |r| r.get(0),
            )
            .optional()?;
        let org = org.ok_or_else(|| {
            CoreError::NotFound(format!(
                "No sign-off by {} is recorded for this meeting.",
                organisation.trim()
            ))
        })?;
        self.write(|tx| {
            tx.execute(
                "DELETE FROM meeting_signoffs WHERE meeting_id = ?1 AND organisation = ?2",
                params![meeting_id, org],
            )?;
            tx.audit(
                "removed a partner's sign-off of the notes",
                "meeting",
                Some(meeting_id),
                &org,
            )
        })?;
        self.meeting_get(meeting_id)
    }
}

fn meeting_day(conn: &Connection, meeting_id: i64) -> Result<chrono::NaiveDate> {
    let starts: String = one(
        conn,
        "SELECT starts_at FROM meetings WHERE id = ?1",
        [meeting_id],
        "meeting",
        |r| r.get(0),
    )?;
    Ok(dates::parse_datetime("starts_at", &starts)?.date())
}

/// One line per signing-off partner (and any sign-off recorded for a partner that no longer
/// signs off), and whether every signing-off partner has agreed.
pub(crate) fn signoffs_of(
    conn: &Connection,
    meeting_id: i64,
    orgs: &[GroupOrg],
) -> Result<(Vec<SignOff>, bool)> {
    let recorded: Vec<SignOff> = conn
        .prepare(
            "SELECT organisation, agreed_by, agreed_on FROM meeting_signoffs WHERE meeting_id = ?1 ORDER BY agreed_on, organisation",
        )?
        .query_map([meeting_id], |r| {
            Ok(SignOff {
                organisation: r.get(0)?,
                agreed_by: r.get(1)?,
                agreed_on: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<SignOff> = orgs
        .iter()
        .filter(|o| o.signs_off)
        .map(|o| {
            recorded
                .iter()
                .find(|s| s.organisation.eq_ignore_ascii_case(&o.organisation))
                .cloned()
                .unwrap_or(SignOff {
                    organisation: o.organisation.clone(),
                    agreed_by: None,
                    agreed_on: None,
                })
        })
        .collect();
    let all = !out.is_empty() && out.iter().all(|s| s.agreed_on.is_some());
    for s in recorded {
        if !out
            .iter()
            .any(|o| o.organisation.eq_ignore_ascii_case(&s.organisation))
        {
            out.push(s);
        }
    }
    Ok((out, all))
}
