//! A member's reach details. They are kept only with the member's consent, recorded like
//! consent for children's details (the date and who recorded it); without consent nothing
//! is kept, and withdrawing it deletes every detail at once. Nothing here is required.

use rusqlite::{params, Connection, OptionalExtension};

use super::kinds::{HeardVia, Involvement};
use crate::members::records::not_erased;
use crate::model::{MemberReach, ReachInput};
use crate::store::{Problems, Result, Store};
use crate::text::{dates, optional_line};

impl Store {
    /// The member's reach details, or None when none are kept. A rep sees only their own.
    pub fn member_reach_get(&self, member_id: i64) -> Result<Option<MemberReach>> {
        self.may_see_member(member_id)?;
        crate::members::records::member(&self.conn, member_id)?;
        get(&self.conn, member_id)
    }

    /// Saves the member's reach details. Without `consent` the form must be blank, and
    /// then any details kept are deleted (consent withdrawn). Consent is recorded the first
    /// time, with today's date and who recorded it.
    pub fn member_reach_save(&mut self, input: &ReachInput) -> Result<Option<MemberReach>> {
        self.require_officer("record members' reach details")?;
        let by = self.require_actor()?;
        not_erased(&self.conn, input.member_id)?;
        let mut p = Problems::new();
        let heard_via = match input.heard_via.trim() {
            "" => None,
            t => p.check(HeardVia::parse("heard_via", t))?,
        };
        let involvement = match input.involvement.trim() {
            "" => None,
            t => p.check(Involvement::parse("involvement", t))?,
        };
        let detail = p
            .check(optional_line(
                "heard_detail",
                &input.heard_detail,
                "how they heard",
            ))?
            .unwrap_or_default();
        let current = get(&self.conn, input.member_id)?;
        if let Some(area_id) = input.area_id {
            let retired: Option<Option<String>> = self
                .conn
                .query_row(
                    "SELECT retired_on FROM areas WHERE id = ?1",
                    [area_id],
                    |r| r.get(0),
                )
                .optional()?;
            let kept = current.as_ref().and_then(|c| c.area_id) == Some(area_id);
            match retired {
                None => p.add(
                    "area_id",
                    "That area no longer exists. Please choose again.",
                ),
                Some(Some(_)) if !kept => p.add(
                    "area_id",
                    "That area has been retired. Please choose another, or leave it blank.",
                ),
                _ => {}
            }
        }
        let anything = input.area_id.is_some()
            || !input.heard_via.trim().is_empty()
            || !input.heard_detail.trim().is_empty()
            || !input.involvement.trim().is_empty();
        if anything && !input.consent {
            p.add(
                "consent",
                "Tick that the member agreed the forum keeps these details, or leave them all blank.",
            );
        }
        p.finish()?;
        if !input.consent {
            self.member_reach_clear(input.member_id)?;
            return Ok(None);
        }
        let by_name = crate::forum::people::display_name(&self.conn, by)?;
        let today = dates::iso(self.today());
        let member_id = input.member_id;
        self.write(|tx| {
            if current.is_none() {
                tx.execute(
                    "INSERT INTO member_reach (member_id, consent_on, consent_by) VALUES (?1, ?2, ?3)",
                    params![member_id, today, by_name],
                )?;
                tx.audit(
                    "recorded consent to keep reach details",
                    "member",
                    Some(member_id),
                    "",
                )?;
            }
            tx.execute(
                "UPDATE member_reach SET area_id = ?2, heard_via = ?3, heard_detail = ?4, involvement = ?5
                 WHERE member_id = ?1",
                params![member_id, input.area_id, heard_via, detail, involvement],
            )?;
            // The fields, not their contents: the audit log is kept after erasure.
            tx.audit(
                "saved reach details",
                "member",
                Some(member_id),
                "area, how they heard, involvement",
            )
        })?;
        get(&self.conn, member_id)
    }

    /// Consent withdrawn: deletes every reach detail kept about the member.
    pub fn member_reach_clear(&mut self, member_id: i64) -> Result<()> {
        self.require_officer("record members' reach details")?;
        crate::members::records::member(&self.conn, member_id)?;
        if get(&self.conn, member_id)?.is_none() {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute("DELETE FROM member_reach WHERE member_id = ?1", [member_id])?;
            tx.audit(
                "withdrew consent and deleted reach details",
                "member",
                Some(member_id),
                "",
            )
        })
    }
}

pub(crate) fn get(conn: &Connection, member_id: i64) -> Result<Option<MemberReach>> {
    Ok(conn
        .query_row(
            "SELECT r.member_id, r.consent_on, r.consent_by, r.area_id, a.name, r.heard_via, r.heard_detail,
                    r.involvement
             FROM member_reach r LEFT JOIN areas a ON a.id = r.area_id WHERE r.member_id = ?1",
            [member_id],
            |r| {
                Ok(MemberReach {
                    member_id: r.get(0)?,
                    consent_on: r.get(1)?,
                    consent_by: r.get(2)?,
                    area_id: r.get(3)?,
                    area_name: r.get(4)?,
                    heard_via: r.get(5)?,
                    heard_detail: r.get(6)?,
                    involvement: r.get(7)?,
                })
            },
        )
        .optional()?)
}
