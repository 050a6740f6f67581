//! Claims and their lines: one claim per rep per funder per month. Lines can be added and
//! changed only while the claim is a draft or has been returned; the database enforces the
//! same (see the triggers in the schema). Approved lines are corrected by reversing lines.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::claim_calc;
use crate::dates;
use crate::error::{CoreError, Result};
use crate::model::{
    CategoryTotals, ClaimFilter, ClaimLine, ClaimSummary, ClaimView, LineInput, Person, ReceiptInfo,
};
use crate::money::{format_pence, format_tenths, parse_pounds, parse_tenths, parse_whole};
use crate::people::person;
use crate::policy::policy_on;
use crate::store::{none_if_blank, one, Store, Tx};

pub const KINDS: [&str; 6] = ["time", "mileage", "fares", "parking", "childcare", "other"];

/// The few facts about a claim that the rules need.
#[derive(Debug, Clone)]
pub(crate) struct ClaimRow {
    pub id: i64,
    pub rep_id: i64,
    pub funder_id: i64,
    pub month: String,
    pub status: String,
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

/// A line ready to insert: every column worked out.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewLine {
    pub line_date: String,
    pub kind: String,
    pub meeting_id: Option<i64>,
    pub activity: String,
    pub description: String,
    pub minutes: Option<i64>,
    pub time_basis: Option<String>,
    pub rate_pence: Option<i64>,
    pub from_place: Option<String>,
    pub to_place: Option<String>,
    pub miles_tenths: Option<i64>,
    pub vehicle: Option<String>,
    pub passengers: Option<i64>,
    pub first_band_tenths: Option<i64>,
    pub after_band_tenths: Option<i64>,
    pub first_band_pence: Option<i64>,
    pub after_band_pence: Option<i64>,
    pub passenger_pence: Option<i64>,
    pub entered_pence: Option<i64>,
    pub cap_pence: Option<i64>,
    pub amount_pence: i64,
    pub policy_id: Option<i64>,
    pub reverses_line_id: Option<i64>,
}

impl Store {
    /// The rep's claim for a funder and month, created as a draft if there is none yet.
    pub fn claim_open(&mut self, rep_id: i64, funder_id: i64, month: &str) -> Result<ClaimView> {
        let (y, m) = dates::parse_month("month", month)?;
        let month = format!("{y:04}-{m:02}");
        let me = self.acting_person()?;
        may_see(&me, rep_id)?;
        crate::reps::rep(&self.conn, rep_id).map_err(|_| {
            CoreError::invalid(
                "rep_id",
                "Only representatives can make claims. Make them a rep first.",
            )
        })?;
        self.funder_get(funder_id)
            .map_err(|_| CoreError::invalid("funder_id", "Please choose a funder."))?;
        let id = self.claim_id_for(rep_id, funder_id, &month)?;
        self.claim_get(id)
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
        if !f.month.trim().is_empty() {
            dates::parse_month("month", &f.month)?;
        }
        // Reps see their own claims; chairs and treasurers see everyone's.
        let only_rep = match self.acting_person_opt()? {
            Some(p) if !p.can_approve() => Some(p.id),
            _ => f.rep_id,
        };
        summaries(
            &self.conn,
            "(?1 = '' OR c.month = ?1) AND (?2 IS NULL OR c.funder_id = ?2) AND (?3 IS NULL OR c.rep_id = ?3)
             AND (?4 = '' OR c.status = ?4) ORDER BY c.month DESC, rep_name COLLATE NOCASE, f.name",
            params![f.month.trim(), f.funder_id, only_rep, f.status.trim()],
        )
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

    pub fn line_add(&mut self, claim_id: i64, input: &LineInput) -> Result<ClaimView> {
        let claim = self.editable_claim(claim_id)?;
        let line = build_line(&self.conn, &claim, input, None)?;
        self.write(|tx| {
            let id = insert_line(tx, claim.id, &line)?;
            tx.audit(
                "added a claim line",
                "claim",
                Some(claim.id),
                &format!(
                    "line {id}: {} {}",
                    line.kind,
                    format_pence(line.amount_pence)
                ),
            )
        })?;
        self.claim_get(claim_id)
    }

    pub fn line_update(&mut self, line_id: i64, input: &LineInput) -> Result<ClaimView> {
        let claim_id = line_claim(&self.conn, line_id)?;
        let claim = self.editable_claim(claim_id)?;
        let rev: Option<i64> = self.conn.query_row(
            "SELECT reverses_line_id FROM claim_lines WHERE id = ?1",
            [line_id],
            |r| r.get(0),
        )?;
        if rev.is_some() {
            return Err(CoreError::Locked(
                "A reversing line cannot be edited. Delete it and reverse the line again.".into(),
            ));
        }
        let line = build_line(&self.conn, &claim, input, Some(line_id))?;
        self.write(|tx| {
            tx.execute("DELETE FROM claim_lines WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM receipts WHERE line_id = ?1)", [line_id])?;
            if tx.changes() == 1 {
                // No receipts to keep: reinsert under the same id so its place in the mileage band is kept.
                insert_line_with_id(tx, line_id, claim.id, &line)?;
            } else {
                update_line(tx, line_id, &line)?;
            }
            tx.audit("changed a claim line", "claim", Some(claim.id), &format!("line {line_id}: {} {}", line.kind, format_pence(line.amount_pence)))
        })?;
        self.claim_get(claim_id)
    }

    pub fn line_delete(&mut self, line_id: i64) -> Result<ClaimView> {
        let claim_id = line_claim(&self.conn, line_id)?;
        self.editable_claim(claim_id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM receipts WHERE line_id = ?1", [line_id])?;
            tx.execute("DELETE FROM claim_lines WHERE id = ?1", [line_id])?;
            tx.audit(
                "removed a claim line",
                "claim",
                Some(claim_id),
                &format!("line {line_id}"),
            )
        })?;
        self.claim_get(claim_id)
    }

