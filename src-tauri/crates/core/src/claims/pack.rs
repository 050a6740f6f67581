//! The monthly claim pack for a funder (a signed PDF) and its CSV: the approved and paid
//! claims of one month, read into the export crate's input and signed with the forum's key.
//! Only approved and paid claims go in, and the pack's totals are the sums of the claims'
//! lines, so they equal the database to the penny.

use chrono::NaiveDate;
use forumdesk_export as ex;
use rusqlite::{params, Connection};

use super::kinds::{ClaimStatus, LineKind, TimeBasis, Vehicle};
use super::records::normalise_month;
use super::view::claim_view;
use crate::exports::{export_error, panel, sign_counted, slug, Destination};
use crate::model::{ClaimLine, SavedFile};
use crate::store::{CoreError, Result, Store};
use crate::text::dates;

impl Store {
    /// Everything the claim pack for `month` (`YYYY-MM`) and a funder shows: the approved and
    /// paid claims with every line, receipt, accepted warning, declaration and approval. No
    /// signature panel; [`Store::export_claim_pack`] adds it.
    pub fn claim_pack_input(&self, month: &str, funder_id: i64) -> Result<ex::ClaimPackInput> {
        self.may_export_claims()?;
        let month = normalise_month("month", month)?;
        let (year, m) = dates::parse_month("month", &month)?;
        let funder = self
            .funder_get(funder_id)
            .map_err(|_| CoreError::invalid("funder_id", "Please choose a funder."))?;
        let forum = self.forum_get()?;
        let claims = pack_claims(&self.conn, funder_id, &month, self.today())?;
        // Every claim in the pack must still be exactly what was approved.
        self.require_seals(&claims.iter().map(|c| c.claim_id).collect::<Vec<_>>())?;
        if claims.is_empty() {
            return Err(CoreError::NotFound(format!(
                "There are no approved claims for {} in {}, so there is nothing to send.",
                funder.name,
                dates::month_label(&month)
            )));
        }
        Ok(ex::ClaimPackInput {
            forum: forum_details(&forum),
            funder: funder_details(&funder.name, &funder.cost_code),
            month: ex::ClaimMonth { year, month: m },
            payment_terms: forum.payment_terms,
            claims,
            generated_at: self.now_utc(),
            signature_panel: None,
        })
    }

    /// The claim pack as a signed PDF, without saving it.
    pub fn claim_pack_pdf(&self, month: &str, funder_id: i64) -> Result<Vec<u8>> {
        self.claim_pack_prepare(month, funder_id)?.render()
    }

    /// Everything the pack needs from the store, read at once (every seal checked), so the
    /// slow part, drawing the pages and signing, can run with the store free for the window:
    /// `claim_pack_prepare`, then [`PreparedPack::render`] anywhere, then
    /// [`Store::claim_pack_save`].
    pub fn claim_pack_prepare(&self, month: &str, funder_id: i64) -> Result<PreparedPack> {
        let mut input = self.claim_pack_input(month, funder_id)?;
        let identity = self.identity()?;
        let (name, role) = self.signer()?;
        let now = self.now_utc();
        input.signature_panel = Some(panel(&input.forum.name, &name, &role, now, &identity));
        Ok(PreparedPack {
            input,
            identity,
            signer: name,
            now,
            funder_id,
            month: month.to_string(),
        })
    }

    /// Saves a pack made from [`Store::claim_pack_prepare`] and logs it.
    pub fn claim_pack_save(
        &mut self,
        pack: &RenderedPack,
        dest: &Destination,
    ) -> Result<SavedFile> {
        self.save_funder_month(
            dest,
            pack.funder_id,
            &pack.month,
            ("claim-pack", "pdf"),
            &pack.pdf,
            "exported a signed claim pack",
        )
    }

    /// Makes, signs and saves the claim pack: `claim-pack-<funder>-<YYYY-MM>.pdf`.
    pub fn export_claim_pack(
        &mut self,
        month: &str,
        funder_id: i64,
        dest: &Destination,
    ) -> Result<SavedFile> {
        self.seal_pending_upgrades()?;
        let rendered = self
            .claim_pack_prepare(month, funder_id)?
            .render_for_saving()?;
        self.claim_pack_save(&rendered, dest)
    }

    /// The claim lines as CSV for the funder's finance system, ending with a TOTAL row equal
    /// to the pack's total.
    pub fn claims_csv_bytes(&self, month: &str, funder_id: i64) -> Result<Vec<u8>> {
        let input = self.claim_pack_input(month, funder_id)?;
        ex::claim_lines_csv(&input).map_err(export_error)
    }

