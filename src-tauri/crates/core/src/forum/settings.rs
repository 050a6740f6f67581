//! The forum's own details, its funders, and setting up a new forum.

use rusqlite::{params, Connection, OptionalExtension};

use crate::members::records::check_email;
use crate::model::{Forum, Funder, FunderInput, Person, SetupInput};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{name, optional_line, optional_lines, required};

/// Sent with nothing filled in, the declaration a rep agrees to when submitting.
pub const DEFAULT_DECLARATION: &str = "I declare that this claim is correct, that I have not claimed these costs from anyone else, and that I have attached receipts where they are needed.";

impl Store {
    /// True until a forum has been set up (no forum row, or nobody who can use the app).
    pub fn setup_needed(&self) -> Result<bool> {
        let forum: i64 = self
            .conn
            .query_row("SELECT count(*) FROM forum", [], |r| r.get(0))?;
        Ok(forum == 0 || self.people_list()?.is_empty())
    }

    /// A throwaway forum in memory (tests, benchmarks): the forum, its default payment
    /// policy and the person setting it up as chair, signed in with an identity made in
    /// memory. A forum on disk is made by [`Store::create`], which adds sign-in.
    pub fn setup_forum(&mut self, input: &SetupInput) -> Result<Person> {
        if self.data_dir().is_some() {
            return Err(CoreError::Locked(
                "A forum on disk is set up with a passphrase (Store::create).".into(),
            ));
        }
        let mut p = Problems::new();
        let forum_name = p.check(required(
            "forum_name",
            &input.forum_name,
            "the forum's name",
        ))?;
        let your_name = p.check(name("your_name", &input.your_name, "your name"))?;
        // The same check as the member form: this person becomes the forum's first member.
        p.check(check_email("your_email", &input.your_email))?;
        p.finish()?;
        let (forum_name, your_name) = (
            forum_name.unwrap_or_default(),
            your_name.unwrap_or_default(),
        );
        if !self.setup_needed()? {
            return Err(CoreError::Locked("This forum is already set up.".into()));
        }
        let identity = self.new_identity(&forum_name)?;
        let uid = crate::signin::new_forum_uid();
        let id = self.setup_forum_record(
            &forum_name,
            &your_name,
            input.your_email.trim(),
            &uid,
            &identity,
        )?;
        self.acting_identity = Some(identity);
        self.act_as(Some(id))?;
        crate::forum::people::person(&self.conn, id)
    }

