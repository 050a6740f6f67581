//! Exceptions the group agreed to its standards for one meeting: an urgent meeting at short
//! notice, late papers, a longer meeting. With one recorded, the meeting screen and the notes
//! say "Called at short notice because …, agreed by …" instead of a warning.

use rusqlite::{params, Connection};

use super::checks::exception_text;
use crate::model::{ExceptionKind, Meeting, MeetingException, MeetingExceptionInput};
use crate::store::{one, Result, Store};
use crate::text::dates;
use crate::text::required;

impl Store {
    /// Records (or changes) the exception of this kind for a meeting whose notes are not
    /// finalised.
    pub fn meeting_exception_save(&mut self, i: &MeetingExceptionInput) -> Result<Meeting> {
        self.require_officer("record agreed exceptions")?;
        super::records::editable(&self.conn, i.meeting_id)?;
        let kind = ExceptionKind::parse("kind", &i.kind)?;
        let reason = required("reason", &i.reason, "why the group agreed it")?;
        let agreed_by = required("agreed_by", &i.agreed_by, "who agreed it")?;
        let agreed_on = dates::parse_optional_date("agreed_on", &i.agreed_on)?.map(dates::iso);
        let stamp = self.clock.stamp();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meeting_exceptions (meeting_id, kind, reason, agreed_by, agreed_on, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (meeting_id, kind) DO UPDATE SET reason = ?3, agreed_by = ?4, agreed_on = ?5,
                    recorded_by = ?6, recorded_at = ?7",
                params![i.meeting_id, kind, reason, agreed_by, agreed_on, tx.actor, stamp],
            )?;
            tx.audit(
                "recorded an agreed exception",
                "meeting",
                Some(i.meeting_id),
                kind.label(),
            )
        })?;
        self.meeting_get(i.meeting_id)
    }

    pub fn meeting_exception_delete(&mut self, id: i64) -> Result<Meeting> {
        self.require_officer("record agreed exceptions")?;
        let (meeting_id, kind): (i64, ExceptionKind) = one(
            &self.conn,
            "SELECT meeting_id, kind FROM meeting_exceptions WHERE id = ?1",
            [id],
            "exception",
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        super::records::editable(&self.conn, meeting_id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM meeting_exceptions WHERE id = ?1", [id])?;
            tx.audit(
                "removed an agreed exception",
                "meeting",
                Some(meeting_id),
                kind.label(),
            )
        })?;
        self.meeting_get(meeting_id)
    }
}

pub(crate) fn exceptions_of(conn: &Connection, meeting_id: i64) -> Result<Vec<MeetingException>> {
    let rows: Vec<MeetingException> = conn
        .prepare(
            "SELECT e.id, e.kind, e.reason, e.agreed_by, e.agreed_on,
                    CASE WHEN p.erased_on IS NULL THEN p.name ELSE p.anon_ref END, e.recorded_at
             FROM meeting_exceptions e LEFT JOIN members p ON p.id = e.recorded_by
             WHERE e.meeting_id = ?1 ORDER BY CASE e.kind WHEN 'short_notice' THEN 1 WHEN 'late_papers' THEN 2 ELSE 3 END",
        )?
        .query_map([meeting_id], |r| {
            Ok(MeetingException {
                id: r.get(0)?,
                kind: r.get(1)?,
                reason: r.get(2)?,
                agreed_by: r.get(3)?,
                agreed_on: r.get(4)?,
                recorded_by_name: r.get(5)?,
                recorded_at: r.get(6)?,
                text: String::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|mut e| {
            let on = dates::parse_optional_date("agreed_on", e.agreed_on.as_deref().unwrap_or(""))?;
            e.text = exception_text(e.kind, &e.reason, &e.agreed_by, on);
            Ok(e)
        })
        .collect()
}
