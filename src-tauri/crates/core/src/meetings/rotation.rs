//! Whose turn it is to chair and to take notes. Only the partners the group names as
//! rotating take turns; the turn follows the record of who actually chaired (or took notes)
//! at earlier meetings, so a meeting chaired by someone else does not move it on.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use super::quoracy::partner_of;
use crate::model::{GroupOrg, NextTurns, NotesRotation};
use crate::store::Result;
use crate::text::dates;

/// The suggested chair and note-taker, by partner organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Turns {
    pub chair: Option<String>,
    pub note_taker: Option<String>,
}

/// Works out the turns from earlier meetings' (chair's organisation, note-taker's
/// organisation), newest first.
pub fn next_turns(orgs: &[GroupOrg], notes: NotesRotation, history: &[(String, String)]) -> Turns {
    let chairs: Vec<&str> = orgs
        .iter()
        .filter(|o| o.rotates_chair)
        .map(|o| o.organisation.as_str())
        .collect();
    let takers: Vec<&str> = orgs
        .iter()
        .filter(|o| o.rotates_notes)
        .map(|o| o.organisation.as_str())
        .collect();
    let last = |set: &[&str], pick: fn(&(String, String)) -> &str| -> Option<usize> {
        history.iter().find_map(|h| {
            let p = partner_of(orgs, pick(h))?;
            set.iter().position(|s| *s == p.organisation)
        })
    };
    let after = |set: &[&str], last: Option<usize>| -> Option<usize> {
        if set.is_empty() {
            None
        } else {
            Some(last.map_or(0, |i| (i + 1) % set.len()))
        }
    };
    let chair_i = after(&chairs, last(&chairs, |h| &h.0));
    let chair = chair_i.map(|i| chairs[i].to_string());
    let own_i = after(&takers, last(&takers, |h| &h.1));
    let note_taker = match notes {
        NotesRotation::OwnTurn => own_i.map(|i| takers[i].to_string()),
        NotesRotation::SameAsChair => match &chair {
            Some(c) if takers.contains(&c.as_str()) => Some(c.clone()),
            _ => own_i.map(|i| takers[i].to_string()),
        },
        NotesRotation::OtherPartner => own_i.and_then(|start| {
            (0..takers.len())
                .map(|k| takers[(start + k) % takers.len()])
                .find(|t| Some(*t) != chair.as_deref())
                .map(str::to_string)
        }),
    };
    Turns { chair, note_taker }
}

/// Earlier meetings of the group before `starts_at` (all of them when `None`), newest first.
pub(crate) fn history(
    conn: &Connection,
    group_id: i64,
    before: Option<&str>,
) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare(
            "SELECT chair_org, note_taker_org FROM meetings WHERE group_id = ?1 AND (?2 IS NULL OR starts_at < ?2)
             ORDER BY starts_at DESC, id DESC",
        )?
        .query_map(params![group_id, before], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The turns at the group's next meeting: the first one starting from `now`, or, when none
/// is planned, one after the last.
pub(crate) fn group_next_turns(
    conn: &Connection,
    group_id: i64,
    orgs: &[GroupOrg],
    notes: NotesRotation,
    now: NaiveDateTime,
) -> Result<NextTurns> {
    let next: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT id, title, starts_at FROM meetings WHERE group_id = ?1 AND starts_at >= ?2
             ORDER BY starts_at, id LIMIT 1",
            params![group_id, dates::iso_datetime(now)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let past = history(conn, group_id, next.as_ref().map(|n| n.2.as_str()))?;
    let turns = next_turns(orgs, notes, &past);
    Ok(NextTurns {
        meeting_id: next.as_ref().map(|n| n.0),
        meeting_title: next.as_ref().map(|n| n.1.clone()),
        starts_at: next.map(|n| n.2),
        chair_org: turns.chair,
        note_taker_org: turns.note_taker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(name: &str, chair: bool, notes: bool, aliases: &[&str]) -> GroupOrg {
        GroupOrg {
            organisation: name.into(),
            min_present: 1,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            rotates_chair: chair,
            rotates_notes: notes,
            signs_off: false,
        }
    }

    /// The handbook: chairing rotates between ESPCF and ESCC; health and Amaze never chair.
    fn handbook() -> Vec<GroupOrg> {
        vec![
            org("ESPCF", true, true, &[]),
            org(
                "ESCC",
                true,
                true,
                &["ESCC Education", "ESCC Children's Social Care"],
            ),
            org("NHS Sussex", false, false, &[]),
            org("Amaze", false, false, &[]),
        ]
    }

    fn h(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn only_the_rotating_partners_take_turns() {
        let orgs = handbook();
        let mut history: Vec<(String, String)> = Vec::new();
        let mut chairs = Vec::new();
        for _ in 0..4 {
            let t = next_turns(&orgs, NotesRotation::OwnTurn, &history);
            chairs.push(t.chair.clone().unwrap());
            history.insert(0, (t.chair.unwrap(), t.note_taker.unwrap()));
        }
        assert_eq!(chairs, vec!["ESPCF", "ESCC", "ESPCF", "ESCC"]);
    }

    #[test]
    fn the_turn_follows_who_actually_chaired() {
        let orgs = handbook();
        // ESCC chaired through its Education department; the turn passes to ESPCF.
        let t = next_turns(&orgs, NotesRotation::OwnTurn, &h(&[("ESCC Education", "")]));
        assert_eq!(t.chair.as_deref(), Some("ESPCF"));
        // NHS Sussex stood in as chair last time: it does not rotate, so the turn is still
        // after the last rotating chair (ESPCF), which is ESCC.
        let t = next_turns(
            &orgs,
            NotesRotation::OwnTurn,
            &h(&[("NHS Sussex", ""), ("ESPCF", "")]),
        );
        assert_eq!(t.chair.as_deref(), Some("ESCC"));
        // No history: the first rotating partner.
        assert_eq!(
            next_turns(&orgs, NotesRotation::OwnTurn, &[])
                .chair
                .as_deref(),
            Some("ESPCF")
        );
    }

    #[test]
    fn notes_follow_the_groups_setting() {
        let orgs = handbook();
        let last = h(&[("ESPCF", "ESCC")]);
        assert_eq!(
            next_turns(&orgs, NotesRotation::OwnTurn, &last),
            Turns {
                chair: Some("ESCC".into()),
                note_taker: Some("ESPCF".into())
            }
        );
        assert_eq!(
            next_turns(&orgs, NotesRotation::SameAsChair, &last)
                .note_taker
                .as_deref(),
            Some("ESCC")
        );
        assert_eq!(
            next_turns(&orgs, NotesRotation::OtherPartner, &last)
                .note_taker
                .as_deref(),
            Some("ESPCF")
        );
        // Even when last time's record had both from one partner.
        let odd = h(&[("ESPCF", "ESPCF")]);
        assert_eq!(
            next_turns(&orgs, NotesRotation::OtherPartner, &odd),
            Turns {
                chair: Some("ESCC".into()),
                note_taker: Some("ESPCF".into())
            }
        );
    }

    #[test]
    fn nobody_rotates_nobody_is_suggested() {
        let orgs = vec![org("Council", false, false, &[])];
        assert_eq!(
            next_turns(&orgs, NotesRotation::OwnTurn, &[]),
            Turns::default()
        );
    }
}
