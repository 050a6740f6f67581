//! Whether a rep is ready to sit on a group: the training courses the group requires, done
//! and not run out, and the confidentiality agreement signed. Inviting, recording attendance
//! and approving a claim for a rep who lacks them gets a warning; the Representatives screen
//! lists what is missing or runs out in the next 60 days.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{ReadinessGap, RepReadiness, TrainingRequirement};
use crate::store::{Result, Store};
use crate::text::choice;
use crate::text::dates::{self, uk};

/// How far ahead the Representatives screen looks for training that runs out.
pub const EXPIRING_WITHIN_DAYS: i64 = 60;

choice! {
    /// What a rep lacks to sit on a group.
    pub enum GapKind ("gap") {
        MissingTraining = "missing_training", "Training not done";
        ExpiredTraining = "expired_training", "Training run out";
        ExpiringTraining = "expiring_training", "Training runs out soon";
        NoConfidentiality = "no_confidentiality", "Confidentiality agreement not signed";
    }
}

impl Store {
    /// Every active rep with what they lack for the groups they sit on, as of today, with
    /// training that runs out in the next 60 days. Reps who lack nothing are listed with no
    /// gaps.
    pub fn reps_readiness(&self) -> Result<Vec<RepReadiness>> {
        let today = self.today();
        let reps: Vec<(i64, String)> = self
            .conn
            .prepare(
                "SELECT r.member_id, m.name FROM reps r JOIN members m ON m.id = r.member_id
                 WHERE r.active = 1 AND m.erased_on IS NULL ORDER BY m.name COLLATE NOCASE",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        reps.into_iter()
            .map(|(member_id, name)| {
                let groups: Vec<i64> = self
                    .conn
                    .prepare(
                        "SELECT gr.group_id FROM group_reps gr JOIN groups g ON g.id = gr.group_id
                         WHERE gr.member_id = ?1 ORDER BY g.name COLLATE NOCASE",
                    )?
                    .query_map([member_id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let mut gaps = Vec::new();
                for g in groups {
                    gaps.extend(gaps_for(
                        &self.conn,
                        member_id,
                        g,
                        today,
                        EXPIRING_WITHIN_DAYS,
                    )?);
                }
                Ok(RepReadiness {
                    member_id,
                    name,
                    gaps,
                })
            })
            .collect()
    }
}

/// What `member_id` lacks to sit on `group_id` on `on`; with `within_days > 0`, also
/// training that runs out within that many days after it.
pub(crate) fn gaps_for(
    conn: &Connection,
    member_id: i64,
    group_id: i64,
    on: NaiveDate,
    within_days: i64,
) -> Result<Vec<ReadinessGap>> {
    let (group_name, needs_agreement): (String, bool) = conn.query_row(
        "SELECT name, requires_confidentiality FROM groups WHERE id = ?1",
        [group_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let required: Vec<TrainingRequirement> = conn
        .prepare("SELECT course, valid_months FROM group_training WHERE group_id = ?1 ORDER BY position, course")?
        .query_map([group_id], |r| {
            Ok(TrainingRequirement {
                course: r.get(0)?,
                valid_months: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if required.is_empty() && !needs_agreement {
        return Ok(Vec::new());
    }
    let name: String = conn.query_row(
        "SELECT CASE WHEN erased_on IS NULL THEN name ELSE anon_ref END FROM members WHERE id = ?1",
        [member_id],
        |r| r.get(0),
    )?;
    let gap = |kind: GapKind, course: Option<&str>, when: Option<NaiveDate>, message: String| {
        ReadinessGap {
            group_id,
            group_name: group_name.clone(),
            kind,
            course: course.map(str::to_string),
            on: when.map(dates::iso),
            message,
        }
    };
    let mut out = Vec::new();
    for t in &required {
        let done: Option<String> = conn
            .query_row(
                "SELECT max(completed_on) FROM training WHERE member_id = ?1 AND course = ?2 COLLATE NOCASE
                 AND completed_on <= ?3",
                params![member_id, t.course, dates::iso(on)],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let done = match done {
            Some(d) => dates::parse_date("completed_on", &d)?,
            None => {
                out.push(gap(
                    GapKind::MissingTraining,
                    Some(&t.course),
                    None,
                    format!(
                        "{name} has not done {}, which {group_name} requires.",
                        t.course
                    ),
                ));
                continue;
            }
        };
        let Some(months) = t.valid_months else {
            continue;
        };
        let runs_out = done
            .checked_add_months(chrono::Months::new(months as u32))
            .unwrap_or(done);
        if runs_out <= on {
            out.push(gap(
                GapKind::ExpiredTraining,
                Some(&t.course),
                Some(runs_out),
                format!(
                    "{name}\u{2019}s {} ran out on {} ({group_name} asks for it to be renewed every {months} months).",
                    t.course,
                    uk(runs_out)
                ),
            ));
        } else if within_days > 0 && runs_out <= on + Duration::days(within_days) {
            out.push(gap(
                GapKind::ExpiringTraining,
                Some(&t.course),
                Some(runs_out),
                format!(
                    "{name}\u{2019}s {} runs out on {} ({group_name} asks for it to be renewed every {months} months).",
                    t.course,
                    uk(runs_out)
                ),
            ));
        }
    }
    if needs_agreement {
        let signed: Option<String> = conn
            .query_row(
                "SELECT confidentiality_signed_on FROM reps WHERE member_id = ?1",
                [member_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if signed.is_none_or(|s| s.as_str() > dates::iso(on).as_str()) {
            out.push(gap(
                GapKind::NoConfidentiality,
                None,
                None,
                format!(
                    "{name} has not signed the confidentiality agreement, which {group_name} requires."
                ),
            ));
        }
    }
    Ok(out)
}

/// The warnings for a person at a meeting of `group_id` on `on`: what they lack that day.
pub(crate) fn warnings_for(
    conn: &Connection,
    member_id: i64,
    group_id: i64,
    on: NaiveDate,
) -> Result<Vec<String>> {
    Ok(gaps_for(conn, member_id, group_id, on, 0)?
        .into_iter()
        .map(|g| g.message)
        .collect())
}

/// For the approver: what the claimant lacked for the groups whose meetings the claim's
/// lines are for, on each meeting's date.
pub(crate) fn claim_warnings(conn: &Connection, claim_id: i64, rep_id: i64) -> Result<Vec<String>> {
    let meetings: Vec<(i64, String)> = conn
        .prepare(
            "SELECT DISTINCT m.group_id, substr(m.starts_at, 1, 10) FROM claim_lines l JOIN meetings m ON m.id = l.meeting_id
             WHERE l.claim_id = ?1 ORDER BY 2, 1",
        )?
        .query_map([claim_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<String> = Vec::new();
    for (group_id, day) in meetings {
        let on = dates::parse_date("starts_at", &day)?;
        for w in warnings_for(conn, rep_id, group_id, on)? {
            let w = format!(
                "At the {} meeting on {}: {w}",
                group_name(conn, group_id)?,
                uk(on)
            );
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    Ok(out)
}

fn group_name(conn: &Connection, group_id: i64) -> Result<String> {
    Ok(
        conn.query_row("SELECT name FROM groups WHERE id = ?1", [group_id], |r| {
            r.get(0)
        })?,
    )
}
