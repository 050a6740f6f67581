//! What the forum sends out: the monthly claim pack for each funder (a signed PDF) and its
//! CSV, meeting notes (signed once finalised, a DRAFT preview before), calendar files, and
//! the forum's signing certificate. The documents themselves are drawn by
//! `forumdesk-export`; this module reads the database into its input structs, signs with
//! the forum's identity (kept in the data folder, never copied out), writes the file and
//! logs the export.
//!
//! Only approved and paid claims go into a pack, and its totals are the sums of the claims'
//! lines, so they equal the database to the penny.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use forumdesk_export as ex;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::claims::claim_view;
use crate::clock::Clock;
use crate::dates;
use crate::error::{CoreError, Result};
use crate::model::{ClaimLine, Meeting, SavedFile};
use crate::privacy::write_export;
use crate::store::Store;

pub use forumdesk_export::{
    claim_totals, ClaimPackInput, MeetingNotesInput, PackTotals, Verification,
};

/// Where an export is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// The default exports folder ([`Store::exports_dir`]). Never overwrites an earlier export.
    ExportsFolder,
    /// A folder the person chose; created when missing. Never overwrites an earlier export.
    Folder(PathBuf),
    /// Exactly this file (the command line's `--out`); replaced if it exists.
    File(PathBuf),
}

impl Destination {
    /// The window's "Save in folder" field: blank (or absent) means the default exports folder.
    pub fn folder(text: Option<&str>) -> Destination {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Destination::ExportsFolder,
            Some(t) => Destination::Folder(expand_home(t)),
        }
    }
}

/// The forum's signing certificate, as the settings screen shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The certificate's name: the forum's name.
    pub subject: String,
    /// SHA-256 fingerprint, "AB:12:...", for people to compare by eye or over the phone.
    pub fingerprint: String,
    /// The certificate as PEM text.
    pub pem: String,
    /// True when the certificate was made just now (the forum had none before).
    pub created: bool,
}

/// The default exports folder, for the window's "Save in folder" field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ExportsFolder {
    pub path: String,
}

/// Files the window may open with the system's default app.
const OPENABLE: [&str; 6] = ["pdf", "csv", "ics", "pem", "cer", "json"];

impl Store {
    /// The default exports folder.
    pub fn exports_folder(&self) -> ExportsFolder {
        ExportsFolder {
            path: self.exports_dir().display().to_string(),
        }
    }

    // ------------------------------------------------------------ claim packs

