//! Claims themselves: one per rep per funder per month, found or started as a draft, listed,
//! and who may see and change them.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::kinds::ClaimStatus;
use super::view::{claim_view, summaries};
use crate::model::{ClaimFilter, ClaimSummary, ClaimView, ClaimsPage, Person};
use crate::store::{one, CoreError, Result, Store};
use crate::text::dates;

/// The claims a `ClaimFilter` matches, over `claims c`: a WHERE clause naming only the
/// choices that were made, and their values. (One clause for every choice, such as
/// `(?1 = '' OR c.month = ?1)`, keeps SQLite off the claims' month index, which on a
/// twenty-year forum makes the first page several times slower.)
struct ClaimMatch {
    sql: String,
    values: Vec<Value>,
}

impl ClaimMatch {
    /// The values, then `more` (a page's months, LIMIT and OFFSET, numbered after the
    /// filter's own).
    fn params(&self, more: Vec<Value>) -> Vec<Value> {
        let mut all = self.values.clone();
        all.extend(more);
        all
    }
}

/// The months a page of the claims list falls in, and how many of their claims come before
/// it. `per_month` is each month's count of matching claims, newest first.
#[derive(Debug, PartialEq)]
struct PageMonths {
    newest: String,
    oldest: String,
    skip: i64,
}

fn page_months(per_month: &[(String, i64)], offset: i64, limit: i64) -> Option<PageMonths> {
    let mut before = 0;
    let mut span: Option<PageMonths> = None;
    for (month, n) in per_month {
        if span.is_none() && before + n <= offset {
            before += n;
            continue;
        }
        let page = span.get_or_insert_with(|| PageMonths {
            newest: month.clone(),
            oldest: month.clone(),
            skip: offset - before,
        });
        page.oldest = month.clone();
        before += n;
        if before >= offset + limit {
            break;
        }
    }
    span
}

/// The claims list's order: newest month first, then by rep and funder.
const CLAIM_ORDER: &str = "c.month DESC, rep_name COLLATE NOCASE, f.name, c.id";

/// The same order inside a page's choice of ids, where the rep's name is worked out again.
const PAGE_ORDER: &str = "c.month DESC,
    (CASE WHEN m.erased_on IS NULL THEN m.name ELSE m.anon_ref END) COLLATE NOCASE, f.name, c.id";

/// The few facts about a claim that the rules need.
#[derive(Debug, Clone)]
pub(crate) struct ClaimRow {
    pub id: i64,
    pub rep_id: i64,
    pub funder_id: i64,
    pub month: String,
    pub status: ClaimStatus,
}

/// True on the forum laptop for a claim being edited on the rep's own computer.
pub(crate) fn with_rep_here(conn: &Connection, claim_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT with_rep FROM claims WHERE id = ?1",
        [claim_id],
        |r| r.get::<_, bool>(0),
    )? && !crate::exchange::is_rep_computer(conn)?)
}

/// Why a claim that is with the rep cannot be changed on the forum laptop.
pub(crate) fn with_rep_refusal(conn: &Connection, rep_id: i64) -> Result<CoreError> {
    let name: String = conn.query_row("SELECT name FROM members WHERE id = ?1", [rep_id], |r| {
        r.get(0)
    })?;
    Ok(CoreError::Locked(format!(
        "{name} is working on this claim on their own computer, so it cannot be changed here. To type it in here (a paper claim, say), take it back first."
    )))
}

pub(crate) fn claim_row(conn: &Connection, id: i64) -> Result<ClaimRow> {
    one(
        conn,
        "SELECT id, rep_id, funder_id, month, status FROM claims WHERE id = ?1",
        [id],
        "claim",
        |r| {
            Ok(ClaimRow {
                id: r.get(0)?,
                rep_id: r.get(1)?,
                funder_id: r.get(2)?,
                month: r.get(3)?,
                status: r.get(4)?,
            })
        },
    )
}

/// Reps see and change only their own claims; chairs and treasurers handle everyone's.
pub(crate) fn may_see(me: &Person, rep_id: i64) -> Result<()> {
    if me.id == rep_id || me.can_approve() {
        Ok(())
    } else {
        Err(CoreError::NotAllowed(
            "You can only see and change your own claims.".into(),
        ))
    }
}

/// `YYYY-MM`, refusing anything else next to `field`.
pub(crate) fn normalise_month(field: &str, month: &str) -> Result<String> {
    let (y, m) = dates::parse_month(field, month)?;
    Ok(format!("{y:04}-{m:02}"))
}

impl Store {
    /// The kinds of claim line, for the window's "Kind of claim" list.
    pub fn line_kinds(&self) -> Vec<crate::text::ChoiceOption> {
        super::kinds::LineKind::options()
    }

    /// The rep's claim for a funder and month, created as a draft if there is none yet.
    pub fn claim_open(&mut self, rep_id: i64, funder_id: i64, month: &str) -> Result<ClaimView> {
        let month = normalise_month("month", month)?;
        self.check_claimant(rep_id, funder_id)?;
        let id = self.claim_id_for(rep_id, funder_id, &month)?;
        self.claim_get(id)
    }

