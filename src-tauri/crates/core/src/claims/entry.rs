//! Entering claim lines: checking what was typed, working out the amount with the policy in
//! force on the line's date, and adding, changing, removing or reversing lines. Lines change
//! only while their claim is a draft or returned; the schema's triggers enforce the same.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::amounts;
use super::kinds::{ClaimStatus, LineKind, RepVehicle, TimeBasis, Vehicle};
use super::lines::{self, LineFields};
use super::records::{claim_row, may_see, normalise_month, with_rep_refusal, ClaimRow};
use crate::forum::policies::policy_on;
use crate::model::{ClaimView, LineInput};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{
    dates, none_if_blank, parse_pounds, parse_tenths, parse_whole, required, required_lines,
};

impl Store {
    pub fn line_add(&mut self, claim_id: i64, input: &LineInput) -> Result<ClaimView> {
        let claim = self.editable_claim(claim_id)?;
        let line = build_line(&self.conn, &claim, input, None, self.today())?;
        self.write(|tx| {
            lines::insert(tx, claim.id, None, &line)?;
            tx.audit(
                "added a claim line",
                "claim",
                Some(claim.id),
                &line.log_text(),
            )
        })?;
        self.claim_get(claim_id)
    }

    /// Checks a line exactly as [`Store::line_add`] would, for the rep's claim to `funder_id`
    /// for `month`, without changing anything, not even starting the claim: the command line
    /// refuses bad input before it opens the month's claim, so nothing is left behind.
    pub fn line_check(
        &self,
        rep_id: i64,
        funder_id: i64,
        month: &str,
        input: &LineInput,
    ) -> Result<()> {
        let month = normalise_month("month", month)?;
        self.check_claimant(rep_id, funder_id)?;
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM claims WHERE rep_id = ?1 AND funder_id = ?2 AND month = ?3",
                params![rep_id, funder_id, month],
                |r| r.get(0),
            )
            .optional()?;
        let claim = match existing {
            // Submitted, approved, or with the rep on their own computer: refused as line_add
            // would refuse it.
            Some(id) => self.editable_claim(id)?,
            None => {
                // A claim started now for a rep with their own computer would be theirs to
                // edit there (see claim_id_for).
                if !crate::exchange::is_rep_computer(&self.conn)?
                    && crate::exchange::rep_has_computer(&self.conn, rep_id, &self.clock.stamp())?
                {
                    return Err(with_rep_refusal(&self.conn, rep_id)?);
                }
                ClaimRow {
                    id: 0,
                    rep_id,
                    funder_id,
                    month,
                    status: ClaimStatus::Draft,
                }
            }
        };
        build_line(&self.conn, &claim, input, None, self.today()).map(|_| ())
    }

    pub fn line_update(&mut self, line_id: i64, input: &LineInput) -> Result<ClaimView> {
        let claim_id = lines::claim_of(&self.conn, line_id)?;
        let claim = self.editable_claim(claim_id)?;
        if lines::read(&self.conn, line_id)?.reverses_line_id.is_some() {
            return Err(CoreError::Locked(
                "A reversing line cannot be edited. Delete it and reverse the line again.".into(),
            ));
        }
        let line = build_line(&self.conn, &claim, input, Some(line_id), self.today())?;
        self.write(|tx| {
            tx.execute("DELETE FROM claim_lines WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM receipts WHERE line_id = ?1)", [line_id])?;
            if tx.changes() == 1 {
                // No receipts to keep: put it back under the same id, so its place in the
                // mileage band (which counts earlier lines by date and id) is kept.
                lines::insert(tx, claim.id, Some(line_id), &line)?;
            } else {
                lines::update(tx, line_id, &line)?;
            }
            tx.audit("changed a claim line", "claim", Some(claim.id), &line.log_text())
        })?;
        self.claim_get(claim_id)
    }

    pub fn line_delete(&mut self, line_id: i64) -> Result<ClaimView> {
        let claim_id = lines::claim_of(&self.conn, line_id)?;
        self.editable_claim(claim_id)?;
        let line = lines::read(&self.conn, line_id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM receipts WHERE line_id = ?1", [line_id])?;
            tx.execute("DELETE FROM claim_lines WHERE id = ?1", [line_id])?;
            tx.audit(
                "removed a claim line",
                "claim",
                Some(claim_id),
                &line.log_text(),
            )
        })?;
        self.claim_get(claim_id)
    }

    /// Puts right a line on an approved (or paid) claim: a line of the opposite amount in the
    /// rep's claim for `month` with the same funder, pointing at the original. The original
    /// never changes. Returns the claim the reversal went into.
    pub fn line_reverse(&mut self, line_id: i64, month: &str, reason: &str) -> Result<ClaimView> {
        let reason = required_lines("reason", reason, "why this line is being reversed")?;
        let month = normalise_month("month", month)?;
        let orig_claim = claim_row(&self.conn, lines::claim_of(&self.conn, line_id)?)?;
        let me = self.acting_person()?;
        may_see(&me, orig_claim.rep_id)?;
        if !orig_claim.status.is_frozen() {
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
        let orig = lines::read(&self.conn, line_id)?;
        if orig.reverses_line_id.is_some() {
            return Err(CoreError::invalid(
                "line_id",
                "A reversing line cannot itself be reversed. Add a new line instead.",
            ));
        }
        let target = self.claim_id_for(orig_claim.rep_id, orig_claim.funder_id, &month)?;
        if !claim_row(&self.conn, target)?.status.is_editable() {
            return Err(CoreError::invalid(
                "month",
                format!(
                    "The claim for {} has already been submitted, so the reversal cannot go into it. Choose a later month.",
                    dates::month_label(&month)
                ),
            ));
        }
        let reversal = orig.reversed(line_id, &reason);
        let original = lines::line_label(&self.conn, line_id, target)?;
        self.write(|tx| {
            lines::insert(tx, target, None, &reversal)?;
            tx.audit(
                "reversed a line of an approved claim",
                "claim",
                Some(target),
                &format!("{} reverses {original}: {reason}", reversal.log_text()),
            )
        })?;
        self.claim_get(target)
    }
}

