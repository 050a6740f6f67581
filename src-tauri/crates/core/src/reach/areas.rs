//! The forum's list of areas. Renaming an area renames it for every member who chose it;
//! retiring it stops it being offered while those members keep it; deleting is only for an
//! area nobody chose (a typing slip), and is refused otherwise with a plain message.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::Area;
use crate::store::{CoreError, Result, Store};
use crate::text::{dates, name};

impl Store {
    /// Every area, in name order; retired ones only when `with_retired`.
    pub fn areas_list(&self, with_retired: bool) -> Result<Vec<Area>> {
        list(&self.conn, with_retired)
    }

    /// Adds an area (`id` None) or renames one.
    pub fn area_save(&mut self, id: Option<i64>, area_name: &str) -> Result<Area> {
        self.require_officer("change the forum's areas")?;
        let n = name("name", area_name, "the area's name")?;
        let clash: Option<String> = self
            .conn
            .query_row(
                "SELECT name FROM areas WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
                params![n, id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(existing) = clash {
            return Err(CoreError::invalid(
                "name",
                format!("There is already an area called {existing}."),
            ));
        }
        if let Some(id) = id {
            area(&self.conn, id)?;
        }
        let id = self.write(|tx| match id {
            Some(id) => {
                tx.execute("UPDATE areas SET name = ?2 WHERE id = ?1", params![id, n])?;
                tx.audit("renamed an area", "area", Some(id), &n)?;
                Ok(id)
            }
            None => {
                tx.execute("INSERT INTO areas (name) VALUES (?1)", [&n])?;
                let id = tx.last_insert_rowid();
                tx.audit("added an area", "area", Some(id), &n)?;
                Ok(id)
            }
        })?;
        area(&self.conn, id)
    }

    /// Retires an area (it is no longer offered; members who chose it keep it), or brings
    /// it back.
    pub fn area_retire(&mut self, id: i64, retired: bool) -> Result<Area> {
        self.require_officer("change the forum's areas")?;
        let a = area(&self.conn, id)?;
        let today = dates::iso(self.today());
        self.write(|tx| {
            if retired {
                tx.execute(
                    "UPDATE areas SET retired_on = coalesce(retired_on, ?2) WHERE id = ?1",
                    params![id, today],
                )?;
                tx.audit("retired an area", "area", Some(id), &a.name)
            } else {
                tx.execute("UPDATE areas SET retired_on = NULL WHERE id = ?1", [id])?;
                tx.audit("brought back a retired area", "area", Some(id), &a.name)
            }
        })?;
        area(&self.conn, id)
    }

    /// Deletes an area nobody chose. One that members chose is refused: retire it instead,
    /// so their details keep it.
    pub fn area_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("change the forum's areas")?;
        let a = area(&self.conn, id)?;
        if a.members > 0 {
            return Err(CoreError::Locked(format!(
                "{} {} chose {}, so it cannot be deleted. Retire it instead: it will no longer be offered, and their details keep it.",
                a.members,
                if a.members == 1 { "member" } else { "members" },
                a.name
            )));
        }
        self.write(|tx| {
            tx.execute("DELETE FROM areas WHERE id = ?1", [id])?;
            tx.audit("deleted an area", "area", Some(id), &a.name)
        })
    }

    /// The area called `name` (any case), for the command line.
    pub fn area_by_name(&self, area_name: &str) -> Result<Area> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM areas WHERE name = ?1 COLLATE NOCASE",
                [area_name.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => area(&self.conn, id),
            None => Err(CoreError::NotFound(format!(
                "There is no area called {}.",
                area_name.trim()
            ))),
        }
    }
}

const SELECT: &str = "SELECT a.id, a.name, a.retired_on,
        (SELECT count(*) FROM member_reach r WHERE r.area_id = a.id) FROM areas a";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Area> {
    Ok(Area {
        id: r.get(0)?,
        name: r.get(1)?,
        retired_on: r.get(2)?,
        members: r.get(3)?,
    })
}

pub(crate) fn list(conn: &Connection, with_retired: bool) -> Result<Vec<Area>> {
    Ok(conn
        .prepare(&format!(
            "{SELECT} WHERE ?1 OR a.retired_on IS NULL ORDER BY a.name COLLATE NOCASE, a.id"
        ))?
        .query_map([with_retired], read)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn area(conn: &Connection, id: i64) -> Result<Area> {
    conn.query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], read)
        .optional()?
        .ok_or_else(|| CoreError::NotFound("That area could not be found.".into()))
}
