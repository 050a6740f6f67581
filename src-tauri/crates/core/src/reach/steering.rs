//! The steering group: one of the forum's groups, chosen in Settings, and the number of its
//! members the forum needs to be active. Its members are the reps on that group
//! (`group_reps`); one counts while their rep record is active and they are an active member
//! whose data was not erased. There is no separate flag on members: a group's reps are
//! already kept, and a second list would drift from it.

use rusqlite::{params, Connection};

use super::kinds::SteeringState;
use crate::model::SteeringStatus;
use crate::store::{CoreError, Result, Store};
use crate::text::parse_whole;

impl Store {
    pub fn steering_status(&self) -> Result<SteeringStatus> {
        status(&self.conn)
    }

    /// Chooses the steering group (None: no group) and how many active members it needs
    /// (typed, 0 to 1,000; 0 for no number).
    pub fn steering_set(&mut self, group_id: Option<i64>, needed: &str) -> Result<SteeringStatus> {
        self.require_officer("set the steering group")?;
        let needed = if needed.trim().is_empty() {
            0
        } else {
            parse_whole("steering_needed", needed, "active members needed", 0, 1000)?
        };
        if let Some(g) = group_id {
            let n: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM groups WHERE id = ?1", [g], |r| {
                        r.get(0)
                    })?;
            if n == 0 {
                return Err(CoreError::invalid(
                    "steering_group_id",
                    "That group no longer exists. Please choose again.",
                ));
            }
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE forum SET steering_group_id = ?1, steering_needed = ?2 WHERE id = 1",
                params![group_id, needed],
            )?;
            tx.audit(
                "set the steering group and the active members it needs",
                "forum",
                None,
                &needed.to_string(),
            )
        })?;
        status(&self.conn)
    }
}

pub(crate) fn status(conn: &Connection) -> Result<SteeringStatus> {
    let (group_id, group_name, needed): (Option<i64>, Option<String>, i64) = conn.query_row(
        "SELECT f.steering_group_id, g.name, f.steering_needed FROM forum f
         LEFT JOIN groups g ON g.id = f.steering_group_id WHERE f.id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let active: i64 = conn.query_row(
        "SELECT count(*) FROM group_reps gr JOIN reps r ON r.member_id = gr.member_id
         JOIN members m ON m.id = gr.member_id
         WHERE gr.group_id = ?1 AND r.active = 1 AND m.status = 'active' AND m.erased_on IS NULL",
        [group_id],
        |r| r.get(0),
    )?;
    let (state, message) = match (&group_name, needed) {
        (None, _) => (
            SteeringState::NotSet,
            "No steering group is chosen. Choose it in Settings → Reach.".to_string(),
        ),
        (Some(g), 0) => (
            SteeringState::NotSet,
            format!(
                "{g} has {active} active {}. No number needed is set.",
                members(active)
            ),
        ),
        (Some(g), n) if active >= n => (
            SteeringState::Enough,
            format!(
                "{g} has {active} active {} (at least {n} needed).",
                members(active)
            ),
        ),
        (Some(g), n) => (
            SteeringState::Below,
            format!(
                "{g} has {active} active {}, fewer than the {n} the forum needs. It needs {} more.",
                members(active),
                n - active
            ),
        ),
    };
    Ok(SteeringStatus {
        group_id,
        group_name,
        active,
        needed,
        state,
        message,
    })
}

fn members(n: i64) -> &'static str {
    if n == 1 {
        "member"
    } else {
        "members"
    }
}
