//! Members in and out as CSV. Import is previewed row by row, matches on email to update
//! rather than duplicate, flags rows without an email that look like a member already on the
//! list, and commits all rows or none. Export neutralises cells a spreadsheet would run as a
//! formula.
//!
//! Files come as bytes: the core works out how they were saved (UTF-8, Excel's "Unicode
//! text" in UTF-16, or Windows-1252 from Excel on Windows) and what separates the columns
//! (commas, semicolons or tabs), so names with accents arrive as they were typed.

use std::borrow::Cow;
use std::collections::HashMap;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use rusqlite::{Connection, OptionalExtension};

use crate::members::records::{email_owner, save_member, validate_member, ValidMember};
use crate::model::{ImportPreview, ImportResult, ImportRow, MemberInput};
use crate::store::Store;
use crate::store::{CoreError, Result};

const COLUMNS: [&str; 10] = [
    "name",
    "known_as",
    "email",
    "phone",
    "postcode",
    "joined_on",
    "status",
    "consent_email",
    "consent_phone",
    "consent_post",
];

/// One checked row: what it would do, or why it cannot.
struct Planned {
    row: ImportRow,
    target: Option<i64>,
    member: Option<ValidMember>,
}

/// The whole file, checked.
struct Plan {
    rows: Vec<Planned>,
    encoding: &'static str,
    delimiter: &'static str,
}

impl Store {
    /// What importing `file` (the CSV file's bytes, as saved) would do, row by row. Nothing
    /// is saved.
    pub fn members_import_preview(&self, file: impl AsRef<[u8]>) -> Result<ImportPreview> {
        self.require_officer("import members")?;
        let plan = self.plan_import(file.as_ref())?;
        Ok(summarise(plan))
    }

    /// Applies the whole file in one transaction, or nothing if any row has a problem. Rows
    /// that look like a member already on the list (no email, same name and postcode) are
    /// left out, as the preview said.
    pub fn members_import_commit(&mut self, file: impl AsRef<[u8]>) -> Result<ImportResult> {
        self.require_officer("import members")?;
        let plan = self.plan_import(file.as_ref())?;
        let bad = plan.rows.iter().filter(|p| p.row.action == "error").count();
        if bad > 0 {
            return Err(CoreError::invalid(
                "file",
                format!(
                    "{bad} {} in the file {} problems, so nothing was imported. Fix them and try again.",
                    if bad == 1 { "row" } else { "rows" },
                    if bad == 1 { "has" } else { "have" }
                ),
            ));
        }
        let mut result = ImportResult {
            added: 0,
            updated: 0,
            skipped: plan
                .rows
                .iter()
                .filter(|p| p.row.action == "duplicate")
                .count(),
        };
        self.write(|tx| {
            for p in &plan.rows {
                if let Some(m) = &p.member {
                    save_member(tx, p.target, m)?;
                    if p.target.is_some() {
                        result.updated += 1;
                    } else {
                        result.added += 1;
                    }
                }
            }
            let skipped = if result.skipped > 0 {
                format!(", {} possible duplicates left out", result.skipped)
            } else {
                String::new()
            };
            tx.audit(
                "imported members from a CSV file",
                "member",
                None,
                &format!(
                    "{} added, {} updated{skipped}",
                    result.added, result.updated
                ),
            )
        })?;
        self.backup_requested = true;
        Ok(result)
    }