    /// Puts right a line on an approved (or paid) claim: a line of the opposite amount in the
    /// rep's claim for `month` with the same funder, pointing at the original. The original
    /// never changes. Returns the claim the reversal went into.
    pub fn line_reverse(&mut self, line_id: i64, month: &str, reason: &str) -> Result<ClaimView> {
        let reason = crate::forum::required("reason", reason, "why this line is being reversed")?;
        let (y, m) = dates::parse_month("month", month)?;
        let month = format!("{y:04}-{m:02}");
        let orig_claim = claim_row(&self.conn, line_claim(&self.conn, line_id)?)?;
        let me = self.acting_person()?;
        may_see(&me, orig_claim.rep_id)?;
        if !matches!(orig_claim.status.as_str(), "approved" | "paid") {
            return Err(CoreError::invalid(
                "line_id",
                "Only lines on approved claims need reversing. This claim can still be edited: change or delete the line instead.",
            ));
        }
        let already: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM claim_lines WHERE reverses_line_id = ?1",
                [line_id],
                |r| r.get(0),
            )
            .optional()?;
        if already.is_some() {
            return Err(CoreError::Locked(
                "This line has already been reversed.".into(),
            ));
        }
        let orig = read_new_line(&self.conn, line_id)?;
        if orig.reverses_line_id.is_some() {
            return Err(CoreError::invalid(
                "line_id",
                "A reversing line cannot itself be reversed. Add a new line instead.",
            ));
        }
        let target = self.claim_id_for(orig_claim.rep_id, orig_claim.funder_id, &month)?;
        let target_claim = claim_row(&self.conn, target)?;
        if !matches!(target_claim.status.as_str(), "draft" | "returned") {
            return Err(CoreError::invalid(
                "month",
                format!(
                    "The claim for {} has already been submitted, so the reversal cannot go into it. Choose a later month.",
                    dates::month_label(&month)
                ),
            ));
        }
        let reversal = NewLine {
            minutes: orig.minutes.map(|v| -v),
            miles_tenths: orig.miles_tenths.map(|v| -v),
            first_band_tenths: orig.first_band_tenths.map(|v| -v),
            after_band_tenths: orig.after_band_tenths.map(|v| -v),
            entered_pence: orig.entered_pence.map(|v| -v),
            cap_pence: orig.cap_pence.map(|v| -v),
            amount_pence: -orig.amount_pence,
            reverses_line_id: Some(line_id),
            description: format!("Reversal: {reason}"),
            ..orig
        };
        self.write(|tx| {
            let id = insert_line(tx, target, &reversal)?;
            tx.audit(
                "reversed a line of an approved claim",
                "claim",
                Some(target),
                &format!(
                    "line {id} reverses line {line_id} ({}): {reason}",
                    format_pence(reversal.amount_pence)
                ),
            )
        })?;
        self.claim_get(target)
    }

    /// A claim the person using the app may change now.
    pub(crate) fn editable_claim(&self, claim_id: i64) -> Result<ClaimRow> {
        let claim = claim_row(&self.conn, claim_id)?;
        let me = self.acting_person()?;
        may_see(&me, claim.rep_id)?;
        match claim.status.as_str() {
            "draft" | "returned" => Ok(claim),
            "submitted" => Err(CoreError::Locked(
                "This claim has been submitted and is waiting for approval, so it cannot be changed. Ask the approver to return it if something is wrong.".into(),
            )),
            _ => Err(CoreError::Locked(
                "Approved claims cannot be changed. To put a mistake right, reverse the line; the reversal goes into a later claim.".into(),
            )),
        }
    }

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

