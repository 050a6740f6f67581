//! Meetings: when and where, who came, the agenda, decisions and actions. A finalised meeting
//! is read-only until it is reopened with a reason.

use rusqlite::{params, Connection};

use crate::meetings::checks::{self, Facts};
use crate::meetings::school_year::SchoolCalendar;
use crate::meetings::{quoracy, rotation};
use crate::model::{
    Action, AgendaItem, Decision, Meeting, MeetingChecks, MeetingFilter, MeetingInput,
    MeetingItemInput, MeetingOverview, MeetingPerson, MeetingPersonInput, MeetingSummary,
    MeetingsPage, Membership, Reopening,
};
use crate::reps::groups::group_orgs;
use crate::store::{one, Problems, Store, Tx};
use crate::store::{CoreError, Result};
use crate::text::dates;
use crate::text::{required, required_lines};

/// The meetings a `MeetingFilter` matches, over `meetings m`, with ?1 group, ?2 from and ?3
/// to (see `meeting_dates`).
const MEETING_MATCH: &str =
    "(?1 IS NULL OR m.group_id = ?1) AND (?2 = '' OR m.starts_at >= ?2) AND (?3 = '' OR m.starts_at <= ?3)";

/// The filter's dates as `starts_at` bounds: from the first day's start to the last day's end,
/// empty for no bound.
fn meeting_dates(f: &MeetingFilter) -> Result<(String, String)> {
    let from = dates::parse_optional_date("from", &f.from)?
        .map(dates::iso)
        .unwrap_or_default();
    let to = dates::parse_optional_date("to", &f.to)?
        .map(|d| format!("{}T99", dates::iso(d)))
        .unwrap_or_default();
    Ok((from, to))
}

const ATTENDANCE: [&str; 4] = ["invited", "attended", "apologies", "absent"];

impl Store {
    /// Newest first.
    pub fn meetings_list(&self, f: &MeetingFilter) -> Result<Vec<MeetingSummary>> {
        self.meetings_query(f, -1, 0)
    }