    /// Saves [`Store::claims_csv_bytes`] as `claims-<funder>-<YYYY-MM>.csv`.
    pub fn export_claims_csv(
        &mut self,
        month: &str,
        funder_id: i64,
        dest: &Destination,
    ) -> Result<SavedFile> {
        self.seal_pending_upgrades()?;
        let csv = self.claims_csv_bytes(month, funder_id)?;
        self.save_funder_month(
            dest,
            funder_id,
            month,
            ("claims", "csv"),
            &csv,
            "exported claim lines to CSV",
        )
    }

    /// Saves a funder's file for a month as `<prefix>-<funder>-<YYYY-MM>.<ext>` and logs it.
    fn save_funder_month(
        &mut self,
        dest: &Destination,
        funder_id: i64,
        month: &str,
        (prefix, ext): (&str, &str),
        bytes: &[u8],
        action: &str,
    ) -> Result<SavedFile> {
        let funder = self.funder_get(funder_id)?;
        let month = normalise_month("month", month)?;
        let name = format!("{prefix}-{}-{month}.{ext}", slug(&funder.name));
        let saved = self.save(dest, &name, bytes)?;
        self.log_export(
            action,
            "funder",
            Some(funder_id),
            &format!("{} {}", funder.name, month),
            &saved,
        )?;
        Ok(saved)
    }

    /// Claim packs and their CSV hold everyone's claims: chairs and treasurers only (the
    /// command line, which has no acting person, may make them).
    fn may_export_claims(&self) -> Result<()> {
        match self.acting_person_opt()? {
            Some(p) if !p.can_approve() => Err(CoreError::NotAllowed(
                "Only a chair or treasurer can make the claim pack or its CSV for a funder.".into(),
            )),
            _ => Ok(()),
        }
    }
}

/// A claim pack read from the store and ready to draw and sign; it holds no connection, so
/// it can be rendered on any thread while the window goes on using the store.
pub struct PreparedPack {
    input: ex::ClaimPackInput,
    identity: ex::ForumIdentity,
    signer: String,
    now: chrono::DateTime<chrono::Utc>,
    funder_id: i64,
    month: String,
}

/// A signed pack, ready for [`Store::claim_pack_save`].
pub struct RenderedPack {
    pub pdf: Vec<u8>,
    funder_id: i64,
    month: String,
}

impl PreparedPack {
    /// Draws the pages and signs them: the slow part, needing no store.
    pub fn render(self) -> Result<Vec<u8>> {
        Ok(self.render_for_saving()?.pdf)
    }

    /// The same, keeping what saving the file needs.
    pub fn render_for_saving(self) -> Result<RenderedPack> {
        self.render_for_saving_with(&ex::Progress::new())
    }

    /// The same, counting receipts and pages in `progress` for the window, and stopping
    /// with [`CoreError::Cancelled`] (nothing to save) once it is cancelled.
    pub fn render_for_saving_with(self, progress: &ex::Progress) -> Result<RenderedPack> {
        let unsigned = ex::render_claim_pack_with(&self.input, progress).map_err(export_error)?;
        let reason = format!(
            "Claim pack for {}, {}, approved for payment",
            self.input.funder.name,
            self.input.month.display()
        );
        let pdf = sign_counted(
            &unsigned,
            &self.identity,
            &self.signer,
            &reason,
            self.now,
            progress,
        )?;
        Ok(RenderedPack {
            pdf,
            funder_id: self.funder_id,
            month: self.month,
        })
    }
}

/// The forum as the cover of a pack or claim form names it.
fn forum_details(forum: &crate::model::Forum) -> ex::ForumDetails {
    ex::ForumDetails {
        name: forum.name.clone(),
        address_lines: forum
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        charity_number: charity_number(&forum.charity_number),
        company_number: None,
    }
}

/// The funder and the cost code it matches a claim to (none when blank).
fn funder_details(name: &str, cost_code: &str) -> ex::FunderDetails {
    ex::FunderDetails {
        name: name.to_string(),
        cost_code: Some(cost_code.trim().to_string()).filter(|c| !c.is_empty()),
        po_reference: None,
    }
}