    /// That the signed-in person may claim for `rep_id` (themselves, or anyone for a chair
    /// or treasurer typing in a paper claim), that they are a rep, and that the funder exists.
    pub(crate) fn check_claimant(&self, rep_id: i64, funder_id: i64) -> Result<()> {
        let me = self.acting_person()?;
        may_see(&me, rep_id)?;
        crate::reps::records::rep(&self.conn, rep_id).map_err(|_| {
            CoreError::invalid(
                "rep_id",
                "Only representatives can make claims. Make them a rep first.",
            )
        })?;
        self.funder_get(funder_id)
            .map_err(|_| CoreError::invalid("funder_id", "Please choose a funder."))?;
        Ok(())
    }

    /// Finds or creates the claim, logging creation.
    pub(crate) fn claim_id_for(&mut self, rep_id: i64, funder_id: i64, month: &str) -> Result<i64> {
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM claims WHERE rep_id = ?1 AND funder_id = ?2 AND month = ?3",
                params![rep_id, funder_id, month],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => Ok(id),
            None => self.write(|tx| {
                tx.execute(
                    "INSERT INTO claims (rep_id, funder_id, month) VALUES (?1, ?2, ?3)",
                    params![rep_id, funder_id, month],
                )?;
                let id = tx.last_insert_rowid();
                // A rep with their own computer edits their claims there.
                if !crate::exchange::is_rep_computer(tx)?
                    && crate::exchange::rep_has_computer(tx, rep_id, &tx.clock.stamp())?
                {
                    tx.execute("UPDATE claims SET with_rep = 1 WHERE id = ?1", [id])?;
                }
                tx.audit("started a claim", "claim", Some(id), month)?;
                Ok(id)
            }),
        }
    }

    pub fn claim_get(&self, id: i64) -> Result<ClaimView> {
        let me = self.acting_person_opt()?;
        let claim = claim_row(&self.conn, id)?;
        if let Some(me) = &me {
            may_see(me, claim.rep_id)?;
        }
        claim_view(&self.conn, id, me.as_ref(), self.today())
    }

    pub fn claims_list(&self, f: &ClaimFilter) -> Result<Vec<ClaimSummary>> {
        let m = self.claim_match(f)?;
        summaries(
            &self.conn,
            &format!("{} ORDER BY {CLAIM_ORDER}", m.sql),
            params_from_iter(m.params(Vec::new())),
        )
    }

    /// One page of the claims list, with how many claims match in all: the window shows a
    /// page at a time, so twenty years of claims draw as quickly as a month's. The page's
    /// claims are chosen from the claims table alone, and only they have their lines summed
    /// and counted (`claims_total` sums every match, which takes longer on a large forum).
    pub fn claims_page(&self, f: &ClaimFilter, offset: i64, limit: i64) -> Result<ClaimsPage> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let m = self.claim_match(f)?;
        // How many claims match in each month, newest first (the list's first order): the
        // page's months are found from these counts, so only their claims are sorted by rep
        // and funder, however far down the list the page is.
        let per_month: Vec<(String, i64)> = self
            .conn
            .prepare(&format!(
                "SELECT c.month, count(*) FROM claims c WHERE {} GROUP BY c.month ORDER BY c.month DESC",
                m.sql
            ))?
            .query_map(params_from_iter(m.params(Vec::new())), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let total: i64 = per_month.iter().map(|(_, n)| n).sum();
        let ids: Vec<i64> = match page_months(&per_month, offset, limit) {
            None => Vec::new(),
            Some(span) => {
                let n = m.values.len();
                self.conn
                    .prepare(&format!(
                        // CROSS JOIN keeps the claims as the outer loop (SQLite otherwise may
                        // walk all 10,000 members and look up each one's claims).
                        "SELECT c.id FROM claims c CROSS JOIN members m ON m.id = c.rep_id CROSS JOIN funders f ON f.id = c.funder_id
                         WHERE {} AND c.month BETWEEN ?{} AND ?{} ORDER BY {PAGE_ORDER} LIMIT ?{} OFFSET ?{}",
                        m.sql,
                        n + 1,
                        n + 2,
                        n + 3,
                        n + 4
                    ))?
                    .query_map(
                        params_from_iter(m.params(vec![
                            Value::Text(span.oldest),
                            Value::Text(span.newest),
                            Value::Integer(limit),
                            Value::Integer(span.skip),
                        ])),
                        |r| r.get(0),
                    )?
                    .collect::<rusqlite::Result<_>>()?
            }
        };
        let claims = if ids.is_empty() {
            Vec::new()
        } else {
            // Whole numbers read from the store, so writing them into the SQL is safe.
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            summaries(
                &self.conn,
                &format!("c.id IN ({list}) ORDER BY {CLAIM_ORDER}"),
                [],
            )?
        };
        Ok(ClaimsPage {
            claims,
            total,
            offset,
        })
    }

    /// The sum of every claim the filter matches, in pence: the footer of the window's list,
    /// asked for after the page is drawn.
    pub fn claims_total(&self, f: &ClaimFilter) -> Result<i64> {
        let m = self.claim_match(f)?;
        Ok(self.conn.query_row(
            &format!(
                "SELECT coalesce(sum(l.amount_pence), 0)
                 FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE {}",
                m.sql
            ),
            params_from_iter(m.params(Vec::new())),
            |r| r.get(0),
        )?)
    }

    /// The filter as a WHERE clause over `claims c`: reps see only their own claims; chairs
    /// and treasurers see everyone's. A month or status that is not one is refused by name.
    fn claim_match(&self, f: &ClaimFilter) -> Result<ClaimMatch> {
        let mut parts: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if !f.month.trim().is_empty() {
            let month = normalise_month("month", &f.month)?;
            parts.push("c.month = ?");
            values.push(Value::Text(month));
        }
        if let Some(funder) = f.funder_id {
            parts.push("c.funder_id = ?");
            values.push(Value::Integer(funder));
        }
        let only_rep = match self.acting_person_opt()? {
            Some(p) if !p.can_approve() => Some(p.id),
            _ => f.rep_id,
        };
        if let Some(rep) = only_rep {
            parts.push("c.rep_id = ?");
            values.push(Value::Integer(rep));
        }
        if !f.status.trim().is_empty() {
            let status = ClaimStatus::parse("status", &f.status)?;
            parts.push("c.status = ?");
            values.push(Value::Text(status.as_str().to_string()));
        }
        // Numbered, so a query can add its own values after them as ?n+1, ?n+2, ...
        let sql = parts
            .iter()
            .enumerate()
            .map(|(i, p)| p.replace('?', &format!("?{}", i + 1)))
            .collect::<Vec<_>>()
            .join(" AND ");
        Ok(ClaimMatch {
            sql: if sql.is_empty() { "1".into() } else { sql },
            values,
        })
    }

    /// Submitted claims waiting for a decision, oldest first.
    pub fn claims_queue(&self) -> Result<Vec<ClaimSummary>> {
        let me = self.acting_person()?;
        if !me.can_approve() {
            return Ok(Vec::new());
        }
        summaries(
            &self.conn,
            "c.status = 'submitted' ORDER BY c.submitted_at, c.id",
            [],
        )
    }

    /// A claim the person using the app may change now.
    pub(crate) fn editable_claim(&self, claim_id: i64) -> Result<ClaimRow> {
        let claim = claim_row(&self.conn, claim_id)?;
        let me = self.acting_person()?;
        may_see(&me, claim.rep_id)?;
        if claim.status.is_editable() && with_rep_here(&self.conn, claim.id)? {
            return Err(with_rep_refusal(&self.conn, claim.rep_id)?);
        }
        match claim.status {
            s if s.is_editable() => Ok(claim),
            ClaimStatus::Submitted => Err(CoreError::Locked(
                "This claim has been submitted and is waiting for approval, so it cannot be changed. Ask the approver to return it if something is wrong.".into(),
            )),
            _ => Err(CoreError::Locked(
                "Approved claims cannot be changed. To put a mistake right, reverse the line; the reversal goes into a later claim.".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(counts: &[(&str, i64)]) -> Vec<(String, i64)> {
        counts.iter().map(|(m, n)| (m.to_string(), *n)).collect()
    }

    fn span(newest: &str, oldest: &str, skip: i64) -> Option<PageMonths> {
        Some(PageMonths {
            newest: newest.into(),
            oldest: oldest.into(),
            skip,
        })
    }

    #[test]
    fn a_page_falls_in_the_months_that_hold_it() {
        let per_month = months(&[
            ("2026-03", 3),
            ("2026-02", 0),
            ("2026-01", 4),
            ("2025-12", 2),
        ]);
        // Inside the newest month; across months (an empty one between is in the span); from
        // the start of a month; the last claim; and a page longer than what is left.
        assert_eq!(page_months(&per_month, 0, 2), span("2026-03", "2026-03", 0));
        assert_eq!(page_months(&per_month, 2, 3), span("2026-03", "2026-01", 2));
        assert_eq!(page_months(&per_month, 3, 4), span("2026-01", "2026-01", 0));
        assert_eq!(page_months(&per_month, 8, 1), span("2025-12", "2025-12", 1));
        assert_eq!(
            page_months(&per_month, 5, 25),
            span("2026-01", "2025-12", 2)
        );
    }

    #[test]
    fn past_the_end_or_nothing_matching_is_no_page() {
        let per_month = months(&[("2026-03", 3), ("2026-01", 4)]);
        assert_eq!(page_months(&per_month, 7, 25), None);
        assert_eq!(page_months(&per_month, 100, 25), None);
        assert_eq!(page_months(&[], 0, 25), None);
    }
}