/// What a line's own fields say, once read (before the policy turns them into money).
enum Entered {
    Time {
        minutes: i64,
        basis: TimeBasis,
    },
    Mileage {
        from: String,
        to: String,
        tenths: i64,
        vehicle: Vehicle,
        passengers: i64,
    },
    Childcare {
        tenths: i64,
        spent: i64,
    },
    Money {
        amount: i64,
    },
}

/// Checks a typed line and works out its amount with the policy in force on its date. Every
/// problem is reported together (the date, the kind, the meeting or work, the figures), so a
/// rep fixes them in one go. `today` is the store's clock: nobody claims for the future.
pub(crate) fn build_line(
    conn: &Connection,
    claim: &ClaimRow,
    i: &LineInput,
    existing_id: Option<i64>,
    today: NaiveDate,
) -> Result<LineFields> {
    let mut p = Problems::new();
    let kind = p.check(LineKind::parse("kind", &i.kind))?;
    let date = p.check(dates::parse_date("line_date", &i.line_date))?;
    if let Some(date) = date {
        if date > today {
            p.add("line_date", "You can claim for this once it has happened.");
        } else if dates::month_of(date) != claim.month {
            p.add(
                "line_date",
                format!(
                    "This is the claim for {}, so the date must be in that month. Add it to the claim for {} instead.",
                    dates::month_label(&claim.month),
                    dates::month_label(&dates::month_of(date))
                ),
            );
        }
    }
    let (meeting_id, activity) = p.check(activity_for(conn, claim, i))?.unwrap_or_default();
    if let (Some(mid), Some(date), Some(LineKind::Time)) = (meeting_id, date, kind) {
        let on: String = conn.query_row(
            "SELECT substr(starts_at, 1, 10) FROM meetings WHERE id = ?1",
            [mid],
            |r| r.get(0),
        )?;
        if on != dates::iso(date) {
            p.add(
                "line_date",
                format!(
                    "That meeting was on {}. Time for a meeting is claimed on the day it was held.",
                    dates::uk(dates::parse_date("line_date", &on)?)
                ),
            );
        }
    }
    let description = i.description.trim().to_string();
    let entered = match kind {
        Some(kind) => entered(conn, claim, i, kind, &description, &mut p)?,
        None => None,
    };
    p.finish()?;
    let (Some(kind), Some(date), Some(entered)) = (kind, date, entered) else {
        // Every missing part above came with a problem; this is only a safety net.
        return Err(CoreError::invalid(
            "kind",
            "Please check this line and try again.",
        ));
    };

    let pol = policy_on(conn, date, Some(claim.funder_id))?;
    let mut l = LineFields {
        line_date: dates::iso(date),
        kind,
        meeting_id,
        activity,
        description,
        policy_id: Some(pol.id),
        ..LineFields::default()
    };
    match entered {
        Entered::Time { minutes, basis } => {
            let t = amounts::time(minutes, basis, &pol)?;
            l.minutes = Some(minutes);
            l.time_basis = Some(basis);
            l.rate_pence = Some(t.rate_pence);
            l.amount_pence = t.amount_pence;
        }
        Entered::Mileage {
            from,
            to,
            tenths,
            vehicle,
            passengers,
        } => {
            let earlier = earlier_car_tenths(conn, claim.rep_id, date, existing_id)?;
            let m = amounts::mileage(tenths, vehicle, passengers, earlier, &pol)?;
            l.from_place = Some(from);
            l.to_place = Some(to);
            l.miles_tenths = Some(tenths);
            l.vehicle = Some(vehicle);
            l.passengers = Some(passengers);
            l.band_miles = m.band_miles;
            l.first_band_tenths = Some(m.first_band_tenths);
            l.after_band_tenths = Some(m.after_band_tenths);
            l.first_band_pence = Some(m.first_band_pence);
            l.after_band_pence = Some(m.after_band_pence);
            l.passenger_pence = Some(m.passenger_pence);
            l.amount_pence = m.amount_pence;
        }
        Entered::Childcare { tenths, spent } => {
            let c = amounts::childcare(tenths * 6, spent, &pol);
            l.minutes = Some(tenths * 6);
            l.entered_pence = Some(spent);
            l.cap_pence = Some(c.cap_pence);
            l.amount_pence = c.amount_pence;
        }
        Entered::Money { amount } => l.amount_pence = amount,
    }
    Ok(l)
}