/// One rep's claim as the readable form inside their signed claim file: the pack's layout,
/// with the declaration they are making now.
pub(crate) fn claim_form_input(
    conn: &Connection,
    claim_id: i64,
    today: NaiveDate,
    declaration: &str,
    submitted_at: &str,
    generated_at: chrono::DateTime<chrono::Utc>,
) -> Result<ex::ClaimPackInput> {
    let v = claim_view(conn, claim_id, None, today)?;
    let mut lines = v.lines.iter().map(pack_line).collect::<Result<Vec<_>>>()?;
    attach_receipts(conn, claim_id, &mut lines)?;
    let forum = crate::forum::settings::forum(conn)?;
    let (funder_name, cost_code): (String, String) = conn.query_row(
        "SELECT name, cost_code FROM funders WHERE id = ?1",
        [v.summary.funder_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (year, m) = dates::parse_month("month", &v.summary.month)?;
    Ok(ex::ClaimPackInput {
        forum: forum_details(&forum),
        funder: funder_details(&funder_name, &cost_code),
        month: ex::ClaimMonth { year, month: m },
        payment_terms: forum.payment_terms,
        claims: vec![ex::RepClaim {
            claim_id,
            rep_name: v.summary.rep_name,
            status: "Submitted".into(),
            lines,
            declaration: Some(ex::Declaration {
                text: declaration.to_string(),
                made_at: dates::parse_datetime("submitted_at", submitted_at)?,
            }),
            approval: None,
        }],
        generated_at,
        signature_panel: None,
    })
}

/// The approved and paid claims for a funder and month, one per rep, by name. Each claim is
/// read through `claim_view`, the same reader the window and the approval rules use, so the
/// pack shows exactly what was approved.
fn pack_claims(
    conn: &Connection,
    funder_id: i64,
    month: &str,
    today: NaiveDate,
) -> Result<Vec<ex::RepClaim>> {
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT c.id FROM claims c JOIN members m ON m.id = c.rep_id
             WHERE c.funder_id = ?1 AND c.month = ?2 AND c.status IN ('approved', 'paid')
             ORDER BY CASE WHEN m.erased_on IS NULL THEN m.name ELSE m.anon_ref END COLLATE NOCASE, c.id",
        )?
        .query_map(params![funder_id, month], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let v = claim_view(conn, id, None, today)?;
        let mut lines = v.lines.iter().map(pack_line).collect::<Result<Vec<_>>>()?;
        attach_receipts(conn, id, &mut lines)?;
        attach_warnings(conn, id, &mut lines)?;
        let declaration = match (v.declaration, v.submitted_at) {
            (Some(text), Some(at)) if !text.trim().is_empty() => Some(ex::Declaration {
                text,
                made_at: dates::parse_datetime("submitted_at", &at)?,
            }),
            _ => None,
        };
        let approval = match (v.approved_by_name, v.approved_at) {
            (Some(by), Some(at)) => Some(ex::Approval {
                approved_by: by,
                approved_at: dates::parse_datetime("approved_at", &at)?,
            }),
            _ => None,
        };
        out.push(ex::RepClaim {
            claim_id: id,
            rep_name: v.summary.rep_name,
            status: if v.summary.status == ClaimStatus::Paid {
                "Paid".into()
            } else {
                "Approved".into()
            },
            lines,
            declaration,
            approval,
        });
    }
    Ok(out)
}

/// One line as the export crate wants it. Reversals carry negative minutes and miles; the
/// pack shows the journey or time itself and the negative amount.
fn pack_line(l: &ClaimLine) -> Result<ex::ClaimLine> {
    let n = |v: Option<i64>| v.unwrap_or(0).abs();
    let count = |v: Option<i64>| u32::try_from(n(v)).unwrap_or(u32::MAX);
    let description = l.description.trim().to_string();
    let has_room_for_note = l.kind.is_typed_amount();
    // Time, mileage and childcare have no room for the rep's note (a reversal's reason, say),
    // so it goes with the activity. `activity_label` is "Title (Group)" for meetings.
    let mut activity = l.activity_label.clone();
    if !description.is_empty() && !has_room_for_note {
        activity = format!("{activity}. {description}");
    }
    let activity = match l.meeting_id {
        Some(_) => ex::LineActivity::Meeting {
            title: activity,
            group: String::new(),
        },
        None => ex::LineActivity::Other {
            description: activity,
        },
    };
    let with_note = |label: &str, what: &str| {
        if description.is_empty() {
            label.to_string()
        } else {
            format!("{description} ({what})")
        }
    };
    let kind = match l.kind {
        LineKind::Time => ex::LineKind::Time {
            basis: match l.time_basis {
                Some(TimeBasis::HalfDay) => ex::TimeBasis::HalfDay,
                Some(TimeBasis::FullDay) => ex::TimeBasis::FullDay,
                _ => ex::TimeBasis::Hourly {
                    minutes: count(l.minutes),
                    hourly_rate_pence: n(l.rate_pence),
                },
            },
        },
        LineKind::Mileage => {
            let vehicle = l.vehicle.unwrap_or(Vehicle::Car);
            // The band the line was worked out with, never today's policy.
            let band = l
                .band_miles
                .filter(|_| vehicle == Vehicle::Car)
                .map(|miles| crate::text::format_pence(miles * 100))
                .map(|pounds| {
                    pounds
                        .trim_start_matches('£')
                        .trim_end_matches(".00")
                        .to_string()
                });
            let mut bands = Vec::new();
            if n(l.first_band_tenths) > 0 {
                bands.push(ex::MileageBand {
                    miles_tenths: n(l.first_band_tenths),
                    pence_per_mile: n(l.first_band_pence),
                    band: band
                        .as_ref()
                        .map(|b| format!("first {b} miles this tax year"))
                        .unwrap_or_default(),
                });
            }
            if n(l.after_band_tenths) > 0 {
                bands.push(ex::MileageBand {
                    miles_tenths: n(l.after_band_tenths),
                    pence_per_mile: n(l.after_band_pence),
                    band: band
                        .as_ref()
                        .map(|b| format!("over {b} miles this tax year"))
                        .unwrap_or_default(),
                });
            }
            ex::LineKind::Mileage {
                from: l.from_place.clone().unwrap_or_default(),
                to: l.to_place.clone().unwrap_or_default(),
                miles_tenths: n(l.miles_tenths),
                vehicle: vehicle.as_str().to_string(),
                passengers: count(l.passengers),
                bands,
                passenger_pence_per_mile: n(l.passenger_pence),
            }
        }
        LineKind::Childcare => ex::LineKind::Childcare {
            minutes: count(l.minutes),
            spent_pence: n(l.entered_pence),
            cap_pence: n(l.cap_pence),
        },
        LineKind::Fares => ex::LineKind::FaresAndParking {
            description: with_note("Fares", "fare"),
        },
        LineKind::Parking => ex::LineKind::FaresAndParking {
            description: with_note("Parking", "parking"),
        },
        LineKind::Other => ex::LineKind::Other {
            description: if description.is_empty() {
                "Other costs".into()
            } else {
                description.clone()
            },
        },
    };
    Ok(ex::ClaimLine {
        id: l.id,
        date: dates::parse_date("line_date", &l.line_date)?,
        activity,
        kind,
        amount_pence: l.amount_pence,
        reverses_line_id: l.reverses_line_id,
        accepted_warnings: Vec::new(),
        receipts: Vec::new(),
    })
}

/// The receipt files themselves, which the window's claim view leaves out.
fn attach_receipts(conn: &Connection, claim_id: i64, lines: &mut [ex::ClaimLine]) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT r.line_id, r.file_name, r.content, p.format, p.width, p.height, p.bytes
         FROM receipts r JOIN claim_lines l ON l.id = r.line_id
         LEFT JOIN receipt_print_copies p ON p.receipt_id = r.id
         WHERE l.claim_id = ?1 ORDER BY r.id",
    )?;
    let receipts = stmt.query_map([claim_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ex::Receipt {
                file_name: r.get(1)?,
                bytes: r.get(2)?,
                // Made when the receipt was attached; the pack makes one itself for a
                // receipt from before print copies were kept.
                print_copy: super::receipts::print_copy_from(
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
            },
        ))
    })?;
    for receipt in receipts {
        let (line_id, receipt) = receipt?;
        if let Some(line) = lines.iter_mut().find(|l| l.id == line_id) {
            line.receipts.push(receipt);
        }
    }
    Ok(())
}