    /// The forum's first rows: its details (with its random id and public certificate), the
    /// default payment policy, and its chair. Returns the chair's id.
    pub(crate) fn setup_forum_record(
        &mut self,
        forum_name: &str,
        your_name: &str,
        your_email: &str,
        uid: &str,
        identity: &forumdesk_export::ForumIdentity,
    ) -> Result<i64> {
        let today = crate::text::dates::iso(self.today());
        let cert = identity.certificate_pem();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO forum (id, name, uid, certificate_pem) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, uid = excluded.uid,
                    certificate_pem = excluded.certificate_pem",
                params![forum_name, uid, cert],
            )?;
            crate::forum::policies::insert_default_policy(tx)?;
            tx.execute(
                "INSERT INTO members (name, email, joined_on) VALUES (?1, ?2, ?3)",
                params![your_name, your_email, today],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO reps (member_id, is_chair, is_rep, started_on) VALUES (?1, 1, 1, ?2)",
                params![id, today],
            )?;
            tx.audit("set up the forum", "forum", Some(1), "")?;
            Ok(id)
        })
    }

    /// Gives an existing forum (one from before sign-in) its random id and certificate.
    pub(crate) fn set_forum_identity(
        &mut self,
        uid: &str,
        identity: &forumdesk_export::ForumIdentity,
    ) -> Result<()> {
        let cert = identity.certificate_pem();
        self.write(|tx| {
            tx.execute(
                "UPDATE forum SET uid = ?1, certificate_pem = ?2 WHERE id = 1",
                params![uid, cert],
            )?;
            Ok(())
        })
    }

    pub fn forum_get(&self) -> Result<Forum> {
        forum(&self.conn)
    }

    pub fn forum_save(&mut self, f: &Forum) -> Result<Forum> {
        self.require_officer("change the forum's details")?;
        let mut p = Problems::new();
        let name = p.check(required("name", &f.name, "the forum's name"))?;
        let address = p.check(optional_lines("address", &f.address, "the address"))?;
        let charity = p.check(optional_line(
            "charity_number",
            &f.charity_number,
            "the charity number",
        ))?;
        let terms = p.check(optional_lines(
            "payment_terms",
            &f.payment_terms,
            "the payment terms",
        ))?;
        let declaration = p.check(optional_lines(
            "declaration",
            &f.declaration,
            "the declaration",
        ))?;
        p.finish()?;
        let (name, address, charity) = (
            name.unwrap_or_default(),
            address.unwrap_or_default(),
            charity.unwrap_or_default(),
        );
        let declaration = match declaration.as_deref() {
            Some("") | None => DEFAULT_DECLARATION,
            Some(d) => d,
        };
        let terms = match terms.as_deref() {
            Some("") | None => "Please pay within 30 days of receiving this claim.",
            Some(t) => t,
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO forum (id, name, address, charity_number, payment_terms, declaration)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = ?1, address = ?2, charity_number = ?3,
                   payment_terms = ?4, declaration = ?5",
                params![name, address, charity, terms, declaration],
            )?;
            tx.audit("changed the forum's details", "forum", Some(1), "")
        })?;
        self.forum_get()
    }

    pub fn funders_list(&self) -> Result<Vec<Funder>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, cost_code, finance_contact FROM funders ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], funder_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn funder_get(&self, id: i64) -> Result<Funder> {
        one(
            &self.conn,
            "SELECT id, name, cost_code, finance_contact FROM funders WHERE id = ?1",
            [id],
            "funder",
            funder_row,
        )
    }

    pub fn funder_by_name(&self, name: &str) -> Result<Funder> {
        one(
            &self.conn,
            "SELECT id, name, cost_code, finance_contact FROM funders WHERE name = ?1 COLLATE NOCASE",
            [name.trim()],
            "funder",
            funder_row,
        )
        .map_err(|_| CoreError::NotFound(format!("There is no funder called \"{}\".", name.trim())))
    }

    pub fn funder_save(&mut self, input: &FunderInput) -> Result<Funder> {
        self.require_officer("change the funders")?;
        let mut p = Problems::new();
        let name = p.check(required("name", &input.name, "the funder's name"))?;
        let cost_code = p.check(optional_line(
            "cost_code",
            &input.cost_code,
            "the cost code",
        ))?;
        let contact = p.check(optional_line(
            "finance_contact",
            &input.finance_contact,
            "the finance contact",
        ))?;
        p.finish()?;
        let (name, cost_code, contact) = (
            name.unwrap_or_default(),
            cost_code.unwrap_or_default(),
            contact.unwrap_or_default(),
        );
        let clash: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM funders WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
                params![name, input.id],
                |r| r.get(0),
            )
            .optional()?;
        if clash.is_some() {
            return Err(CoreError::invalid(
                "name",
                format!("There is already a funder called \"{name}\"."),
            ));
        }
        let id = self.write(|tx| {
            let id = match input.id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE funders SET name = ?2, cost_code = ?3, finance_contact = ?4 WHERE id = ?1",
                        params![id, name, cost_code, contact],
                    )?;
                    if n == 0 {
                        return Err(CoreError::NotFound("That funder could not be found.".into()));
                    }
                    tx.audit("changed a funder", "funder", Some(id), "")?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO funders (name, cost_code, finance_contact) VALUES (?1, ?2, ?3)",
                        params![name, cost_code, contact],
                    )?;
                    let id = tx.last_insert_rowid();
                    tx.audit("added a funder", "funder", Some(id), "")?;
                    id
                }
            };
            Ok(id)
        })?;
        self.funder_get(id)
    }

    /// A funder can only be removed while nothing refers to it.
    pub fn funder_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("change the funders")?;
        let used: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM claims WHERE funder_id = ?1) + (SELECT count(*) FROM groups WHERE funder_id = ?1)
                  + (SELECT count(*) FROM policies WHERE funder_id = ?1) + (SELECT count(*) FROM budgets WHERE funder_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Err(CoreError::Locked(
                "This funder has claims, groups, payment policies or budgets, so it cannot be removed. You can rename it instead.".into(),
            ));
        }
        self.write(|tx| {
            tx.execute("DELETE FROM funders WHERE id = ?1", [id])?;
            tx.audit("removed a funder", "funder", Some(id), "")
        })
    }
}

/// Refuses a funder id that is not one of the forum's funders.
pub(crate) fn funder_exists(conn: &Connection, id: i64) -> Result<()> {
    one(
        conn,
        "SELECT id FROM funders WHERE id = ?1",
        [id],
        "funder",
        |r| r.get::<_, i64>(0),
    )
    .map(|_| ())
}

pub(crate) fn forum(conn: &Connection) -> Result<Forum> {
    Ok(conn
        .query_row("SELECT name, address, charity_number, payment_terms, declaration FROM forum WHERE id = 1", [], |r| {
            Ok(Forum {
                name: r.get(0)?,
                address: r.get(1)?,
                charity_number: r.get(2)?,
                payment_terms: r.get(3)?,
                declaration: r.get(4)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

fn funder_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Funder> {
    Ok(Funder {
        id: r.get(0)?,
        name: r.get(1)?,
        cost_code: r.get(2)?,
        finance_contact: r.get(3)?,
    })
}

/// The forum's public certificate, as kept in the store.
pub(crate) fn certificate_pem(conn: &Connection) -> Result<String> {
    let pem: String = conn
        .query_row("SELECT certificate_pem FROM forum WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default();
    if pem.is_empty() {
        return Err(CoreError::Locked(
            "This forum has no signing certificate yet.".into(),
        ));
    }
    Ok(pem)
}

/// The forum's random id.
pub(crate) fn forum_uid(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row("SELECT uid FROM forum WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}