    /// All members except erased ones, as CSV text.
    pub fn members_export_csv_text(&self) -> Result<String> {
        self.require_officer("export members")?;
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(COLUMNS).map_err(csv_err)?;
        let mut stmt = self.conn.prepare(
            "SELECT name, known_as, email, phone, postcode, coalesce(joined_on, ''), status, consent_email, consent_phone,
                    consent_post FROM members WHERE erased_on IS NULL ORDER BY name COLLATE NOCASE, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut rec: Vec<String> = (0..7)
                .map(|i| r.get::<_, String>(i))
                .collect::<rusqlite::Result<_>>()?;
            for i in 7..10 {
                rec.push(if r.get::<_, bool>(i)? {
                    "yes".into()
                } else {
                    "no".into()
                });
            }
            w.write_record(rec.iter().map(|c| neutralise(c)))
                .map_err(csv_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CoreError::Database(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| CoreError::Database(e.to_string()))
    }

    fn plan_import(&self, bytes: &[u8]) -> Result<Plan> {
        let decoded = decode(bytes)?;
        let text = decoded.text.as_ref();
        let (delimiter, delimiter_name) = find_delimiter(text)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| file_error(&e))?.clone();
        let index = header_index(&headers)?;
        // Members already on the list, by name and postcode: only needed for rows with no
        // email, so loaded the first time one turns up.
        let mut known: Option<HashMap<(String, String), (i64, String)>> = None;
        let mut seen_emails: HashMap<String, usize> = HashMap::new();
        let mut seen_names: HashMap<(String, String), usize> = HashMap::new();
        let mut planned = Vec::new();
        let today = self.today();
        for (n, rec) in reader.records().enumerate() {
            let line = n + 2;
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    planned.push(Planned {
                        row: error_row(line, vec![format!("This row could not be read: {e}")]),
                        target: None,
                        member: None,
                    });
                    continue;
                }
            };
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let cell = |col: &str| {
                index
                    .get(col)
                    .and_then(|&i| rec.get(i))
                    .map(unneutralise)
                    .unwrap_or_default()
            };
            let email = cell("email");
            let mut errors = Vec::new();
            if !email.is_empty() {
                if let Some(first) = seen_emails.insert(email.to_lowercase(), line) {
                    errors.push(format!(
                        "The email {email} is also on line {first} of the file."
                    ));
                }
            }
            let target = email_owner(&self.conn, &email)?;
            // Blank cells keep what an existing member already has, so an import never
            // wipes details it did not mention.
            let existing = match target {
                Some(id) => Some(existing_member(&self.conn, id)?),
                None => None,
            };
            let pick = |col: &str, old: Option<&str>| {
                let v = cell(col);
                if v.is_empty() {
                    old.unwrap_or_default().to_string()
                } else {
                    v
                }
            };
            let flag = |col: &str, old: Option<bool>, errors: &mut Vec<String>| match parse_yes_no(
                &cell(col),
            ) {
                Ok(Some(b)) => b,
                Ok(None) => old.unwrap_or(false),
                Err(()) => {
                    errors.push(format!("{} must be yes or no.", col.replace('_', " ")));
                    false
                }
            };
            let e = existing.as_ref();
            let input = MemberInput {
                id: target,
                name: pick("name", e.map(|m| m.name.as_str())),
                known_as: pick("known_as", e.map(|m| m.known_as.as_str())),
                email: email.clone(),
                phone: pick("phone", e.map(|m| m.phone.as_str())),
                postcode: pick("postcode", e.map(|m| m.postcode.as_str())),
                joined_on: pick("joined_on", e.and_then(|m| m.joined_on.as_deref())),
                status: pick("status", e.map(|m| m.status.as_str())),
                consent_email: flag("consent_email", e.map(|m| m.consent[0]), &mut errors),
                consent_phone: flag("consent_phone", e.map(|m| m.consent[1]), &mut errors),
                consent_post: flag("consent_post", e.map(|m| m.consent[2]), &mut errors),
            };
            if e.is_some_and(|m| m.erased) {
                errors.push("This email belonged to a member whose data was erased.".into());
            }
            let valid = match validate_member(&input, today) {
                Ok(v) => Some(v),
                Err(err) => {
                    errors.extend(err.messages());
                    None
                }
            };
            // With no email to match on, a row with the name and postcode of a member
            // already on the list is most likely that member again: flag it, do not add it.
            let mut note = String::new();
            if errors.is_empty() && email.is_empty() {
                let key = (same_name(&input.name), same_postcode(&input.postcode));
                if known.is_none() {
                    known = Some(members_by_name_and_postcode(&self.conn)?);
                }
                if let Some((_, name)) = known.as_ref().and_then(|k| k.get(&key)) {
                    note = format!(
                        "Possible duplicate: {name} is already a member, with the same name and postcode and no email to tell them apart. This row will not be added; if it is a different person, add them by hand."
                    );
                } else if let Some(first) = seen_names.get(&key) {
                    note = format!(
                        "Possible duplicate of line {first}: the same name and postcode, and no email to tell them apart. This row will not be added."
                    );
                } else {
                    seen_names.insert(key, line);
                }
            }
            let action = if !errors.is_empty() {
                "error"
            } else if !note.is_empty() {
                "duplicate"
            } else if target.is_some() {
                "update"
            } else {
                "add"
            };
            if action == "update" {
                note = "Updates the member with this email.".into();
            }
            planned.push(Planned {
                row: ImportRow {
                    line,
                    action: action.into(),
                    name: input.name.clone(),
                    email,
                    postcode: input.postcode.trim().to_uppercase(),
                    errors,
                    note,
                },
                target,
                member: if matches!(action, "add" | "update") {
                    valid
                } else {
                    None
                },
            });
        }
        if planned.is_empty() {
            return Err(CoreError::invalid(
                "file",
                "The file has no members in it, only a header row (or nothing).",
            ));
        }
        Ok(Plan {
            rows: planned,
            encoding: decoded.label,
            delimiter: delimiter_name,
        })
    }
}