    /// Everything the claim pack for `month` (`YYYY-MM`) and a funder shows: the approved and
    /// paid claims with every line, receipt, accepted warning, declaration and approval. No
    /// signature panel; [`Store::export_claim_pack`] adds it.
    pub fn claim_pack_input(&self, month: &str, funder_id: i64) -> Result<ex::ClaimPackInput> {
        self.may_export_claims()?;
        let (year, m) = dates::parse_month("month", month)?;
        let month = format!("{year:04}-{m:02}");
        let funder = self
            .funder_get(funder_id)
            .map_err(|_| CoreError::invalid("funder_id", "Please choose a funder."))?;
        let forum = self.forum_get()?;
        let claims = pack_claims(&self.conn, funder_id, &month, self.today())?;
        // The pack adds up its lines; make sure they are every line the database holds for
        // each claim, so the pack's totals are the claims' totals to the penny.
        for c in &claims {
            let (count, total): (i64, i64) = self.conn.query_row(
                "SELECT count(*), coalesce(sum(amount_pence), 0) FROM claim_lines WHERE claim_id = ?1",
                [c.claim_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let printed: i64 = c.lines.iter().map(|l| l.amount_pence).sum();
            if count != c.lines.len() as i64 || total != printed {
                return Err(CoreError::Database(format!(
                    "the claim pack for {} does not add up to the claim's total; nothing was exported",
                    c.rep_name
                )));
            }
        }
        if claims.is_empty() {
            return Err(CoreError::NotFound(format!(
                "There are no approved claims for {} in {}, so there is nothing to send.",
                funder.name,
                dates::month_label(&month)
            )));
        }
        Ok(ex::ClaimPackInput {
            forum: ex::ForumDetails {
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
            },
            funder: ex::FunderDetails {
                name: funder.name.clone(),
                cost_code: Some(funder.cost_code.trim().to_string()).filter(|c| !c.is_empty()),
                po_reference: None,
            },
            month: ex::ClaimMonth { year, month: m },
            payment_terms: forum.payment_terms,
            claims,
            generated_at: self.now_utc(),
            signature_panel: None,
        })
    }

    /// The claim pack as a signed PDF, without saving it.
    pub fn claim_pack_pdf(&self, month: &str, funder_id: i64) -> Result<Vec<u8>> {
        let mut input = self.claim_pack_input(month, funder_id)?;
        let identity = self.identity()?.0;
        let (name, role) = self.signer()?;
        let now = self.now_utc();
        input.signature_panel = Some(panel(&input.forum.name, &name, &role, now, &identity));
        let unsigned = ex::render_claim_pack(&input).map_err(export_error)?;
        let reason = format!(
            "Claim pack for {}, {}, approved for payment",
            input.funder.name,
            input.month.display()
        );
        ex::sign_pdf(&unsigned, &identity, &name, &reason, now).map_err(export_error)
    }

    /// Makes, signs and saves the claim pack: `claim-pack-<funder>-<YYYY-MM>.pdf`.
    pub fn export_claim_pack(
        &mut self,
        month: &str,
        funder_id: i64,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let pdf = self.claim_pack_pdf(month, funder_id)?;
        self.save_funder_month(
            dest,
            funder_id,
            month,
            ("claim-pack", "pdf"),
            &pdf,
            "exported a signed claim pack",
        )
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
        let month = normalise_month(month)?;
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

    // ------------------------------------------------------------ meeting notes

    /// The notes of a meeting as the PDF shows them. Finalised meetings carry a signature
    /// panel; others are drafts and never do.
    pub fn meeting_notes_input(&self, meeting_id: i64) -> Result<ex::MeetingNotesInput> {
        let m = self.meeting_get(meeting_id)?;
        let forum = self.forum_get()?;
        notes_input(&forum.name, &m, self.now_utc())
    }

    /// The notes as PDF bytes: signed when finalised, an unsigned DRAFT otherwise.
    pub fn meeting_notes_pdf(&self, meeting_id: i64) -> Result<Vec<u8>> {
        let mut input = self.meeting_notes_input(meeting_id)?;
        if input.draft {
            return ex::render_meeting_notes(&input).map_err(export_error);
        }
        let identity = self.identity()?.0;
        let (name, role) = self.signer()?;
        let now = self.now_utc();
        input.signature_panel = Some(panel(&input.forum_name, &name, &role, now, &identity));
        let unsigned = ex::render_meeting_notes(&input).map_err(export_error)?;
        let reason = format!(
            "Finalised notes of {}, {}",
            input.title,
            ex::format::date(input.starts_at.date())
        );
        ex::sign_pdf(&unsigned, &identity, &name, &reason, now).map_err(export_error)
    }

    /// Saves the notes as `meeting-notes-<title>-<date>.pdf` (`...-DRAFT.pdf` before they
    /// are finalised).
    pub fn export_meeting_notes(
        &mut self,
        meeting_id: i64,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let m = self.meeting_get(meeting_id)?;
        let pdf = self.meeting_notes_pdf(meeting_id)?;
        let draft = if m.finalised_at.is_none() {
            "-DRAFT"
        } else {
            ""
        };
        let name = format!(
            "meeting-notes-{}-{}{draft}.pdf",
            slug(&m.title),
            m.starts_at.get(..10).unwrap_or("")
        );
        let saved = self.save(dest, &name, &pdf)?;
        let action = if draft.is_empty() {
            "exported signed meeting notes"
        } else {
            "exported draft meeting notes"
        };
        self.log_export(action, "meeting", Some(meeting_id), &m.title, &saved)?;
        Ok(saved)
    }

    // ------------------------------------------------------------ calendars

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

    // ------------------------------------------------------------ certificate

    /// The forum's signing certificate, made now if the forum has none yet.
    pub fn certificate_get(&mut self) -> Result<CertificateInfo> {
        let (identity, created) = self.identity()?;
        if created {
            self.write(|tx| {
                tx.audit(
                    "created the forum's signing certificate",
                    "forum",
                    Some(1),
                    &identity.fingerprint_sha256(),
                )
            })?;
        }
        Ok(CertificateInfo {
            subject: identity.subject_name(),
            fingerprint: identity.fingerprint_sha256(),
            pem: identity.certificate_pem(),
            created,
        })
    }

    /// Writes the certificate (never the key) for funders: `forum-certificate.pem` and the
    /// same certificate in binary form as `forum-certificate.cer` beside it. Returns the .pem.
    /// With [`Destination::File`] the PEM goes to that file and the .cer beside it.
    pub fn certificate_export(&mut self, dest: &Destination) -> Result<SavedFile> {
        self.certificate_get()?;
        let identity = self.identity()?.0;
        let pem_path = match dest {
            Destination::File(p) => p.clone(),
            other => self.folder_for(other)?.join("forum-certificate.pem"),
        };
        let mut cer_path = pem_path.with_extension("cer");
        if cer_path == pem_path {
            cer_path = pem_path.with_extension("der.cer");
        }
        let pem = identity.certificate_pem();
        let saved = write_file(&pem_path, pem.as_bytes())?;
        write_file(&cer_path, identity.certificate_der())?;
        self.log_export(
            "exported the forum's signing certificate",
            "forum",
            Some(1),
            &identity.fingerprint_sha256(),
            &saved,
        )?;
        Ok(saved)
    }

    /// Checks a signed PDF: unchanged since signing, who signed it, and whether it was this
    /// forum (compared with the certificate in the data folder, if there is one).
    pub fn verify_file(&self, bytes: &[u8]) -> Result<Verification> {
        let own = match self.data_dir() {
            Some(dir) if dir.join(ex::signing::CERT_FILE).exists() => Some(self.identity()?.0),
            _ => None,
        };
        ex::verify_pdf(bytes, own.as_ref().map(|i| i.certificate_der())).map_err(export_error)
    }

    // ------------------------------------------------------------ opening files

    /// Checks that `path` is a file Forum Desk exported (in the exports folder, or a file an
    /// export wrote to a chosen folder) and that it still exists; returns it ready to open.
    /// The window then opens it with the system's default app.
    pub fn export_path_to_open(&self, path: &str) -> Result<PathBuf> {
        let raw = PathBuf::from(path.trim());
        let refuse = || {
            CoreError::NotAllowed(
                "Forum Desk only opens files it has exported, from the exports folder or the folder you chose.".into(),
            )
        };
        if path.trim().is_empty() || !raw.is_absolute() {
            return Err(refuse());
        }
        let real = raw.canonicalize().map_err(|_| {
            CoreError::NotFound(format!(
                "{} is not there any more. It may have been moved or deleted.",
                raw.display()
            ))
        })?;
        if !real.is_file() {
            return Err(refuse());
        }
        let ext = real
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !OPENABLE.contains(&ext.as_str()) {
            return Err(refuse());
        }
        let in_exports = self
            .exports_dir()
            .canonicalize()
            .is_ok_and(|dir| real.starts_with(dir));
        if in_exports || self.was_exported(&raw)? || self.was_exported(&real)? {
            Ok(real)
        } else {
            Err(refuse())
        }
    }

    // ------------------------------------------------------------ helpers

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

    /// Who signs, and in what role: the person using the app, or for the command line the
    /// first active chair, else the first active treasurer.
    fn signer(&self) -> Result<(String, String)> {
        if let Some(p) = self.acting_person_opt()? {
            let role = if p.roles.iter().any(|r| r == "chair") {
                "Chair"
            } else if p.roles.iter().any(|r| r == "treasurer") {
                "Treasurer"
            } else {
                "Representative"
            };
            return Ok((p.name, role.to_string()));
        }
        for (col, role) in [("is_chair", "Chair"), ("is_treasurer", "Treasurer")] {
            let name: Option<String> = self
                .conn
                .query_row(
                    &format!(
                        "SELECT m.name FROM reps r JOIN members m ON m.id = r.member_id
                         WHERE r.active = 1 AND m.erased_on IS NULL AND r.{col} = 1 ORDER BY m.id LIMIT 1"
                    ),
                    [],
                    |r| r.get(0),
                )
                .ok();
            if let Some(name) = name {
                return Ok((name, role.to_string()));
            }
        }
        Err(CoreError::NotAllowed(
            "The forum has no active chair or treasurer to sign on its behalf. Give someone that role first.".into(),
        ))
    }

    /// The forum's signing identity from the data folder, made there on first use. The
    /// private key never leaves that folder. The flag says whether it was just made.
    fn identity(&self) -> Result<(ex::ForumIdentity, bool)> {
        let dir = self.data_dir().ok_or_else(|| {
            CoreError::Locked(
                "Documents can only be signed when the forum's data is kept in a data folder."
                    .into(),
            )
        })?;
        let existed = dir.join(ex::signing::KEY_FILE).exists();
        let forum = self.forum_get()?.name;
        // A new certificate is valid from a day ago, so a funder whose clock is a little
        // behind still sees it as valid.
        let since = self.now_utc() - Duration::days(1);
        let identity =
            ex::ForumIdentity::load_or_create(dir, &forum, since).map_err(|e| CoreError::Io {
                path: dir.join(ex::signing::KEY_FILE).display().to_string(),
                reason: e.to_string(),
            })?;
        Ok((identity, !existed))
    }

    /// "Now" as an instant: the store's clock is UK wall-clock time.
    fn now_utc(&self) -> DateTime<Utc> {
        match self.clock() {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => uk_to_utc(t),
        }
    }

    /// The folder an export goes into, created if needed; a plain error when it cannot be used.
    fn folder_for(&self, dest: &Destination) -> Result<PathBuf> {
        let dir = match dest {
            Destination::ExportsFolder => self.exports_dir().to_path_buf(),
            Destination::Folder(d) => d.clone(),
            Destination::File(f) => f.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        if matches!(dest, Destination::Folder(_)) && !dir.is_absolute() {
            return Err(CoreError::invalid(
                "folder",
                format!(
                    "\"{}\" is not a full folder path. Please give the whole path, for example {}.",
                    dir.display(),
                    self.exports_dir().display()
                ),
            ));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(CoreError::invalid(
                "folder",
                format!(
                    "{} is a file, not a folder. Please choose a folder.",
                    dir.display()
                ),
            ));
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            CoreError::invalid(
                "folder",
                format!(
                    "Forum Desk could not use the folder {}: {e}. Please choose another folder.",
                    dir.display()
                ),
            )
        })?;
        Ok(dir)
    }

    fn save(&self, dest: &Destination, name: &str, bytes: &[u8]) -> Result<SavedFile> {
        let dir = self.folder_for(dest)?;
        match dest {
            Destination::File(path) => write_file(path, bytes),
            _ => write_export(&dir, name, bytes).map_err(|e| match e {
                CoreError::Io { path, reason } => CoreError::invalid(
                    "folder",
                    format!(
                        "Forum Desk could not save {path}: {reason}. Please choose another folder."
                    ),
                ),
                other => other,
            }),
        }
    }

    /// Logs an export with where it was saved, so that the window may open it later.
    fn log_export(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        what: &str,
        saved: &SavedFile,
    ) -> Result<()> {
        let detail = format!("{what}; saved to {}", saved.path);
        self.write(|tx| tx.audit(action, entity, entity_id, &detail))
    }

    fn was_exported(&self, path: &Path) -> Result<bool> {
        let text = format!("; saved to {}", path.display());
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'exported %'
               AND length(detail) >= length(?1) AND substr(detail, length(detail) - length(?1) + 1) = ?1",
            [text],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}

// ---------------------------------------------------------------- claim pack rows

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
        attach_warnings(&mut lines, v.accepted_warnings);
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
            status: if v.summary.status == "paid" {
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
    let has_room_for_note = !matches!(l.kind.as_str(), "time" | "mileage" | "childcare");
    // Time, mileage and childcare have no room for the rep's note (a reversal's reason, say),
    // so it goes with the activity. `activity` is "Title (Group)" for meetings.
    let mut activity = l.activity.clone();
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
    let kind = match l.kind.as_str() {
        "time" => ex::LineKind::Time {
            basis: match l.time_basis.as_deref() {
                Some("half_day") => ex::TimeBasis::HalfDay,
                Some("full_day") => ex::TimeBasis::FullDay,
                _ => ex::TimeBasis::Hourly {
                    minutes: count(l.minutes),
                    hourly_rate_pence: n(l.rate_pence),
                },
            },
        },
        "mileage" => {
            let vehicle = l.vehicle.clone().unwrap_or_else(|| "car".into());
            let mut bands = Vec::new();
            if n(l.first_band_tenths) > 0 {
                bands.push(ex::MileageBand {
                    miles_tenths: n(l.first_band_tenths),
                    pence_per_mile: n(l.first_band_pence),
                    band: if vehicle == "car" {
                        "first 10,000 miles this tax year".into()
                    } else {
                        String::new()
                    },
                });
            }
            if n(l.after_band_tenths) > 0 {
                bands.push(ex::MileageBand {
                    miles_tenths: n(l.after_band_tenths),
                    pence_per_mile: n(l.after_band_pence),
                    band: "over 10,000 miles this tax year".into(),
                });
            }
            ex::LineKind::Mileage {
                from: l.from_place.clone().unwrap_or_default(),
                to: l.to_place.clone().unwrap_or_default(),
                miles_tenths: n(l.miles_tenths),
                vehicle,
                passengers: count(l.passengers),
                bands,
                passenger_pence_per_mile: n(l.passenger_pence),
            }
        }
        "childcare" => ex::LineKind::Childcare {
            minutes: count(l.minutes),
            spent_pence: n(l.entered_pence),
            cap_pence: n(l.cap_pence),
        },
        "fares" => ex::LineKind::FaresAndParking {
            description: with_note("Fares", "fare"),
        },
        "parking" => ex::LineKind::FaresAndParking {
            description: with_note("Parking", "parking"),
        },
        _ => ex::LineKind::Other {
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
        "SELECT r.line_id, r.file_name, r.content FROM receipts r JOIN claim_lines l ON l.id = r.line_id
         WHERE l.claim_id = ?1 ORDER BY r.id",
    )?;
    let receipts = stmt.query_map([claim_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ex::Receipt {
                file_name: r.get(1)?,
                bytes: r.get(2)?,
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

/// Puts each accepted warning on the line it names ("Line 12 ..."); a warning that names
/// none of the claim's lines goes on the claim's first line, marked as about the whole claim.
fn attach_warnings(lines: &mut [ex::ClaimLine], warnings: Vec<String>) {
    for w in warnings {
        let target = line_numbers(&w)
            .into_iter()
            .find(|id| lines.iter().any(|l| l.id == *id));
        match target.and_then(|id| lines.iter_mut().find(|l| l.id == id)) {
            Some(line) => line.accepted_warnings.push(w),
            None => {
                if let Some(first) = lines.first_mut() {
                    first
                        .accepted_warnings
                        .push(format!("(about the whole claim) {w}"));
                }
            }
        }
    }
}

/// The numbers that follow "line " (any case) in a message, in order.
fn line_numbers(message: &str) -> Vec<i64> {
    let lower = message.to_lowercase();
    let mut out = Vec::new();
    let mut rest = lower.as_str();
    while let Some(pos) = rest.find("line ") {
        rest = &rest[pos + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            out.push(n);
        }
    }
    out
}

// ---------------------------------------------------------------- meetings

fn notes_input(forum: &str, m: &Meeting, now: DateTime<Utc>) -> Result<ex::MeetingNotesInput> {
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let person = |name: &str, org: &str| {
        opt(name).map(|name| ex::PersonRef {
            name,
            organisation: opt(org),
        })
    };
    let date = |field: &str, s: &Option<String>| -> Result<Option<NaiveDate>> {
        dates::parse_optional_date(field, s.as_deref().unwrap_or(""))
    };
    let status = |s: &str| match s {
        "done" => "Done".to_string(),
        "dropped" => "Dropped".to_string(),
        "open" => "Open".to_string(),
        other => other.to_string(),
    };
    // Attendance comes ordered by organisation, so each organisation's people are together.
    let attendees = m
        .people
        .iter()
        .filter(|p| p.attendance == "attended")
        .map(|p| ex::Attendee {
            name: p.name.clone(),
            organisation: opt(&p.organisation),
            role: if p.name.trim() == m.chair_name.trim() {
                Some("Chair".into())
            } else if p.name.trim() == m.note_taker_name.trim() {
                Some("Took the notes".into())
            } else {
                None
            },
        })
        .collect();
    let apologies = m
        .people
        .iter()
        .filter(|p| p.attendance == "apologies")
        .map(|p| ex::PersonRef {
            name: p.name.clone(),
            organisation: opt(&p.organisation),
        })
        .collect();
    let actions = m
        .actions
        .iter()
        .map(|a| {
            Ok(ex::ActionItem {
                description: a.text.clone(),
                owner: a.owner.clone(),
                due_on: date("due_on", &a.due_on)?,
                status: status(&a.status),
            })
        })
        .collect::<Result<_>>()?;
    let carried = m
        .carried_over
        .iter()
        .map(|a| {
            let from = dates::parse_date("meeting_date", &a.meeting_date)
                .map(dates::uk)
                .unwrap_or_else(|_| a.meeting_date.clone());
            Ok(ex::CarriedAction {
                description: a.text.clone(),
                owner: a.owner.clone(),
                due_on: date("due_on", &a.due_on)?,
                status: status(&a.status),
                from_meeting: format!("{}, {from}", a.meeting_title),
            })
        })
        .collect::<Result<_>>()?;
    let finalised_at = match &m.finalised_at {
        Some(t) => Some(dates::parse_datetime("finalised_at", t)?),
        None => None,
    };
    Ok(ex::MeetingNotesInput {
        forum_name: forum.to_string(),
        group_name: m.group_name.clone(),
        title: m.title.clone(),
        starts_at: dates::parse_datetime("starts_at", &m.starts_at)?,
        ends_at: Some(dates::parse_datetime("ends_at", &m.ends_at)?),
        place: opt(&m.place),
        online_link: opt(&m.online_link),
        chair: person(&m.chair_name, &m.chair_org),
        note_taker: person(&m.note_taker_name, &m.note_taker_org),
        attendees,
        apologies,
        quorum: Some(ex::Quorum {
            quorate: m.checks.quorate,
            rule: m.checks.quorum_rule.clone(),
            reason: m.checks.quoracy_reason.clone(),
        }),
        notice: ex::NoticeInfo {
            notice_sent_on: date("notice_sent_on", &m.notice_sent_on)?,
            papers_sent_on: date("papers_sent_on", &m.papers_sent_on)?,
            warnings: m.checks.warnings.clone(),
        },
        agenda: m
            .agenda
            .iter()
            .map(|a| ex::AgendaItem {
                title: a.title.clone(),
                notes: opt(&a.presenter).map(|p| format!("Presented by {p}.")),
            })
            .collect(),
        decisions: m
            .decisions
            .iter()
            .map(|d| ex::Decision {
                text: d.text.clone(),
                agenda_item: None,
            })
            .collect(),
        actions,
        carried_over_actions: carried,
        draft: finalised_at.is_none(),
        finalised_at,
        generated_at: now,
        signature_panel: None,
    })
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

// ---------------------------------------------------------------- small helpers

fn panel(
    forum: &str,
    person: &str,
    role: &str,
    now: DateTime<Utc>,
    identity: &ex::ForumIdentity,
) -> ex::SignaturePanel {
    ex::SignaturePanel {
        forum: forum.to_string(),
        person: person.to_string(),
        role: role.to_string(),
        signed_at: ex::format::date_time(ex::format::uk_local(now)),
        fingerprint: identity.fingerprint_sha256(),
    }
}

/// UK wall-clock time to an instant (the hour either side of a clock change is approximate).
fn uk_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let guess = Utc.from_utc_datetime(&(local - Duration::hours(1)));
    let offset = ex::format::uk_offset_hours(guess);
    Utc.from_utc_datetime(&(local - Duration::hours(offset)))
}

fn normalise_month(month: &str) -> Result<String> {
    let (y, m) = dates::parse_month("month", month)?;
    Ok(format!("{y:04}-{m:02}"))
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

/// "NHS Eastbridge Integrated Care Board" -> "nhs-eastbridge-integrated-care-board".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(60).collect();
    if out.is_empty() {
        "export".into()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

/// "~/Documents" means the home folder's Documents.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ if text == "~" => std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(text)),
        _ => PathBuf::from(text),
    }
}

/// Writes exactly this file (replacing it), creating its folder.
fn write_file(path: &Path, bytes: &[u8]) -> Result<SavedFile> {
    let io = |e: std::io::Error| CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)?;
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// The export library's errors, as the core's plain-English errors.
fn export_error(e: ex::ExportError) -> CoreError {
    use ex::ExportError as E;
    match e {
        E::InvalidInput(_) => CoreError::invalid("export", e.to_string()),
        E::BadReceipt { .. } => CoreError::invalid("receipt", e.to_string()),
        E::NotAPdf(_) | E::NotSigned | E::BadSignature(_) => {
            CoreError::invalid("file", e.to_string())
        }
        E::Identity(_) => CoreError::Locked(e.to_string()),
        E::PdfWrite(_) | E::Csv(_) | E::Io(_) => CoreError::Io {
            path: "the export".into(),
            reason: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_numbers_in_warnings() {
        assert_eq!(
            line_numbers("Possible duplicate: line 12 has the same date as line 3, 4."),
            vec![12, 3]
        );
        assert_eq!(line_numbers("Line 7: childcare cost"), vec![7]);
        assert!(line_numbers("No lines here").is_empty());
    }

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

    #[test]
    fn blank_folder_means_the_exports_folder() {
        assert_eq!(Destination::folder(None), Destination::ExportsFolder);
        assert_eq!(Destination::folder(Some("  ")), Destination::ExportsFolder);
        assert_eq!(
            Destination::folder(Some("/tmp/x")),
            Destination::Folder(PathBuf::from("/tmp/x"))
        );
    }

    #[test]
    fn uk_clock_to_instant() {
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(uk_to_utc(summer).format("%H").to_string(), "11");
        let winter = NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(uk_to_utc(winter).format("%H").to_string(), "12");
    }
}