fn line_claim(conn: &Connection, line_id: i64) -> Result<i64> {
    one(
        conn,
        "SELECT claim_id FROM claim_lines WHERE id = ?1",
        [line_id],
        "claim line",
        |r| r.get(0),
    )
}

/// Checks a typed line and works out its amount with the policy in force on its date.
fn build_line(
    conn: &Connection,
    claim: &ClaimRow,
    i: &LineInput,
    existing_id: Option<i64>,
) -> Result<NewLine> {
    let kind = i.kind.trim().to_lowercase();
    if !KINDS.contains(&kind.as_str()) {
        return Err(CoreError::invalid(
            "kind",
            "Choose what the line is for: time, mileage, fares, parking, childcare or other.",
        ));
    }
    let date = dates::parse_date("line_date", &i.line_date)?;
    if dates::month_of(date) != claim.month {
        return Err(CoreError::invalid(
            "line_date",
            format!(
                "This is the claim for {}, so the date must be in that month. Add it to the claim for {} instead.",
                dates::month_label(&claim.month),
                dates::month_label(&dates::month_of(date))
            ),
        ));
    }
    let (meeting_id, activity) = activity_for(conn, claim, i)?;
    if let Some(mid) = meeting_id {
        let on: String = conn.query_row(
            "SELECT substr(starts_at, 1, 10) FROM meetings WHERE id = ?1",
            [mid],
            |r| r.get(0),
        )?;
        if on != dates::iso(date) && kind == "time" {
            return Err(CoreError::invalid(
                "line_date",
                format!(
                    "That meeting was on {}. Time for a meeting is claimed on the day it was held.",
                    dates::uk(dates::parse_date("x", &on)?)
                ),
            ));
        }
    }
    let p = policy_on(conn, date)?;
    let mut l = NewLine {
        line_date: dates::iso(date),
        kind: kind.clone(),
        meeting_id,
        activity,
        description: i.description.trim().to_string(),
        policy_id: Some(p.id),
        ..NewLine::default()
    };
    match kind.as_str() {
        "time" => {
            let basis = if i.time_basis.trim().is_empty() {
                "hourly".to_string()
            } else {
                i.time_basis.trim().to_string()
            };
            let minutes = if basis == "hourly" || !i.minutes.trim().is_empty() {
                parse_whole("minutes", &i.minutes, "minutes", 1, 24 * 60)?
            } else {
                0
            };
            let t = claim_calc::time(minutes, &basis, &p)?;
            l.minutes = Some(minutes);
            l.time_basis = Some(basis);
            l.rate_pence = Some(t.rate_pence);
            l.amount_pence = t.amount_pence;
        }
        "mileage" => {
            let from =
                crate::forum::required("from_place", &i.from_place, "where the journey started")?;
            let to = crate::forum::required("to_place", &i.to_place, "where the journey went to")?;
            let tenths = parse_tenths("miles", &i.miles, "miles")?;
            if tenths == 0 || tenths > 10_000 {
                return Err(CoreError::invalid(
                    "miles",
                    "Miles must be more than 0 and at most 1,000 for one journey.",
                ));
            }
            let vehicle = match i.vehicle.trim() {
                "" => {
                    let v: String = conn.query_row(
                        "SELECT vehicle FROM reps WHERE member_id = ?1",
                        [claim.rep_id],
                        |r| r.get(0),
                    )?;
                    if v == "none" {
                        "car".to_string()
                    } else {
                        v
                    }
                }
                v => v.to_lowercase(),
            };
            let passengers = if i.passengers.trim().is_empty() {
                0
            } else {
                parse_whole("passengers", &i.passengers, "passengers", 0, 8)?
            };
            let earlier = earlier_car_tenths(conn, claim.rep_id, date, existing_id)?;
            let m = claim_calc::mileage(tenths, &vehicle, passengers, earlier, &p)?;
            l.from_place = Some(from);
            l.to_place = Some(to);
            l.miles_tenths = Some(tenths);
            l.vehicle = Some(vehicle);
            l.passengers = Some(passengers);
            l.first_band_tenths = Some(m.first_band_tenths);
            l.after_band_tenths = Some(m.after_band_tenths);
            l.first_band_pence = Some(m.first_band_pence);
            l.after_band_pence = Some(m.after_band_pence);
            l.passenger_pence = Some(m.passenger_pence);
            l.amount_pence = m.amount_pence;
        }
        "childcare" => {
            let tenths = parse_tenths("hours", &i.hours, "hours")?;
            if tenths == 0 || tenths > 240 {
                return Err(CoreError::invalid(
                    "hours",
                    "Hours of childcare must be more than 0 and at most 24.",
                ));
            }
            let spent = parse_pounds("amount", &i.amount)?;
            if spent == 0 {
                return Err(CoreError::invalid(
                    "amount",
                    "Please enter what the childcare cost.",
                ));
            }
            let c = claim_calc::childcare(tenths * 6, spent, &p);
            l.minutes = Some(tenths * 6);
            l.entered_pence = Some(spent);
            l.cap_pence = Some(c.cap_pence);
            l.amount_pence = c.amount_pence;
        }
        _ => {
            if kind == "other" && l.description.is_empty() {
                return Err(CoreError::invalid(
                    "description",
                    "Please say what this cost was for.",
                ));
            }
            let amount = parse_pounds("amount", &i.amount)?;
            if amount == 0 {
                return Err(CoreError::invalid(
                    "amount",
                    "Please enter an amount more than £0.00.",
                ));
            }
            l.amount_pence = amount;
        }
    }
    Ok(l)
}