/// What an import needs to know about a member it would update.
struct Existing {
    name: String,
    known_as: String,
    phone: String,
    postcode: String,
    joined_on: Option<String>,
    status: String,
    consent: [bool; 3],
    erased: bool,
}

/// One row by its primary key: no children, no joins (an import may read thousands).
fn existing_member(conn: &Connection, id: i64) -> Result<Existing> {
    conn
        .prepare_cached(
            "SELECT name, known_as, phone, postcode, joined_on, status, consent_email, consent_phone, consent_post,
                    erased_on IS NOT NULL FROM members WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Existing {
                name: r.get(0)?,
                known_as: r.get(1)?,
                phone: r.get(2)?,
                postcode: r.get(3)?,
                joined_on: r.get(4)?,
                status: r.get(5)?,
                consent: [r.get(6)?, r.get(7)?, r.get(8)?],
                erased: r.get(9)?,
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound("That member could not be found.".into()))
}

/// Every member still on the list (not erased), by name and postcode as compared.
fn members_by_name_and_postcode(
    conn: &Connection,
) -> Result<HashMap<(String, String), (i64, String)>> {
    let mut stmt =
        conn.prepare("SELECT id, name, postcode FROM members WHERE erased_on IS NULL ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, name, postcode) = row?;
        out.entry((same_name(&name), same_postcode(&postcode)))
            .or_insert((id, name));
    }
    Ok(out)
}

/// Names compared the way a person would: case and runs of spaces do not matter.
fn same_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// "bn7 1aa", "BN71AA" and "BN7 1AA" are one postcode.
fn same_postcode(postcode: &str) -> String {
    postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// A file's text and how it was saved, in words for the preview.
struct Decoded<'a> {
    text: Cow<'a, str>,
    label: &'static str,
}

/// Reads the file's bytes as text. A byte-order mark settles it (UTF-8, or UTF-16 as Excel's
/// "Unicode text" saves); failing that, valid UTF-8 is UTF-8, a file of every-other-byte zeros
/// is UTF-16, and anything else is guessed with chardetng (leaning UK, so Windows-1252 as
/// Excel on Windows saves). Never guesses silently wrong: a file that does not decode
/// cleanly is refused with what to do.
fn decode(bytes: &[u8]) -> Result<Decoded<'_>> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(CoreError::invalid(
            "file",
            "This is a spreadsheet workbook, not a CSV file. In your spreadsheet, choose Save As and pick \"CSV UTF-8\" (or \"CSV\"), then choose that file.",
        ));
    }
    let (encoding, body): (&'static Encoding, &[u8]) = match Encoding::for_bom(bytes) {
        Some((enc, bom)) => (enc, &bytes[bom..]),
        None => (sniff(bytes), bytes),
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let label = if encoding == UTF_8 {
        "UTF-8"
    } else if encoding == UTF_16LE || encoding == UTF_16BE {
        "UTF-16 (Excel's \"Unicode text\")"
    } else if encoding == WINDOWS_1252 {
        "Windows-1252 (Excel on Windows)"
    } else {
        encoding.name()
    };
    if had_errors {
        return Err(CoreError::invalid(
            "file",
            format!("Some characters in the file could not be read as {label}. In your spreadsheet, choose Save As and pick \"CSV UTF-8\", then choose that file."),
        ));
    }
    if text.contains('\0') {
        return Err(CoreError::invalid(
            "file",
            "This does not look like a CSV text file. In your spreadsheet, choose Save As and pick \"CSV UTF-8\", then choose that file.",
        ));
    }
    Ok(Decoded { text, label })
}

/// The encoding of a file with no byte-order mark.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    // UTF-16 without a mark: text in Latin letters has a zero in every other byte.
    let sample = &bytes[..bytes.len().min(4000) & !1];
    let pairs = sample.len() / 2;
    if pairs >= 2 {
        let zero_at = |odd: usize| {
            sample
                .iter()
                .skip(odd)
                .step_by(2)
                .filter(|b| **b == 0)
                .count()
        };
        if zero_at(1) * 2 > pairs {
            return UTF_16LE;
        }
        if zero_at(0) * 2 > pairs {
            return UTF_16BE;
        }
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"uk"), Utf8Detection::Deny)
}