    /// One page of the meetings list, newest first, with how many match in all: the window
    /// shows a page at a time, so twenty years of meetings draw as quickly as a year's.
    pub fn meetings_page(
        &self,
        f: &MeetingFilter,
        offset: i64,
        limit: i64,
    ) -> Result<MeetingsPage> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let (from, to) = meeting_dates(f)?;
        let total = self.conn.query_row(
            &format!("SELECT count(*) FROM meetings m WHERE {MEETING_MATCH}"),
            params![f.group_id, from, to],
            |r| r.get(0),
        )?;
        Ok(MeetingsPage {
            meetings: self.meetings_query(f, limit, offset)?,
            total,
            offset,
        })
    }

    /// The meetings matching `f`, newest first; `limit` -1 for all.
    fn meetings_query(
        &self,
        f: &MeetingFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<MeetingSummary>> {
        let (from, to) = meeting_dates(f)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT m.id, m.group_id, g.name, m.title, m.starts_at, m.ends_at, m.finalised_at IS NOT NULL
             FROM meetings m JOIN groups g ON g.id = m.group_id
             WHERE {MEETING_MATCH}
             ORDER BY m.starts_at DESC, m.id DESC
             LIMIT ?4 OFFSET ?5"
        ))?;
        let rows = stmt.query_map(params![f.group_id, from, to, limit, offset], |r| {
            Ok(MeetingSummary {
                id: r.get(0)?,
                group_id: r.get(1)?,
                group_name: r.get(2)?,
                title: r.get(3)?,
                starts_at: r.get(4)?,
                ends_at: r.get(5)?,
                finalised: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn meeting_get(&self, id: i64) -> Result<Meeting> {
        meeting(&self.conn, id, self.today())
    }

    /// Newest first, each with its checks (quoracy, warnings, agreed exceptions) and whose
    /// turn it is to chair and take notes: for the command line and scripts.
    pub fn meetings_overview(&self, f: &MeetingFilter) -> Result<Vec<MeetingOverview>> {
        self.meetings_list(f)?
            .into_iter()
            .map(|summary| {
                let m = self.meeting_get(summary.id)?;
                Ok(MeetingOverview {
                    summary,
                    checks: m.checks,
                    suggested_chair_org: m.suggested_chair_org,
                    suggested_note_taker_org: m.suggested_note_taker_org,
                })
            })
            .collect()
    }

    pub fn meeting_save(&mut self, i: &MeetingInput) -> Result<Meeting> {
        // Every problem with the form is reported together.
        let mut p = Problems::new();
        let title = p.check(required("title", &i.title, "the meeting's title"))?;
        if crate::reps::groups::group(&self.conn, i.group_id).is_err() {
            p.add(
                "group_id",
                "Please choose the group this meeting belongs to.",
            );
        }
        let starts = p.check(dates::parse_datetime("starts_at", &i.starts_at))?;
        let ends = p.check(dates::parse_datetime("ends_at", &i.ends_at))?;
        if let (Some(starts), Some(ends)) = (starts, ends) {
            if ends <= starts {
                p.add("ends_at", "The meeting must end after it starts.");
            } else if (ends - starts).num_hours() >= 24 {
                p.add(
                    "ends_at",
                    "A meeting cannot last a day or more. Please check the end time.",
                );
            }
        }
        let notice = p
            .check(dates::parse_optional_date(
                "notice_sent_on",
                &i.notice_sent_on,
            ))?
            .flatten();
        let papers = p
            .check(dates::parse_optional_date(
                "papers_sent_on",
                &i.papers_sent_on,
            ))?
            .flatten();
        if let (Some(n), Some(starts)) = (notice, starts) {
            if n > starts.date() {
                p.add("notice_sent_on", "Notice cannot be sent after the meeting.");
            }
        }
        let link = i.online_link.trim();
        if !link.is_empty() && !link.starts_with("https://") && !link.starts_with("http://") {
            p.add("online_link", "An online link should start with https://");
        }
        p.finish()?;
        let (title, starts, ends) = (
            title.unwrap_or_default(),
            starts.expect("checked above"),
            ends.expect("checked above"),
        );
        if let Some(id) = i.id {
            editable(&self.conn, id)?;
        }
        let vals = params![
            i.group_id,
            title,
            dates::iso_datetime(starts),
            dates::iso_datetime(ends),
            i.place.trim(),
            link,
            notice.map(dates::iso),
            papers.map(dates::iso),
            i.chair_name.trim(),
            i.chair_org.trim(),
            i.note_taker_name.trim(),
            i.note_taker_org.trim()
        ];
        let id = self.write(|tx| match i.id {
            Some(id) => {
                tx.execute(
                    "UPDATE meetings SET group_id = ?1, title = ?2, starts_at = ?3, ends_at = ?4, place = ?5, online_link = ?6,
                        notice_sent_on = ?7, papers_sent_on = ?8, chair_name = ?9, chair_org = ?10, note_taker_name = ?11,
                        note_taker_org = ?12 WHERE id = ?13",
                    rusqlite::params_from_iter(vals.iter().copied().chain(std::iter::once(&id as &dyn rusqlite::ToSql))),
                )?;
                tx.audit("changed a meeting", "meeting", Some(id), "")?;
                Ok(id)
            }
            None => {
                tx.execute(
                    "INSERT INTO meetings (group_id, title, starts_at, ends_at, place, online_link, notice_sent_on, papers_sent_on,
                        chair_name, chair_org, note_taker_name, note_taker_org)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    vals,
                )?;
                let id = tx.last_insert_rowid();
                tx.audit("added a meeting", "meeting", Some(id), "")?;
                Ok(id)
            }
        })?;
        self.meeting_get(id)
    }

    pub fn meeting_person_save(&mut self, i: &MeetingPersonInput) -> Result<Meeting> {
        editable(&self.conn, i.meeting_id)?;
        let name = match i.member_id {
            Some(mid) if i.name.trim().is_empty() => {
                crate::forum::people::display_name(&self.conn, mid)?
            }
            _ => required("name", &i.name, "the person's name")?,
        };
        // Forum people are listed under the forum's one organisation name, however it was
        // typed (or left blank), so the notes never show the forum twice.
        let forum_org = forum_org_name(&self.conn, i.meeting_id)?;
        let org = if i.organisation.trim().is_empty() && i.member_id.is_some() {
            forum_org
        } else {
            let typed = required(
                "organisation",
                &i.organisation,
                "the organisation they are from",
            )?;
            if is_the_forum(&self.conn, &typed)? {
                forum_org
            } else {
                typed
            }
        };
        let att = if i.attendance.trim().is_empty() {
            "invited".to_string()
        } else {
            i.attendance.trim().to_lowercase()
        };
        if !ATTENDANCE.contains(&att.as_str()) {
            return Err(CoreError::invalid(
                "attendance",
                "Attendance must be invited, attended, apologies or absent.",
            ));
        }
        let membership = if i.membership.trim().is_empty() {
            Membership::default()
        } else {
            Membership::parse("membership", &i.membership)?
        };
        self.write(|tx| {
            match i.id {
                Some(id) => {
                    tx.execute(
                        "UPDATE meeting_people SET member_id = ?3, name = ?4, organisation = ?5, attendance = ?6, membership = ?7
                         WHERE id = ?1 AND meeting_id = ?2",
                        params![id, i.meeting_id, i.member_id, name, org, att, membership],
                    )?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO meeting_people (meeting_id, member_id, name, organisation, attendance, membership)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![i.meeting_id, i.member_id, name, org, att, membership],
                    )?;
                }
            }
            tx.audit("recorded attendance", "meeting", Some(i.meeting_id), "")
        })?;
        self.meeting_get(i.meeting_id)
    }

    pub fn meeting_person_delete(&mut self, id: i64) -> Result<Meeting> {
        let mid = owning_meeting(&self.conn, "meeting_people", id)?;
        editable(&self.conn, mid)?;
        self.write(|tx| {
            tx.execute("DELETE FROM meeting_people WHERE id = ?1", [id])?;
            tx.audit("removed a person from a meeting", "meeting", Some(mid), "")
        })?;
        self.meeting_get(mid)
    }

    /// Adds the group's representatives as invited members, under the forum's organisation
    /// name. The meeting then warns about any who lack what the group requires.
    pub fn meeting_invite_group(&mut self, meeting_id: i64) -> Result<Meeting> {
        editable(&self.conn, meeting_id)?;
        let forum_org = forum_org_name(&self.conn, meeting_id)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meeting_people (meeting_id, member_id, name, organisation, attendance)
                 SELECT ?1, m.id, m.name, ?2, 'invited'
                 FROM group_reps gr JOIN meetings mt ON mt.group_id = gr.group_id JOIN members m ON m.id = gr.member_id
                 WHERE mt.id = ?1 AND m.erased_on IS NULL
                   AND NOT EXISTS (SELECT 1 FROM meeting_people p WHERE p.meeting_id = ?1 AND p.member_id = m.id)",
                params![meeting_id, forum_org],
            )?;
            tx.audit("invited the group's representatives", "meeting", Some(meeting_id), "")
        })?;
        self.meeting_get(meeting_id)
    }

    pub fn agenda_item_save(&mut self, i: &MeetingItemInput) -> Result<Meeting> {
        let title = required("text", &i.text, "the agenda item")?;
        let received = dates::parse_optional_date("received_on", &i.received_on)?.map(dates::iso);
        self.save_item(i, "agenda_items", "title", &title, "agenda", |tx, id| {
            tx.execute(
                "UPDATE agenda_items SET presenter = ?2, received_on = ?3 WHERE id = ?1",
                params![id, i.who.trim(), received],
            )?;
            Ok(())
        })
    }

    pub fn agenda_item_delete(&mut self, id: i64) -> Result<Meeting> {
        self.delete_item("agenda_items", id, "agenda")
    }

    pub fn decision_save(&mut self, i: &MeetingItemInput) -> Result<Meeting> {
        let text = required_lines("text", &i.text, "the decision")?;
        self.save_item(i, "decisions", "text", &text, "decisions", |_, _| Ok(()))
    }

    pub fn decision_delete(&mut self, id: i64) -> Result<Meeting> {
        self.delete_item("decisions", id, "decisions")
    }

    pub fn action_save(&mut self, i: &MeetingItemInput) -> Result<Meeting> {
        let text = required("text", &i.text, "what needs doing")?;
        let owner = required("who", &i.who, "who will do it")?;
        let due = dates::parse_optional_date("due_on", &i.due_on)?.map(dates::iso);
        editable(&self.conn, i.meeting_id)?;
        self.write(|tx| {
            match i.id {
                Some(id) => {
                    tx.execute(
                        "UPDATE actions SET text = ?3, owner = ?4, due_on = ?5 WHERE id = ?1 AND meeting_id = ?2",
                        params![id, i.meeting_id, text, owner, due],
                    )?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO actions (meeting_id, text, owner, due_on) VALUES (?1, ?2, ?3, ?4)",
                        params![i.meeting_id, text, owner, due],
                    )?;
                }
            }
            tx.audit("recorded an action", "meeting", Some(i.meeting_id), "")
        })?;
        self.meeting_get(i.meeting_id)
    }

    pub fn action_delete(&mut self, id: i64) -> Result<Meeting> {
        self.delete_item("actions", id, "actions")
    }

    /// Progress on an action can be recorded at any later meeting, even once the meeting that
    /// set it is finalised: that is what carrying actions over is for.
    pub fn action_set_status(
        &mut self,
        id: i64,
        status: &str,
        viewing_meeting_id: i64,
    ) -> Result<Meeting> {
        let status = status.trim().to_lowercase();
        if !["open", "done", "dropped"].contains(&status.as_str()) {
            return Err(CoreError::invalid(
                "status",
                "An action is open, done or dropped.",
            ));
        }
        let origin = owning_meeting(&self.conn, "actions", id)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE actions SET status = ?2 WHERE id = ?1",
                params![id, status],
            )?;
            tx.audit(
                "changed an action's status",
                "meeting",
                Some(origin),
                &format!("action {id}: {status}"),
            )
        })?;
        self.meeting_get(viewing_meeting_id)
    }

    pub fn meeting_finalise(&mut self, id: i64) -> Result<Meeting> {
        editable(&self.conn, id)?;
        let by = self.require_actor()?;
        let m = self.meeting_get(id)?;
        if m.people.iter().all(|p| p.attendance != "attended") {
            return Err(CoreError::invalid(
                "people",
                "Record who attended before finalising the notes.",
            ));
        }
        let stamp = self.clock.stamp();
        self.write(|tx| {
            tx.execute(
                "UPDATE meetings SET finalised_at = ?2, finalised_by = ?3 WHERE id = ?1",
                params![id, stamp, by],
            )?;
            tx.audit("finalised a meeting's notes", "meeting", Some(id), "")
        })?;
        self.meeting_get(id)
    }

    pub fn meeting_reopen(&mut self, id: i64, reason: &str) -> Result<Meeting> {
        let reason = required_lines("reason", reason, "why the notes are being reopened")?;
        let m = self.meeting_get(id)?;
        if m.finalised_at.is_none() {
            return Err(CoreError::Locked(
                "This meeting is not finalised, so there is nothing to reopen.".into(),
            ));
        }
        let stamp = self.clock.stamp();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO meeting_reopenings (meeting_id, reason, reopened_by, reopened_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, reason, tx.actor, stamp],
            )?;
            tx.execute("UPDATE meetings SET finalised_at = NULL, finalised_by = NULL WHERE id = ?1", [id])?;
            tx.audit("reopened a meeting's notes", "meeting", Some(id), &reason)
        })?;
        self.meeting_get(id)
    }

    /// Saves an agenda item's or decision's text and whether it is confidential; `more`
    /// saves anything else about it, in the same transaction.
    fn save_item(
        &mut self,
        i: &MeetingItemInput,
        table: &str,
        text_col: &str,
        text: &str,
        what: &str,
        more: impl FnOnce(&Tx, i64) -> Result<()>,
    ) -> Result<Meeting> {
        editable(&self.conn, i.meeting_id)?;
        if let Some(id) = i.id {
            if owning_meeting(&self.conn, table, id)? != i.meeting_id {
                return Err(CoreError::NotFound(
                    "That item is not part of this meeting.".into(),
                ));
            }
        }
        self.write(|tx| {
            let id = match i.id {
                Some(id) => {
                    tx.execute(
                        &format!("UPDATE {table} SET {text_col} = ?3, confidential = ?4 WHERE id = ?1 AND meeting_id = ?2"),
                        params![id, i.meeting_id, text, i.confidential],
                    )?;
                    id
                }
                None => {
                    let pos: i64 = tx.query_row(
                        &format!("SELECT coalesce(max(position), 0) + 1 FROM {table} WHERE meeting_id = ?1"),
                        [i.meeting_id],
                        |r| r.get(0),
                    )?;
                    tx.execute(
                        &format!("INSERT INTO {table} (meeting_id, position, {text_col}, confidential) VALUES (?1, ?2, ?3, ?4)"),
                        params![i.meeting_id, pos, text, i.confidential],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            more(tx, id)?;
            tx.audit(&format!("changed the {what}"), "meeting", Some(i.meeting_id), "")
        })?;
        self.meeting_get(i.meeting_id)
    }

    fn delete_item(&mut self, table: &str, id: i64, what: &str) -> Result<Meeting> {
        let mid = owning_meeting(&self.conn, table, id)?;
        editable(&self.conn, mid)?;
        self.write(|tx| delete_from(tx, table, id, mid, what))?;
        self.meeting_get(mid)
    }
}

fn delete_from(tx: &Tx, table: &str, id: i64, meeting_id: i64, what: &str) -> Result<()> {
    tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
    tx.audit(
        &format!("removed an item from the {what}"),
        "meeting",
        Some(meeting_id),
        "",
    )
}

fn owning_meeting(conn: &Connection, table: &str, id: i64) -> Result<i64> {
    one(
        conn,
        &format!("SELECT meeting_id FROM {table} WHERE id = ?1"),
        [id],
        "item",
        |r| r.get(0),
    )
}

/// Finalised notes are read-only until reopened.
pub(crate) fn editable(conn: &Connection, meeting_id: i64) -> Result<()> {
    let fin: Option<String> = one(
        conn,
        "SELECT finalised_at FROM meetings WHERE id = ?1",
        [meeting_id],
        "meeting",
        |r| r.get(0),
    )?;
    if fin.is_some() {
        return Err(CoreError::Locked(
            "These meeting notes are finalised, so they cannot be changed. Reopen them (with a reason) to make changes.".into(),
        ));
    }
    Ok(())
}

/// The one organisation name the forum's own people are listed under in this meeting's
/// group: the group's partner that is the forum (its name or one of its other names is the
/// forum's, or mentions "forum" or ends in "PCF"), else the forum's own name. Invitations
/// and attendance both use it, so meeting notes never list the forum twice under two names.
fn forum_org_name(conn: &Connection, meeting_id: i64) -> Result<String> {
    let gid: i64 = one(
        conn,
        "SELECT group_id FROM meetings WHERE id = ?1",
        [meeting_id],
        "meeting",
        |r| r.get(0),
    )?;
    let orgs = group_orgs(conn, gid)?;
    for o in &orgs {
        if is_the_forum(conn, &o.organisation)? {
            return Ok(o.organisation.clone());
        }
        for a in &o.aliases {
            if is_the_forum(conn, a)? {
                return Ok(o.organisation.clone());
            }
        }
    }
    let mentions_forum = |name: &str| {
        let n = name.trim().to_lowercase();
        n.contains("forum") || n.ends_with("pcf")
    };
    if let Some(o) = orgs
        .into_iter()
        .find(|o| mentions_forum(&o.organisation) || o.aliases.iter().any(|a| mentions_forum(a)))
    {
        return Ok(o.organisation);
    }
    let name = crate::forum::settings::forum(conn)?.name;
    Ok(if name.trim().is_empty() {
        "Parent Carer Forum".into()
    } else {
        name.trim().to_string()
    })
}

/// Whether an organisation as typed means the forum itself: "Forum", "Parent Carer Forum",
/// "PCF" or the forum's own name, in any case. Other forums ("Youth Forum") are not it.
fn is_the_forum(conn: &Connection, org: &str) -> Result<bool> {
    let org = org.trim().to_lowercase();
    let own = crate::forum::settings::forum(conn)?
        .name
        .trim()
        .to_lowercase();
    Ok(matches!(
        org.as_str(),
        "forum" | "the forum" | "parent carer forum" | "parent carers forum" | "pcf"
    ) || (!own.is_empty() && org == own))
}

pub(crate) fn meeting(conn: &Connection, id: i64, today: chrono::NaiveDate) -> Result<Meeting> {
    let mut m = one(
        conn,
        "SELECT m.id, m.group_id, g.name, m.title, m.starts_at, m.ends_at, m.place, m.online_link, m.notice_sent_on,
                m.papers_sent_on, m.chair_name, m.chair_org, m.note_taker_name, m.note_taker_org, m.finalised_at,
                CASE WHEN f.erased_on IS NULL THEN f.name ELSE f.anon_ref END, m.notes_sent_on
         FROM meetings m JOIN groups g ON g.id = m.group_id LEFT JOIN members f ON f.id = m.finalised_by WHERE m.id = ?1",
        [id],
        "meeting",
        |r| {
            Ok(Meeting {
                id: r.get(0)?,
                group_id: r.get(1)?,
                group_name: r.get(2)?,
                title: r.get(3)?,
                starts_at: r.get(4)?,
                ends_at: r.get(5)?,
                place: r.get(6)?,
                online_link: r.get(7)?,
                notice_sent_on: r.get(8)?,
                papers_sent_on: r.get(9)?,
                chair_name: r.get(10)?,
                chair_org: r.get(11)?,
                note_taker_name: r.get(12)?,
                note_taker_org: r.get(13)?,
                finalised_at: r.get(14)?,
                finalised_by_name: r.get(15)?,
                notes_sent_on: r.get(16)?,
                people: vec![],
                agenda: vec![],
                decisions: vec![],
                actions: vec![],
                carried_over: vec![],
                checks: MeetingChecks::default(),
                reopenings: vec![],
                suggested_chair_org: None,
                suggested_note_taker_org: None,
                exceptions: vec![],
                signoffs: vec![],
                signed_off: false,
                readiness_warnings: vec![],
            })
        },
    )?;
    let group = crate::reps::groups::group(conn, m.group_id)?;
    let orgs = &group.orgs;
    m.people = conn
        .prepare(
            "SELECT id, member_id, name, organisation, attendance, membership FROM meeting_people WHERE meeting_id = ?1
             ORDER BY organisation COLLATE NOCASE, name COLLATE NOCASE",
        )?
        .query_map([id], |r| {
            Ok(MeetingPerson {
                id: r.get(0)?,
                member_id: r.get(1)?,
                name: r.get(2)?,
                organisation: r.get(3)?,
                attendance: r.get(4)?,
                membership: r.get(5)?,
                counts_for: None,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for p in &mut m.people {
        p.counts_for = quoracy::partner_of(orgs, &p.organisation).map(|o| o.organisation.clone());
    }
    m.agenda = conn
        .prepare(
            "SELECT id, position, title, presenter, confidential, received_on FROM agenda_items WHERE meeting_id = ?1
             ORDER BY position, id",
        )?
        .query_map([id], |r| {
            Ok(AgendaItem {
                id: r.get(0)?,
                position: r.get(1)?,
                title: r.get(2)?,
                presenter: r.get(3)?,
                confidential: r.get(4)?,
                received_on: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    m.decisions = conn
        .prepare(
            "SELECT id, position, text, confidential FROM decisions WHERE meeting_id = ?1 ORDER BY position, id",
        )?
        .query_map([id], |r| {
            Ok(Decision {
                id: r.get(0)?,
                position: r.get(1)?,
                text: r.get(2)?,
                confidential: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    m.actions = actions(conn, "a.meeting_id = ?1", params![id])?;
    m.carried_over = actions(
        conn,
        "a.status = 'open' AND mt.group_id = ?1 AND mt.starts_at < ?2",
        params![m.group_id, m.starts_at],
    )?;
    m.reopenings = conn
        .prepare(
            "SELECT r.reason, CASE WHEN p.erased_on IS NULL THEN p.name ELSE p.anon_ref END, r.reopened_at
             FROM meeting_reopenings r LEFT JOIN members p ON p.id = r.reopened_by WHERE r.meeting_id = ?1 ORDER BY r.id",
        )?
        .query_map([id], |r| Ok(Reopening { reason: r.get(0)?, reopened_by_name: r.get(1)?, reopened_at: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    m.exceptions = super::exceptions::exceptions_of(conn, id)?;
    (m.signoffs, m.signed_off) = super::signoff::signoffs_of(conn, id, orgs)?;

    // Quoracy: members who attended; guests are listed but do not count.
    let attended: Vec<(String, Membership)> = m
        .people
        .iter()
        .filter(|p| p.attendance == "attended")
        .map(|p| (p.organisation.clone(), p.membership))
        .collect();
    let q = quoracy::evaluate(group.quorum_total, orgs, &attended);

    // The group's standards, with what the group agreed instead of a warning.
    let starts = dates::parse_datetime("starts_at", &m.starts_at)?;
    let ends = dates::parse_datetime("ends_at", &m.ends_at)?;
    let date = |field: &str, v: &Option<String>| {
        dates::parse_optional_date(field, v.as_deref().unwrap_or(""))
    };
    let items = m
        .agenda
        .iter()
        .map(|a| Ok((a.title.clone(), date("received_on", &a.received_on)?)))
        .collect::<Result<Vec<_>>>()?;
    let facts = Facts {
        starts,
        ends,
        notice_sent: date("notice_sent_on", &m.notice_sent_on)?,
        papers_sent: date("papers_sent_on", &m.papers_sent_on)?,
        items: &items,
        today,
    };
    let cal = SchoolCalendar::load(conn)?;
    let due = checks::deadlines(starts.date(), &group.standards, &cal);
    let warnings = checks::findings(&facts, &group.standards, &cal)
        .into_iter()
        .filter(|f| {
            !f.kind
                .is_some_and(|k| m.exceptions.iter().any(|e| e.kind == k))
        })
        .map(|f| f.text)
        .collect();
    m.checks = MeetingChecks {
        warnings,
        exceptions: m.exceptions.iter().map(|e| e.text.clone()).collect(),
        quorate: q.quorate,
        quoracy_reason: q.reason,
        quorum_rule: group.quorum_rule.clone(),
        notice_due_on: Some(dates::iso(due.notice)),
        papers_due_on: Some(dates::iso(due.papers)),
        items_due_on: due.items.map(dates::iso),
    };

    // Whose turn: the rotating partners, after whoever actually chaired and took notes last.
    let history = rotation::history(conn, m.group_id, Some(&m.starts_at))?;
    let turns = rotation::next_turns(orgs, group.notes_rotation, &history);
    m.suggested_chair_org = turns.chair;
    m.suggested_note_taker_org = turns.note_taker;

    // Forum members invited or present who lack what the group requires on the day.
    for p in &m.people {
        if let (Some(member), "invited" | "attended") = (p.member_id, p.attendance.as_str()) {
            for w in crate::reps::readiness::warnings_for(conn, member, m.group_id, starts.date())?
            {
                if !m.readiness_warnings.contains(&w) {
                    m.readiness_warnings.push(w);
                }
            }
        }
    }
    Ok(m)
}

fn actions(conn: &Connection, filter: &str, p: impl rusqlite::Params) -> Result<Vec<Action>> {
    Ok(conn
        .prepare(&format!(
            "SELECT a.id, a.meeting_id, mt.title, substr(mt.starts_at, 1, 10), a.text, a.owner, a.due_on, a.status
             FROM actions a JOIN meetings mt ON mt.id = a.meeting_id WHERE {filter} ORDER BY mt.starts_at, a.id"
        ))?
        .query_map(p, |r| {
            Ok(Action {
                id: r.get(0)?,
                meeting_id: r.get(1)?,
                meeting_title: r.get(2)?,
                meeting_date: r.get(3)?,
                text: r.get(4)?,
                owner: r.get(5)?,
                due_on: r.get(6)?,
                status: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
