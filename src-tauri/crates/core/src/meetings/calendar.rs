//! Calendar (.ics) files: one meeting, or a group's upcoming meetings.

use forumdesk_export as ex;
use rusqlite::params;

use crate::exports::{slug, Destination};
use crate::model::{Meeting, SavedFile};
use crate::store::{CoreError, Result, Store};
use crate::text::dates;

impl Store {
    /// One meeting as iCalendar text.
    pub fn meeting_ics_text(&self, meeting_id: i64) -> Result<String> {
        let m = self.meeting_get(meeting_id)?;
        Ok(ex::meeting_ics(&[ics_meeting(&m)?], self.now_utc()))
    }

    pub fn export_meeting_ics(&mut self, meeting_id: i64, dest: &Destination) -> Result<SavedFile> {
        let m = self.meeting_get(meeting_id)?;
        let text = self.meeting_ics_text(meeting_id)?;
        let name = format!(
            "meeting-{}-{}.ics",
            slug(&m.title),
            m.starts_at.get(..10).unwrap_or("")
        );
        let saved = self.save(dest, &name, text.as_bytes())?;
        self.log_export(
            "exported a meeting to a calendar file",
            "meeting",
            Some(meeting_id),
            &m.title,
            &saved,
        )?;
        Ok(saved)
    }

    /// A group's upcoming meetings (starting now or later) as iCalendar text.
    pub fn group_ics_text(&self, group_id: i64) -> Result<String> {
        let group = self.group_get(group_id)?;
        let now = dates::iso_datetime(self.clock.now());
        let ids: Vec<i64> = self
            .conn
            .prepare(
                "SELECT id FROM meetings WHERE group_id = ?1 AND starts_at >= ?2 ORDER BY starts_at, id",
            )?
            .query_map(params![group_id, now], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            return Err(CoreError::NotFound(format!(
                "{} has no meetings coming up, so there is nothing to put in a calendar file.",
                group.name
            )));
        }
        let meetings = ids
            .into_iter()
            .map(|id| self.meeting_get(id).and_then(|m| ics_meeting(&m)))
            .collect::<Result<Vec<_>>>()?;
        Ok(ex::meeting_ics(&meetings, self.now_utc()))
    }

    pub fn export_group_ics(&mut self, group_id: i64, dest: &Destination) -> Result<SavedFile> {
        let text = self.group_ics_text(group_id)?;
        let group = self.group_get(group_id)?;
        let name = format!("{}-meetings.ics", slug(&group.name));
        let saved = self.save(dest, &name, text.as_bytes())?;
        self.log_export(
            "exported a group's upcoming meetings to a calendar file",
            "group",
            Some(group_id),
            &group.name,
            &saved,
        )?;
        Ok(saved)
    }
}

fn ics_meeting(m: &Meeting) -> Result<ex::IcsMeeting> {
    let agenda: Vec<String> = m
        .agenda
        .iter()
        .enumerate()
        .map(|(i, a)| format!("{}. {}", i + 1, a.title))
        .collect();
    Ok(ex::IcsMeeting {
        id: m.id,
        title: m.title.clone(),
        group_name: Some(m.group_name.clone()),
        starts_at: dates::parse_datetime("starts_at", &m.starts_at)?,
        ends_at: Some(dates::parse_datetime("ends_at", &m.ends_at)?),
        location: Some(m.place.trim().to_string()).filter(|s| !s.is_empty()),
        online_link: Some(m.online_link.trim().to_string()).filter(|s| !s.is_empty()),
        description: (!agenda.is_empty()).then(|| format!("Agenda:\n{}", agenda.join("\n"))),
        cancelled: false,
    })
}