/// The column separator, found from the header row: whichever of comma, semicolon and tab
/// splits it into the most column names Forum Desk knows.
fn find_delimiter(text: &str) -> Result<(u8, &'static str)> {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut best: Option<(usize, u8, &'static str)> = None;
    for (d, word) in [(b',', "commas"), (b';', "semicolons"), (b'\t', "tabs")] {
        let mut r = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .trim(csv::Trim::All)
            .from_reader(header.as_bytes());
        let Some(Ok(rec)) = r.records().next() else {
            continue;
        };
        let known = rec
            .iter()
            .filter(|h| {
                let norm = normalise_heading(h);
                COLUMNS.contains(&norm.as_str())
            })
            .count();
        if known > 0 && best.is_none_or(|(k, _, _)| known > k) {
            best = Some((known, d, word));
        }
    }
    match best {
        Some((_, d, word)) => Ok((d, word)),
        None => {
            let shown: String = header.trim().chars().take(80).collect();
            Err(CoreError::invalid(
                "file",
                format!(
                    "Forum Desk could not find the column headings. The first row must name the columns (such as name, email, phone and postcode), separated by commas, semicolons or tabs. The first row of this file reads: \"{shown}\"."
                ),
            ))
        }
    }
}

fn normalise_heading(h: &str) -> String {
    let norm = h.trim().to_lowercase().replace([' ', '-'], "_");
    match norm.as_str() {
        "full_name" => "name".to_string(),
        "knownas" | "preferred_name" => "known_as".to_string(),
        "email_address" => "email".to_string(),
        "telephone" | "phone_number" | "mobile" => "phone".to_string(),
        "post_code" => "postcode".to_string(),
        "joined" | "date_joined" => "joined_on".to_string(),
        _ => norm,
    }
}

fn header_index(headers: &csv::StringRecord) -> Result<HashMap<&'static str, usize>> {
    let mut index = HashMap::new();
    let mut unknown = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let norm = normalise_heading(h);
        match COLUMNS.iter().find(|c| **c == norm) {
            Some(c) => {
                index.insert(*c, i);
            }
            None if h.trim().is_empty() => {}
            None => unknown.push(h.trim().to_string()),
        }
    }
    if !index.contains_key("name") {
        return Err(CoreError::invalid(
            "file",
            format!("The first row must name the columns, including \"name\". Columns Forum Desk reads: {}.", COLUMNS.join(", ")),
        ));
    }
    if !unknown.is_empty() {
        return Err(CoreError::invalid(
            "file",
            format!(
                "Forum Desk does not know the column(s) {}. Columns it reads: {}.",
                unknown.join(", "),
                COLUMNS.join(", ")
            ),
        ));
    }
    Ok(index)
}

fn summarise(plan: Plan) -> ImportPreview {
    let rows: Vec<ImportRow> = plan.rows.into_iter().map(|p| p.row).collect();
    let count = |a: &str| rows.iter().filter(|r| r.action == a).count();
    ImportPreview {
        adds: count("add"),
        updates: count("update"),
        errors: count("error"),
        duplicates: count("duplicate"),
        encoding: plan.encoding.to_string(),
        delimiter: plan.delimiter.to_string(),
        rows,
    }
}

fn error_row(line: usize, errors: Vec<String>) -> ImportRow {
    ImportRow {
        line,
        action: "error".into(),
        name: String::new(),
        email: String::new(),
        postcode: String::new(),
        errors,
        note: String::new(),
    }
}

fn parse_yes_no(s: &str) -> std::result::Result<Option<bool>, ()> {
    match s.trim().to_lowercase().as_str() {
        "" => Ok(None),
        "yes" | "y" | "true" | "1" => Ok(Some(true)),
        "no" | "n" | "false" | "0" => Ok(Some(false)),
        _ => Err(()),
    }
}

/// A cell a spreadsheet would treat as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Undoes [`neutralise`], so an exported file imports back unchanged.
fn unneutralise(cell: &str) -> String {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => t.to_string(),
    }
}

fn file_error(e: &csv::Error) -> CoreError {
    CoreError::invalid("file", format!("The file could not be read as CSV: {e}"))
}

fn csv_err(e: csv::Error) -> CoreError {
    CoreError::Database(e.to_string())
}