/// Reads the fields that belong to `kind`, adding each problem to `p`. `None` when any of
/// them has a problem.
fn entered(
    conn: &Connection,
    claim: &ClaimRow,
    i: &LineInput,
    kind: LineKind,
    description: &str,
    p: &mut Problems,
) -> Result<Option<Entered>> {
    Ok(match kind {
        LineKind::Time => {
            let basis = if i.time_basis.trim().is_empty() {
                Some(TimeBasis::Hourly)
            } else {
                p.check(TimeBasis::parse("time_basis", &i.time_basis))?
            };
            let minutes = if basis != Some(TimeBasis::Hourly) && i.minutes.trim().is_empty() {
                Some(0)
            } else {
                p.check(parse_whole("minutes", &i.minutes, "minutes", 1, 24 * 60))?
            };
            match (basis, minutes) {
                (Some(basis), Some(minutes)) => Some(Entered::Time { minutes, basis }),
                _ => None,
            }
        }
        LineKind::Mileage => {
            let from = p.check(required(
                "from_place",
                &i.from_place,
                "where the journey started",
            ))?;
            let to = p.check(required(
                "to_place",
                &i.to_place,
                "where the journey went to",
            ))?;
            let tenths = p.check(parse_tenths("miles", &i.miles, "miles"))?;
            let tenths = match tenths {
                Some(t) if t == 0 || t > 10_000 => {
                    p.add(
                        "miles",
                        "Miles must be more than 0 and at most 1,000 for one journey.",
                    );
                    None
                }
                t => t,
            };
            let vehicle = if i.vehicle.trim().is_empty() {
                let usual: RepVehicle = conn.query_row(
                    "SELECT vehicle FROM reps WHERE member_id = ?1",
                    [claim.rep_id],
                    |r| r.get(0),
                )?;
                Some(usual.for_journeys())
            } else {
                p.check(Vehicle::parse("vehicle", &i.vehicle))?
            };
            let passengers = if i.passengers.trim().is_empty() {
                Some(0)
            } else {
                p.check(parse_whole("passengers", &i.passengers, "passengers", 0, 8))?
            };
            match (from, to, tenths, vehicle, passengers) {
                (Some(from), Some(to), Some(tenths), Some(vehicle), Some(passengers)) => {
                    Some(Entered::Mileage {
                        from,
                        to,
                        tenths,
                        vehicle,
                        passengers,
                    })
                }
                _ => None,
            }
        }
        LineKind::Childcare => {
            let tenths = match p.check(parse_tenths("hours", &i.hours, "hours"))? {
                Some(t) if t == 0 || t > 240 => {
                    p.add(
                        "hours",
                        "Hours of childcare must be more than 0 and at most 24.",
                    );
                    None
                }
                t => t,
            };
            let spent = match p.check(parse_pounds("amount", &i.amount))? {
                Some(0) => {
                    p.add("amount", "Please enter what the childcare cost.");
                    None
                }
                s => s,
            };
            match (tenths, spent) {
                (Some(tenths), Some(spent)) => Some(Entered::Childcare { tenths, spent }),
                _ => None,
            }
        }
        LineKind::Fares | LineKind::Parking | LineKind::Other => {
            if kind == LineKind::Other && description.is_empty() {
                p.add("description", "Please say what this cost was for.");
            }
            match p.check(parse_pounds("amount", &i.amount))? {
                Some(0) => {
                    p.add("amount", "Please enter an amount more than £0.00.");
                    None
                }
                Some(amount) => Some(Entered::Money { amount }),
                None => None,
            }
        }
    })
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
/// On a rep's own computer this adds the miles the forum holds for them in claims that are
/// not on it (from the last forum update).
fn earlier_car_tenths(
    conn: &Connection,
    rep_id: i64,
    date: NaiveDate,
    existing_id: Option<i64>,
) -> Result<i64> {
    let carried = crate::exchange::carried_car_tenths(conn, date)?;
    Ok(carried + conn.query_row::<i64, _, _>(
        "SELECT coalesce(sum(l.miles_tenths), 0) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
         WHERE c.rep_id = ?1 AND l.kind = 'mileage' AND l.vehicle = 'car' AND l.line_date >= ?2
           AND (l.line_date < ?3 OR (l.line_date = ?3 AND l.id < ?4)) AND l.id <> ?4",
        params![rep_id, dates::iso(dates::tax_year_start(date)), dates::iso(date), existing_id.unwrap_or(i64::MAX)],
        |r| r.get(0),
    )?)
}