/// A line is for a meeting (which must be paid by this claim's funder) or for other work,
/// described in words.
fn activity_for(
    conn: &Connection,
    claim: &ClaimRow,
    i: &LineInput,
) -> Result<(Option<i64>, String)> {
    match i.meeting_id {
        Some(mid) => {
            let (group_funder, group_name): (Option<i64>, String) = one(
                conn,
                "SELECT g.funder_id, g.name FROM meetings m JOIN groups g ON g.id = m.group_id WHERE m.id = ?1",
                [mid],
                "meeting",
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some(f) = group_funder {
                if f != claim.funder_id {
                    let fname: String =
                        conn.query_row("SELECT name FROM funders WHERE id = ?1", [f], |r| {
                            r.get(0)
                        })?;
                    return Err(CoreError::invalid(
                        "meeting_id",
                        format!("Reps' costs for {group_name} are paid by {fname}. Add this line to your {fname} claim instead."),
                    ));
                }
            }
            Ok((Some(mid), String::new()))
        }
        None => match none_if_blank(&i.activity) {
            Some(a) => Ok((None, a)),
            None => Err(CoreError::invalid(
                "activity",
                "Choose the meeting this was for, or describe the other work.",
            )),
        },
    }
}

/// Car miles the rep has already claimed this tax year before this line, across all funders.
fn earlier_car_tenths(
    conn: &Connection,
    rep_id: i64,
    date: NaiveDate,
    existing_id: Option<i64>,
) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(l.miles_tenths), 0) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
         WHERE c.rep_id = ?1 AND l.kind = 'mileage' AND l.vehicle = 'car' AND l.line_date >= ?2
           AND (l.line_date < ?3 OR (l.line_date = ?3 AND l.id < ?4)) AND l.id <> ?4",
        params![rep_id, dates::iso(dates::tax_year_start(date)), dates::iso(date), existing_id.unwrap_or(i64::MAX)],
        |r| r.get(0),
    )?)
}

