//! Representatives: members with roles, their training, vehicle and the groups they sit on.

use rusqlite::{params, Connection};

use crate::model::{GroupRef, Rep, RepInput, RepVehicle, Training};
use crate::store::{one, Store};
use crate::store::{CoreError, Result};
use crate::text::dates;
use crate::text::required;

impl Store {
    /// Officers see every representative; a rep sees only themselves.
    pub fn reps_list(&self) -> Result<Vec<Rep>> {
        let only = self.only_own_record()?;
        let ids: Vec<i64> = self
            .conn
            .prepare(
                "SELECT r.member_id FROM reps r JOIN members m ON m.id = r.member_id
                 WHERE m.erased_on IS NULL ORDER BY r.active DESC, m.name COLLATE NOCASE",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .filter(|id| only.is_none_or(|me| me == *id))
            .map(|id| rep(&self.conn, id))
            .collect()
    }

    pub fn rep_get(&self, member_id: i64) -> Result<Rep> {
        self.may_see_member(member_id)?;
        rep(&self.conn, member_id)
    }

    /// Makes a member a representative, or changes their roles and groups.
    ///
    /// Roles carry sign-in powers: somebody made chair or treasurer gets an officer's
    /// sign-in (a one-time code, returned in `new_sign_in_code`, if they had none), and
    /// somebody who stops being one loses their sign-in, which re-keys the store. The change
    /// is signed with the forum's key.
    pub fn rep_save(&mut self, input: &RepInput) -> Result<Rep> {
        let identity = self
            .require_officer("change representatives and their roles")?
            .clone();
        crate::members::records::not_erased(&self.conn, input.member_id)?;
        if !(input.is_chair || input.is_treasurer || input.is_rep) {
            return Err(CoreError::invalid(
                "is_rep",
                "Please tick at least one role: chair, treasurer or rep.",
            ));
        }
        let started = dates::iso(dates::parse_date("started_on", &input.started_on)?);
        let conf = dates::parse_optional_date(
            "confidentiality_signed_on",
            &input.confidentiality_signed_on,
        )?
        .map(dates::iso);
        let vehicle = if input.vehicle.trim().is_empty() {
            RepVehicle::default()
        } else {
            RepVehicle::parse("vehicle", &input.vehicle)?
        };
        // Somebody must always be able to approve claims.
        if !(input.is_chair || input.is_treasurer) || !input.active {
            let others: i64 = self.conn.query_row(
                "SELECT count(*) FROM reps WHERE member_id <> ?1 AND active = 1 AND (is_chair = 1 OR is_treasurer = 1)",
                [input.member_id],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(CoreError::invalid(
                    "is_chair",
                    "The forum needs at least one active chair or treasurer to approve claims. Give the role to someone else first.",
                ));
            }
        }
        let member_id = input.member_id;
        let was_officer = crate::forum::people::has_officer_role(&self.conn, member_id)?;
        let will_be_officer = input.active && (input.is_chair || input.is_treasurer);
        if was_officer && !will_be_officer && self.actor() == Some(member_id) {
            return Err(CoreError::invalid(
                "is_chair",
                "You cannot take away your own role while you are signed in. Ask the other officer to do it.",
            ));
        }
        self.write(|tx| {
            let existed: bool = tx.query_row("SELECT count(*) FROM reps WHERE member_id = ?1", [member_id], |r| r.get(0))?;
            tx.execute(
                "INSERT INTO reps (member_id, is_chair, is_treasurer, is_rep, started_on, confidentiality_signed_on, vehicle, active)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (member_id) DO UPDATE SET is_chair = ?2, is_treasurer = ?3, is_rep = ?4, started_on = ?5,
                    confidentiality_signed_on = ?6, vehicle = ?7, active = ?8",
                params![member_id, input.is_chair, input.is_treasurer, input.is_rep, started, conf, vehicle, input.active],
            )?;
            tx.execute("DELETE FROM group_reps WHERE member_id = ?1", [member_id])?;
            for g in &input.group_ids {
                tx.execute("INSERT OR IGNORE INTO group_reps (group_id, member_id) VALUES (?1, ?2)", params![g, member_id])?;
            }
            let roles = [("chair", input.is_chair), ("treasurer", input.is_treasurer), ("rep", input.is_rep)]
                .iter()
                .filter(|(_, on)| *on)
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ");
            tx.audit_signed(
                &identity,
                if existed { "changed a representative" } else { "made a member a representative" },
                "rep",
                Some(member_id),
                &format!("roles: {roles}"),
            )
        })?;
        let code = self.sign_in_follows_role(member_id, was_officer, will_be_officer)?;
        let mut saved = self.rep_get(member_id)?;
        saved.new_sign_in_code = code;
        Ok(saved)
    }

    pub fn training_add(
        &mut self,
        member_id: i64,
        course: &str,
        completed_on: &str,
    ) -> Result<Rep> {
        self.require_officer("record training")?;
        let course = required("course", course, "the course name")?;
        let on = dates::iso(dates::parse_date("completed_on", completed_on)?);
        rep(&self.conn, member_id)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO training (member_id, course, completed_on) VALUES (?1, ?2, ?3)",
                params![member_id, course, on],
            )?;
            tx.audit("recorded training", "rep", Some(member_id), &course)
        })?;
        self.rep_get(member_id)
    }

    pub fn training_delete(&mut self, id: i64) -> Result<Rep> {
        self.require_officer("record training")?;
        let member_id: i64 = one(
            &self.conn,
            "SELECT member_id FROM training WHERE id = ?1",
            [id],
            "training record",
            |r| r.get(0),
        )?;
        self.write(|tx| {
            tx.execute("DELETE FROM training WHERE id = ?1", [id])?;
            tx.audit("removed a training record", "rep", Some(member_id), "")
        })?;
        self.rep_get(member_id)
    }
}

pub(crate) fn rep(conn: &Connection, member_id: i64) -> Result<Rep> {
    let mut r = one(
        conn,
        "SELECT r.member_id, m.name, r.is_chair, r.is_treasurer, r.is_rep, r.started_on, r.confidentiality_signed_on,
                r.vehicle, r.active
         FROM reps r JOIN members m ON m.id = r.member_id WHERE r.member_id = ?1",
        [member_id],
        "representative",
        |r| {
            Ok(Rep {
                member_id: r.get(0)?,
                name: r.get(1)?,
                is_chair: r.get(2)?,
                is_treasurer: r.get(3)?,
                is_rep: r.get(4)?,
                started_on: r.get(5)?,
                confidentiality_signed_on: r.get(6)?,
                vehicle: r.get(7)?,
                active: r.get(8)?,
                training: Vec::new(),
                groups: Vec::new(),
                new_sign_in_code: None,
            })
        },
    )?;
    r.training = conn
        .prepare("SELECT id, course, completed_on FROM training WHERE member_id = ?1 ORDER BY completed_on DESC, id")?
        .query_map([member_id], |r| Ok(Training { id: r.get(0)?, course: r.get(1)?, completed_on: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    r.groups = conn
        .prepare(
            "SELECT g.id, g.name FROM group_reps gr JOIN groups g ON g.id = gr.group_id
             WHERE gr.member_id = ?1 ORDER BY g.name COLLATE NOCASE",
        )?
        .query_map([member_id], |r| {
            Ok(GroupRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(r)
}
