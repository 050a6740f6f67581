//! The people who may use the app (members with a role) and picking who is using it.

use rusqlite::Connection;

use crate::model::Person;
use crate::store::{one, Store};
use crate::store::{CoreError, Result};

const PERSON_SQL: &str = "SELECT m.id, m.name, r.is_chair, r.is_treasurer, r.is_rep
     FROM reps r JOIN members m ON m.id = r.member_id
     WHERE r.active = 1 AND m.erased_on IS NULL";

impl Store {
    /// Active representatives, chairs and treasurers, by name.
    pub fn people_list(&self) -> Result<Vec<Person>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{PERSON_SQL} ORDER BY m.name COLLATE NOCASE"))?;
        let rows = stmt.query_map([], person_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Chooses who is using the app; every change after this is logged under their name.
    pub fn session_set(&mut self, person_id: i64) -> Result<Person> {
        let p = person(&self.conn, person_id).map_err(|_| {
            CoreError::NotFound(
                "That person cannot use Forum Desk: they need an active role.".into(),
            )
        })?;
        self.set_actor(Some(p.id));
        Ok(p)
    }

    /// The person using the app, who must have been chosen.
    pub(crate) fn acting_person(&self) -> Result<Person> {
        let id = self.require_actor()?;
        person(&self.conn, id).map_err(|_| CoreError::NoSession)
    }

    /// The person using the app, or none for the command line (which may read everything).
    pub(crate) fn acting_person_opt(&self) -> Result<Option<Person>> {
        match self.actor() {
            Some(_) => self.acting_person().map(Some),
            None => Ok(None),
        }
    }

    /// The person using the app, if one has been chosen.
    pub fn session_person(&self) -> Result<Option<Person>> {
        match self.actor() {
            Some(id) => person(&self.conn, id).map(Some),
            None => Ok(None),
        }
    }
}

pub(crate) fn person(conn: &Connection, id: i64) -> Result<Person> {
    one(
        conn,
        &format!("{PERSON_SQL} AND m.id = ?1"),
        [id],
        "person",
        person_row,
    )
}

fn person_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let mut roles = Vec::new();
    if r.get::<_, bool>(2)? {
        roles.push("chair".to_string());
    }
    if r.get::<_, bool>(3)? {
        roles.push("treasurer".to_string());
    }
    if r.get::<_, bool>(4)? {
        roles.push("rep".to_string());
    }
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        roles,
    })
}

/// A member's display name, or their anonymous reference once erased.
pub(crate) fn display_name(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT CASE WHEN erased_on IS NULL THEN name ELSE anon_ref END FROM members WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}