const LINE_COLS: &str = "line_date, kind, meeting_id, activity, description, minutes, time_basis, rate_pence, from_place,
    to_place, miles_tenths, vehicle, passengers, first_band_tenths, after_band_tenths, first_band_pence, after_band_pence,
    passenger_pence, entered_pence, cap_pence, amount_pence, policy_id, reverses_line_id";

fn line_params(l: &NewLine) -> [&dyn rusqlite::ToSql; 23] {
    [
        &l.line_date,
        &l.kind,
        &l.meeting_id,
        &l.activity,
        &l.description,
        &l.minutes,
        &l.time_basis,
        &l.rate_pence,
        &l.from_place,
        &l.to_place,
        &l.miles_tenths,
        &l.vehicle,
        &l.passengers,
        &l.first_band_tenths,
        &l.after_band_tenths,
        &l.first_band_pence,
        &l.after_band_pence,
        &l.passenger_pence,
        &l.entered_pence,
        &l.cap_pence,
        &l.amount_pence,
        &l.policy_id,
        &l.reverses_line_id,
    ]
}

pub(crate) fn insert_line(tx: &Tx, claim_id: i64, l: &NewLine) -> Result<i64> {
    let now = tx.clock.stamp();
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&claim_id, &now];
    p.extend(line_params(l));
    tx.execute(
        &format!(
            "INSERT INTO claim_lines (claim_id, created_at, {LINE_COLS}) VALUES ({})",
            (1..=25)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        p.as_slice(),
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_line_with_id(tx: &Tx, id: i64, claim_id: i64, l: &NewLine) -> Result<()> {
    let now = tx.clock.stamp();
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&id, &claim_id, &now];
    p.extend(line_params(l));
    tx.execute(
        &format!(
            "INSERT INTO claim_lines (id, claim_id, created_at, {LINE_COLS}) VALUES ({})",
            (1..=26)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        p.as_slice(),
    )?;
    Ok(())
}

fn update_line(tx: &Tx, id: i64, l: &NewLine) -> Result<()> {
    let sets: Vec<String> = LINE_COLS
        .split(',')
        .enumerate()
        .map(|(i, c)| format!("{} = ?{}", c.trim(), i + 2))
        .collect();
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&id];
    p.extend(line_params(l));
    tx.execute(
        &format!("UPDATE claim_lines SET {} WHERE id = ?1", sets.join(", ")),
        p.as_slice(),
    )?;
    Ok(())
}

fn read_new_line(conn: &Connection, id: i64) -> Result<NewLine> {
    one(
        conn,
        &format!("SELECT {LINE_COLS} FROM claim_lines WHERE id = ?1"),
        [id],
        "claim line",
        |r| {
            Ok(NewLine {
                line_date: r.get(0)?,
                kind: r.get(1)?,
                meeting_id: r.get(2)?,
                activity: r.get(3)?,
                description: r.get(4)?,
                minutes: r.get(5)?,
                time_basis: r.get(6)?,
                rate_pence: r.get(7)?,
                from_place: r.get(8)?,
                to_place: r.get(9)?,
                miles_tenths: r.get(10)?,
                vehicle: r.get(11)?,
                passengers: r.get(12)?,
                first_band_tenths: r.get(13)?,
                after_band_tenths: r.get(14)?,
                first_band_pence: r.get(15)?,
                after_band_pence: r.get(16)?,
                passenger_pence: r.get(17)?,
                entered_pence: r.get(18)?,
                cap_pence: r.get(19)?,
                amount_pence: r.get(20)?,
                policy_id: r.get(21)?,
                reverses_line_id: r.get(22)?,
            })
        },
    )
}

fn summaries(
    conn: &Connection,
    filter: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<ClaimSummary>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.rep_id, CASE WHEN m.erased_on IS NULL THEN m.name ELSE m.anon_ref END AS rep_name,
                c.funder_id, f.name, c.month, c.status,
                coalesce((SELECT sum(amount_pence) FROM claim_lines WHERE claim_id = c.id), 0),
                (SELECT count(*) FROM claim_lines WHERE claim_id = c.id)
         FROM claims c JOIN members m ON m.id = c.rep_id JOIN funders f ON f.id = c.funder_id WHERE {filter}"
    ))?;
    let rows = stmt.query_map(p, summary_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClaimSummary> {
    Ok(ClaimSummary {
        id: r.get(0)?,
        rep_id: r.get(1)?,
        rep_name: r.get(2)?,
        funder_id: r.get(3)?,
        funder_name: r.get(4)?,
        month: r.get(5)?,
        status: r.get(6)?,
        total_pence: r.get(7)?,
        line_count: r.get(8)?,
    })
}

/// The whole claim as the window shows it, with what `me` may do with it.
pub(crate) fn claim_view(
    conn: &Connection,
    id: i64,
    me: Option<&Person>,
    today: NaiveDate,
) -> Result<ClaimView> {
    let summary = summaries(conn, "c.id = ?1", [id])?
        .pop()
        .ok_or_else(|| CoreError::NotFound("That claim could not be found.".into()))?;
    // Who did what to the claim and when; what `me` may do is worked out below.
    let mut v = conn.query_row(
        "SELECT c.declaration, c.submitted_at, c.returned_reason,
                CASE WHEN rb.erased_on IS NULL THEN rb.name ELSE rb.anon_ref END, c.returned_at,
                CASE WHEN ab.erased_on IS NULL THEN ab.name ELSE ab.anon_ref END, c.approved_at, c.accepted_warnings,
                c.paid_on, c.payment_reference,
                CASE WHEN sb.erased_on IS NULL THEN sb.name ELSE sb.anon_ref END
         FROM claims c LEFT JOIN members rb ON rb.id = c.returned_by LEFT JOIN members ab ON ab.id = c.approved_by
              LEFT JOIN members sb ON sb.id = c.submitted_by
         WHERE c.id = ?1",
        [id],
        |r| {
            Ok(ClaimView {
                summary: summary.clone(),
                lines: Vec::new(),
                warnings: Vec::new(),
                totals: CategoryTotals::default(),
                declaration: r.get(0)?,
                submitted_at: r.get(1)?,
                returned_reason: r.get(2)?,
                returned_by_name: r.get(3)?,
                returned_at: r.get(4)?,
                approved_by_name: r.get(5)?,
                approved_at: r.get(6)?,
                accepted_warnings: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
                paid_on: r.get(8)?,
                payment_reference: r.get(9)?,
                submitted_by_name: r.get(10)?,
                can_edit: false,
                can_submit: false,
                can_approve: false,
                can_mark_paid: false,
                approve_blocked_reason: None,
            })
        },
    )?;
    v.lines = crate::claim_lines::lines_of(conn, id, &summary, v.submitted_at.as_deref(), today)?;
    v.warnings = v.lines.iter().flat_map(|l| l.warnings.clone()).collect();
    v.totals = category_totals(&v.lines);
    let status = summary.status.as_str();
    let editable = matches!(status, "draft" | "returned");
    let is_approver = me.is_some_and(|p| p.can_approve());
    let is_claimant = me.is_some_and(|p| p.id == summary.rep_id);
    v.approve_blocked_reason = if status != "submitted" {
        Some("Only submitted claims can be approved.".to_string())
    } else if is_claimant {
        Some(
            "You cannot approve your own claim. Another chair or treasurer must approve it."
                .to_string(),
        )
    } else if !is_approver {
        Some("Only a chair or treasurer can approve claims.".to_string())
    } else {
        None
    };
    v.can_edit = editable && (is_claimant || is_approver);
    v.can_submit = v.can_edit && !v.lines.is_empty();
    v.can_approve = v.approve_blocked_reason.is_none();
    v.can_mark_paid = status == "approved" && is_approver && !is_claimant;
    Ok(v)
}

pub fn category_totals(lines: &[ClaimLine]) -> CategoryTotals {
    let mut t = CategoryTotals::default();
    for l in lines {
        let slot = match l.kind.as_str() {
            "time" => &mut t.time_pence,
            "mileage" => &mut t.mileage_pence,
            "fares" | "parking" => &mut t.fares_parking_pence,
            "childcare" => &mut t.childcare_pence,
            _ => &mut t.other_pence,
        };
        *slot += l.amount_pence;
        t.total_pence += l.amount_pence;
    }
    t
}

/// How a line's amount was worked out, in words, e.g. "Home → County Hall, 24.5 miles by car
/// with 1 passenger: 24.5 miles at 45p + passenger 5p a mile".
pub fn line_details(l: &ClaimLine) -> String {
    let pence = |p: i64| {
        if p.abs() < 100 {
            format!("{p}p")
        } else {
            format_pence(p)
        }
    };
    let mut s = match l.kind.as_str() {
        "time" => match l.time_basis.as_deref() {
            Some("half_day") => format!("Half day: {}", format_pence(l.rate_pence.unwrap_or(0))),
            Some("full_day") => format!("Full day: {}", format_pence(l.rate_pence.unwrap_or(0))),
            _ => format!(
                "{} at {} an hour",
                crate::meeting_checks::duration_text(l.minutes.unwrap_or(0).abs()),
                format_pence(l.rate_pence.unwrap_or(0))
            ),
        },
        "mileage" => {
            let passengers = l.passengers.unwrap_or(0);
            let mut s = format!(
                "{} → {}, {} miles by {}",
                l.from_place.as_deref().unwrap_or(""),
                l.to_place.as_deref().unwrap_or(""),
                format_tenths(l.miles_tenths.unwrap_or(0).abs()),
                l.vehicle.as_deref().unwrap_or("car")
            );
            if passengers > 0 {
                s.push_str(&format!(
                    " with {passengers} passenger{}",
                    if passengers == 1 { "" } else { "s" }
                ));
            }
            let mut parts = Vec::new();
            let first = l.first_band_tenths.unwrap_or(0).abs();
            let after = l.after_band_tenths.unwrap_or(0).abs();
            let band_note = l.vehicle.as_deref() == Some("car");
            if first > 0 {
                parts.push(format!(
                    "{} miles at {}{}",
                    format_tenths(first),
                    pence(l.first_band_pence.unwrap_or(0)),
                    if band_note {
                        " (first 10,000 miles this tax year)"
                    } else {
                        ""
                    }
                ));
            }
            if after > 0 {
                parts.push(format!(
                    "{} miles at {} (over 10,000 miles this tax year)",
                    format_tenths(after),
                    pence(l.after_band_pence.unwrap_or(0))
                ));
            }
            if passengers > 0 {
                parts.push(format!(
                    "passengers {} a mile each",
                    pence(l.passenger_pence.unwrap_or(0))
                ));
            }
            s.push_str(": ");
            s.push_str(&parts.join(" + "));
            s
        }
        "childcare" => {
            let mut s = format!(
                "{} hours of childcare, {} spent",
                format_tenths(l.minutes.unwrap_or(0).abs() / 6),
                format_pence(l.entered_pence.unwrap_or(0).abs())
            );
            let cap = l.cap_pence.unwrap_or(0).abs();
            if l.entered_pence.unwrap_or(0).abs() > cap {
                s.push_str(&format!(", capped at {}", format_pence(cap)));
            } else {
                s.push_str(&format!(" (cap {})", format_pence(cap)));
            }
            s
        }
        "fares" => "Fares".to_string(),
        "parking" => "Parking".to_string(),
        _ => l.description.clone(),
    };
    if !l.description.is_empty() && l.kind != "other" {
        s.push_str(&format!(". {}", l.description));
    }
    s
}

pub(crate) fn receipts_of(conn: &Connection, line_id: i64) -> Result<Vec<ReceiptInfo>> {
    let mut stmt = conn.prepare("SELECT id, file_name, mime, size_bytes, sha256 FROM receipts WHERE line_id = ?1 ORDER BY id")?;
    let rows: Vec<(ReceiptInfo, String)> = stmt
        .query_map([line_id], |r| {
            Ok((
                ReceiptInfo {
                    id: r.get(0)?,
                    file_name: r.get(1)?,
                    mime: r.get(2)?,
                    size_bytes: r.get(3)?,
                    same_file_on_lines: vec![],
                },
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (mut info, sha) in rows {
        info.same_file_on_lines = conn
            .prepare("SELECT DISTINCT line_id FROM receipts WHERE sha256 = ?1 AND line_id <> ?2 ORDER BY line_id")?
            .query_map(params![sha, line_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.push(info);
    }
    Ok(out)
}