/// Puts each accepted warning on its line, by the line id kept with it at approval; a
/// warning about no one line goes on the claim's first line, marked as about the whole claim.
fn attach_warnings(conn: &Connection, claim_id: i64, lines: &mut [ex::ClaimLine]) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT line_id, message FROM accepted_warnings WHERE claim_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([claim_id], |r| {
        Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (line_id, message) = row?;
        match line_id.and_then(|id| lines.iter_mut().find(|l| l.id == id)) {
            Some(line) => line.accepted_warnings.push(message),
            None => {
                if let Some(first) = lines.first_mut() {
                    first
                        .accepted_warnings
                        .push(format!("(about the whole claim) {message}"));
                }
            }
        }
    }
    Ok(())
}

/// "Registered charity 1187654" is printed after "Registered charity number", so keep only
/// the number part.
fn charity_number(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    let mut rest = t;
    for prefix in [
        "registered charity number",
        "registered charity no.",
        "registered charity no",
        "registered charity",
        "charity number",
        "charity no.",
        "charity no",
    ] {
        if lower.starts_with(prefix) {
            rest = t.get(prefix.len()..).unwrap_or(t);
            break;
        }
    }
    let rest = rest.trim_start_matches([':', ' ']).trim();
    Some(rest.to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_charity_numbers() {
        assert_eq!(
            slug("NHS Eastbridge Integrated Care Board"),
            "nhs-eastbridge-integrated-care-board"
        );
        assert_eq!(slug("  Zoë's   group! "), "zo-s-group");
        assert_eq!(slug("££"), "export");
        assert_eq!(
            charity_number("Registered charity 1187654").as_deref(),
            Some("1187654")
        );
        assert_eq!(charity_number("1187654").as_deref(), Some("1187654"));
        assert_eq!(charity_number("  "), None);
    }
}
