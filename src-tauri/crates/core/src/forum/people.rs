//! The people who may use the app (members with a role), the signed-in person, and small
//! lookups the sign-in room needs. Roles here are labels for people to read; officer powers
//! come only from the signing key a person's sign-in slot gave them (see the sign-in room).

use rusqlite::{Connection, OptionalExtension};

use crate::model::Person;
use crate::store::{one, CoreError, Result, Store};

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

    /// The signed-in person, with `officer` from their sign-in (not from their roles).
    pub(crate) fn acting_person(&self) -> Result<Person> {
        let session = self.active_session()?;
        let officer = session.is_officer();
        let mut p = person(&self.conn, session.person_id).map_err(|_| CoreError::NoSession)?;
        p.officer = officer;
        Ok(p)
    }

    /// The signed-in person, or none on a throwaway store nobody has signed in to (tests and
    /// benchmarks, which may read everything).
    pub(crate) fn acting_person_opt(&self) -> Result<Option<Person>> {
        match self.session {
            Some(_) => self.acting_person().map(Some),
            None => Ok(None),
        }
    }

    /// The signed-in person, if somebody has signed in (even if the window is locked).
    pub fn session_person(&self) -> Result<Option<Person>> {
        match &self.session {
            Some(s) => {
                let mut p = person(&self.conn, s.person_id)?;
                p.officer = s.is_officer();
                Ok(Some(p))
            }
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
        officer: false,
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

/// Whether the person holds the chair's or treasurer's role: who should have an officer's
/// sign-in. (What they may do is decided by the sign-in they actually have.)
pub(crate) fn has_officer_role(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT r.active = 1 AND (r.is_chair = 1 OR r.is_treasurer = 1) FROM reps r
             JOIN members m ON m.id = r.member_id WHERE r.member_id = ?1 AND m.erased_on IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

pub(crate) fn is_chair(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT is_chair = 1 AND active = 1 FROM reps WHERE member_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

pub(crate) fn name_and_email(conn: &Connection, id: i64) -> Result<(String, String)> {
    one(
        conn,
        "SELECT name, email FROM members WHERE id = ?1",
        [id],
        "member",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// What the start screen shows for a person: their known-as name, or their first name.
pub(crate) fn label_of(name: &str, known_as: &str) -> String {
    let known = known_as.trim();
    if !known.is_empty() {
        return known.to_string();
    }
    name.split_whitespace().next().unwrap_or("").to_string()
}

pub(crate) fn sign_in_label(conn: &Connection, id: i64) -> Result<String> {
    let (name, known): (String, String) = one(
        conn,
        "SELECT name, known_as FROM members WHERE id = ?1",
        [id],
        "member",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(label_of(&name, &known))
}

/// The active person `who` names (their name or email, any case), or the active chair when
/// `who` is empty.
pub(crate) fn person_by_name_or_email(conn: &Connection, who: &str) -> Result<i64> {
    let who = who.trim();
    let found: Option<i64> = if who.is_empty() {
        conn.query_row(
            &format!("{PERSON_SQL} AND r.is_chair = 1 ORDER BY m.id LIMIT 1"),
            [],
            |r| r.get(0),
        )
        .optional()?
    } else {
        conn.query_row(
            &format!(
                "{PERSON_SQL} AND (m.name = ?1 COLLATE NOCASE OR (m.email <> '' AND m.email = ?1 COLLATE NOCASE)) LIMIT 1"
            ),
            [who],
            |r| r.get(0),
        )
        .optional()?
    };
    found.ok_or_else(|| {
        CoreError::SignIn(if who.is_empty() {
            "This forum has no active chair to act as. Say who you are with --as NAME.".into()
        } else {
            format!("There is nobody called \"{who}\" who can use Forum Desk here.")
        })
    })
}
