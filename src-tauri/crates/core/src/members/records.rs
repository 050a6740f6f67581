//! Members: who they are, how they agreed to be contacted, and (only with their explicit
//! consent) their children's details.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{
    Child, ChildInput, Member, MemberFilter, MemberInput, MemberSummary, MembersPage,
};
use crate::store::{one, Problems, Store, Tx};
use crate::store::{CoreError, Result};
use crate::text::dates;
use crate::text::{name, optional_lines, optional_name, required};

const STATUSES: [&str; 3] = ["active", "lapsed", "left"];

impl Store {
    /// Officers see every member; a rep sees only their own record.
    pub fn members_list(&self, filter: &MemberFilter) -> Result<Vec<MemberSummary>> {
        self.members_query(filter, -1, 0)
    }

    /// One page of the members list, with how many match in all: the window shows a page at
    /// a time, so a forum of 10,000 members draws as quickly as one of 100.
    pub fn members_page(
        &self,
        filter: &MemberFilter,
        offset: i64,
        limit: i64,
    ) -> Result<MembersPage> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let only = self.only_own_record()?;
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM members m LEFT JOIN reps r ON r.member_id = m.id WHERE {MEMBER_MATCH}"),
            params![like_pattern(&filter.text), filter.status.trim(), filter.reps_only, only],
            |r| r.get(0),
        )?;
        Ok(MembersPage {
            members: self.members_query(filter, limit, offset)?,
            total,
            offset,
        })
    }

    /// The members matching `filter`, in list order; `limit` -1 for all.
    fn members_query(
        &self,
        filter: &MemberFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<MemberSummary>> {
        let only = self.only_own_record()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT m.id, m.name, m.known_as, m.email, m.phone, m.postcode, m.status, m.joined_on,
                    r.member_id IS NOT NULL, m.erased_on IS NOT NULL, m.anon_ref
             FROM members m LEFT JOIN reps r ON r.member_id = m.id
             WHERE {MEMBER_MATCH}
             ORDER BY m.erased_on IS NOT NULL, m.name COLLATE NOCASE, m.id
             LIMIT ?5 OFFSET ?6"
        ))?;
        let rows = stmt.query_map(
            params![
                like_pattern(&filter.text),
                filter.status.trim(),
                filter.reps_only,
                only,
                limit,
                offset
            ],
            |r| {
                let erased: bool = r.get(9)?;
                Ok(MemberSummary {
                    id: r.get(0)?,
                    name: if erased { r.get(10)? } else { r.get(1)? },
                    known_as: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                    postcode: r.get(5)?,
                    status: r.get(6)?,
                    joined_on: r.get(7)?,
                    is_rep: r.get(8)?,
                    erased,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn member_get(&self, id: i64) -> Result<Member> {
        self.may_see_member(id)?;
        member(&self.conn, id)
    }

    /// Officers add and change anyone; a rep may change their own details only.
    pub fn member_save(&mut self, input: &MemberInput) -> Result<Member> {
        match input.id {
            Some(id) => self.may_see_member(id)?,
            None => {
                self.require_officer("add members")?;
            }
        }
        // An email another member has is reported with the form's other problems.
        let mut p = Problems::new();
        let m = p.check(validate_member(input, self.today()))?;
        if !p.has("email") {
            p.check(email_free(&self.conn, input.email.trim(), input.id))?;
        }
        p.finish()?;
        let m = m.expect("a member with no problems was checked");
        let id = self.write(|tx| save_member(tx, input.id, &m))?;
        self.member_get(id)
    }

    /// Records (or withdraws) the member's explicit consent to keep their children's details.
    /// Withdrawing deletes those details at once.
    pub fn member_set_children_consent(&mut self, member_id: i64, given: bool) -> Result<Member> {
        self.require_officer("record consent for children's details")?;
        let by = self.require_actor()?;
        let by_name = crate::forum::people::display_name(&self.conn, by)?;
        let today = dates::iso(self.today());
        self.write(|tx| {
            not_erased(tx, member_id)?;
            if given {
                tx.execute(
                    "UPDATE members SET children_consent_on = ?2, children_consent_by = ?3 WHERE id = ?1",
                    params![member_id, today, by_name],
                )?;
                tx.audit("recorded consent to keep children's details", "member", Some(member_id), "")
            } else {
                tx.execute("DELETE FROM children WHERE member_id = ?1", [member_id])?;
                tx.execute(
                    "UPDATE members SET children_consent_on = NULL, children_consent_by = NULL WHERE id = ?1",
                    [member_id],
                )?;
                tx.audit("withdrew consent and deleted children's details", "member", Some(member_id), "")
            }
        })?;
        self.member_get(member_id)
    }

    pub fn child_save(&mut self, input: &ChildInput) -> Result<Member> {
        self.require_officer("change children's details")?;
        let name = required("name", &input.name, "the child's first name or initials")?;
        let consent: Option<String> = self
            .conn
            .query_row(
                "SELECT children_consent_on FROM members WHERE id = ?1",
                [input.member_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound("That member could not be found.".into()))?;
        if consent.is_none() {
            return Err(CoreError::invalid(
                "children",
                "First record the member's consent to keep information about their children.",
            ));
        }
        let needs = optional_lines("needs", &input.needs, "their needs")?;
        self.write(|tx| {
            match input.id {
                Some(id) => {
                    tx.execute(
                        "UPDATE children SET name = ?3, age_band = ?4, needs = ?5 WHERE id = ?1 AND member_id = ?2",
                        params![id, input.member_id, name, input.age_band.trim(), needs],
                    )?;
                    tx.audit("changed a child's details", "member", Some(input.member_id), "")
                }
                None => {
                    tx.execute(
                        "INSERT INTO children (member_id, name, age_band, needs) VALUES (?1, ?2, ?3, ?4)",
                        params![input.member_id, name, input.age_band.trim(), needs],
                    )?;
                    tx.audit("added a child's details", "member", Some(input.member_id), "")
                }
            }
        })?;
        self.member_get(input.member_id)
    }

    pub fn child_delete(&mut self, id: i64) -> Result<Member> {
        self.require_officer("change children's details")?;
        let member_id: i64 = one(
            &self.conn,
            "SELECT member_id FROM children WHERE id = ?1",
            [id],
            "child's record",
            |r| r.get(0),
        )?;
        self.write(|tx| {
            tx.execute("DELETE FROM children WHERE id = ?1", [id])?;
            tx.audit("removed a child's details", "member", Some(member_id), "")
        })?;
        self.member_get(member_id)
    }
}

impl Store {
    /// `Some(me)` when the signed-in person may see only their own record (a rep), `None`
    /// when they may see everyone's (an officer, or a throwaway store in tests).
    pub(crate) fn only_own_record(&self) -> Result<Option<i64>> {
        match &self.session {
            None => Ok(None),
            Some(_) => {
                let s = self.active_session()?;
                Ok((!s.is_officer()).then_some(s.person_id))
            }
        }
    }

    pub(crate) fn may_see_member(&self, id: i64) -> Result<()> {
        match self.only_own_record()? {
            Some(me) if me != id => Err(CoreError::NotAllowed(
                "You can only see and change your own record.".into(),
            )),
            _ => Ok(()),
        }
    }
}

/// A member input after checking: trimmed and normalised.
pub(crate) struct ValidMember {
    pub name: String,
    pub known_as: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub joined_on: Option<String>,
    pub status: String,
    pub consent: [bool; 3],
    /// The day this change is made (the store's clock): a member who stops being active
    /// now has left on this day (see `save_member`).
    pub changed_on: String,
}

/// Checks a member's details, reporting every problem together (the form shows each beside
/// its field). `today` is the store's clock: nobody joined in the future.
pub(crate) fn validate_member(i: &MemberInput, today: chrono::NaiveDate) -> Result<ValidMember> {
    let mut p = Problems::new();
    let name = p.check(name("name", &i.name, "the member's name"))?;
    let known_as = p.check(optional_name(
        "known_as",
        &i.known_as,
        "the name they like to be called",
    ))?;
    let email = i.email.trim().to_string();
    p.check(check_email("email", &email))?;
    let phone = i.phone.trim().to_string();
    if !phone.is_empty()
        && !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-".contains(c))
    {
        p.add(
            "phone",
            "A phone number can only have digits, spaces, +, ( ) and -.",
        );
    }
    let postcode = i.postcode.trim().to_uppercase();
    if postcode.chars().count() > 10 {
        p.add("postcode", "That postcode is too long. Please check it.");
    } else if postcode.chars().any(char::is_control) {
        p.add(
            "postcode",
            "Please type the postcode again: it has a hidden character in it.",
        );
    }
    let status = if i.status.trim().is_empty() {
        "active".to_string()
    } else {
        i.status.trim().to_lowercase()
    };
    if !STATUSES.contains(&status.as_str()) {
        p.add("status", "Status must be active, lapsed or left.");
    }
    let joined_on = p
        .check(dates::parse_optional_date("joined_on", &i.joined_on))?
        .flatten();
    if joined_on.is_some_and(|d| d > today) {
        p.add(
            "joined_on",
            format!(
                "The date they joined cannot be in the future (today is {}).",
                dates::uk(today)
            ),
        );
    }
    p.finish()?;
    Ok(ValidMember {
        name: name.unwrap_or_default(),
        known_as: known_as.unwrap_or_default(),
        email,
        phone,
        postcode,
        joined_on: joined_on.map(dates::iso),
        status,
        consent: [i.consent_email, i.consent_phone, i.consent_post],
        changed_on: dates::iso(today),
    })
}

/// An email address as people type it: blank is fine (not everybody has one); otherwise it
/// must look like an address. Shared by the member form, the CSV import and first-run set-up.
pub(crate) fn check_email(field: &str, text: &str) -> Result<()> {
    let email = text.trim();
    if email.is_empty() {
        return Ok(());
    }
    if email.chars().count() > 254
        || email.chars().any(char::is_control)
        || !looks_like_email(email)
    {
        return Err(CoreError::invalid(
            field,
            format!(
                "\"{email}\" does not look like an email address. Please write it like name@example.org."
            ),
        ));
    }
    Ok(())
}

/// Refuses an email that another member (not `id`) already has.
fn email_free(conn: &Connection, email: &str, id: Option<i64>) -> Result<()> {
    match email_owner(conn, email)? {
        Some(other) if Some(other) != id => Err(CoreError::invalid(
            "email",
            "Another member already has this email address.",
        )),
        _ => Ok(()),
    }
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// The member with this email, whatever its case. The query is written to use the unique
/// index `members_email` (on `email COLLATE NOCASE`, only where `email <> ''`): SQLite uses a
/// partial index only when the query repeats its condition.
pub(crate) const EMAIL_OWNER_SQL: &str =
    "SELECT id FROM members WHERE email = ?1 COLLATE NOCASE AND email <> ''";

pub(crate) fn email_owner(conn: &Connection, email: &str) -> Result<Option<i64>> {
    if email.trim().is_empty() {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached(EMAIL_OWNER_SQL)?
        .query_row([email.trim()], |r| r.get(0))
        .optional()?)
}

pub(crate) fn save_member(tx: &Tx, id: Option<i64>, m: &ValidMember) -> Result<i64> {
    match id {
        Some(id) => {
            not_erased(tx, id)?;
            tx.execute(
                // The leave date moves only when the status crosses between active and
                // not: leaving today sets it, coming back clears it, and changing "lapsed"
                // to "left" keeps the day they stopped (`status` in CASE is the old value).
                "UPDATE members SET name = ?2, known_as = ?3, email = ?4, phone = ?5, postcode = ?6, joined_on = ?7,
                    status = ?8, consent_email = ?9, consent_phone = ?10, consent_post = ?11,
                    left_on = CASE WHEN ?8 = 'active' THEN NULL WHEN status = 'active' THEN ?12 ELSE left_on END
                 WHERE id = ?1",
                params![
                    id, m.name, m.known_as, m.email, m.phone, m.postcode, m.joined_on, m.status, m.consent[0],
                    m.consent[1], m.consent[2], m.changed_on
                ],
            )?;
            tx.audit("changed a member's details", "member", Some(id), "")?;
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO members (name, known_as, email, phone, postcode, joined_on, status, consent_email,
                    consent_phone, consent_post) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    m.name, m.known_as, m.email, m.phone, m.postcode, m.joined_on, m.status, m.consent[0], m.consent[1],
                    m.consent[2]
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.audit("added a member", "member", Some(id), "")?;
            Ok(id)
        }
    }
}

/// An erased member's record only keeps its anonymous reference; it cannot be edited back.
pub(crate) fn not_erased(conn: &Connection, id: i64) -> Result<()> {
    let erased: Option<String> = one(
        conn,
        "SELECT erased_on FROM members WHERE id = ?1",
        [id],
        "member",
        |r| r.get(0),
    )?;
    if erased.is_some() {
        return Err(CoreError::Locked(
            "This member's personal data was erased on request, so it cannot be changed.".into(),
        ));
    }
    Ok(())
}

pub(crate) fn member(conn: &Connection, id: i64) -> Result<Member> {
    let mut m = one(
        conn,
        "SELECT m.id, m.name, m.known_as, m.email, m.phone, m.postcode, m.joined_on, m.status, m.consent_email,
                m.consent_phone, m.consent_post, m.children_consent_on, m.children_consent_by,
                r.member_id IS NOT NULL, m.erased_on, m.anon_ref, m.left_on
         FROM members m LEFT JOIN reps r ON r.member_id = m.id WHERE m.id = ?1",
        [id],
        "member",
        |r| {
            Ok(Member {
                id: r.get(0)?,
                name: r.get(1)?,
                known_as: r.get(2)?,
                email: r.get(3)?,
                phone: r.get(4)?,
                postcode: r.get(5)?,
                joined_on: r.get(6)?,
                status: r.get(7)?,
                consent_email: r.get(8)?,
                consent_phone: r.get(9)?,
                consent_post: r.get(10)?,
                children_consent_on: r.get(11)?,
                children_consent_by: r.get(12)?,
                children: Vec::new(),
                is_rep: r.get(13)?,
                erased_on: r.get(14)?,
                anon_ref: r.get(15)?,
                left_on: r.get(16)?,
            })
        },
    )?;
    if m.erased_on.is_some() {
        m.name = m.anon_ref.clone();
    }
    let mut stmt = conn.prepare("SELECT id, member_id, name, age_band, needs FROM children WHERE member_id = ?1 ORDER BY id")?;
    m.children = stmt
        .query_map([id], |r| {
            Ok(Child {
                id: r.get(0)?,
                member_id: r.get(1)?,
                name: r.get(2)?,
                age_band: r.get(3)?,
                needs: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(m)
}

/// Which members a filter matches: ?1 the LIKE pattern, ?2 the status, ?3 reps only, ?4 the
/// one member a rep may see (NULL for officers).
const MEMBER_MATCH: &str = "(?1 = '%%' OR m.name LIKE ?1 ESCAPE '\\' OR m.known_as LIKE ?1 ESCAPE '\\'
        OR m.email LIKE ?1 ESCAPE '\\' OR m.phone LIKE ?1 ESCAPE '\\' OR m.postcode LIKE ?1 ESCAPE '\\'
        OR m.anon_ref LIKE ?1 ESCAPE '\\')
   AND (?2 = '' OR m.status = ?2)
   AND (?3 = 0 OR r.member_id IS NOT NULL)
   AND (?4 IS NULL OR m.id = ?4)";

/// The search text as a LIKE pattern, with its own % and _ taken literally.
fn like_pattern(text: &str) -> String {
    format!("%{}%", text.trim().replace('%', "\\%").replace('_', "\\_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Matching an import's rows on email must be an index lookup, not a scan of every
    /// member: a 10,000-row file into a 10,000-member forum took 13 seconds when it scanned.
    #[test]
    fn email_lookup_uses_the_unique_index() {
        let store = Store::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {EMAIL_OWNER_SQL}"))
            .unwrap()
            .query_map(["a@example.org"], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("INDEX members_email (email=?)")),
            "{plan:?}"
        );
    }

    #[test]
    fn emails_are_checked_the_same_way_everywhere() {
        assert!(check_email("email", "").is_ok());
        assert!(check_email("email", " siobhan@example.org ").is_ok());
        for bad in [
            "not an email",
            "a@b",
            "a@@b.org",
            "@b.org",
            "a@.org",
            "a@b..org",
            "a b@c.org",
        ] {
            let e = check_email("your_email", bad).unwrap_err();
            assert_eq!(e.field(), Some("your_email"), "{bad}");
        }
    }
}
