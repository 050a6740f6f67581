//! Members in and out as CSV. Import is previewed row by row, matches on email to update
//! rather than duplicate, and commits all rows or none. Export neutralises cells a
//! spreadsheet would run as a formula.

use std::collections::HashMap;

use crate::members::records::{email_owner, member, save_member, validate_member, ValidMember};
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

impl Store {
    pub fn members_import_preview(&self, csv_text: &str) -> Result<ImportPreview> {
        self.require_officer("import members")?;
        let planned = self.plan_import(csv_text)?;
        Ok(summarise(planned.into_iter().map(|p| p.row).collect()))
    }

    /// Applies the whole file in one transaction, or nothing if any row has a problem.
    pub fn members_import_commit(&mut self, csv_text: &str) -> Result<ImportResult> {
        self.require_officer("import members")?;
        let planned = self.plan_import(csv_text)?;
        let bad = planned.iter().filter(|p| p.row.action == "error").count();
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
        };
        self.write(|tx| {
            for p in &planned {
                if let Some(m) = &p.member {
                    save_member(tx, p.target, m)?;
                    if p.target.is_some() {
                        result.updated += 1;
                    } else {
                        result.added += 1;
                    }
                }
            }
            tx.audit(
                "imported members from a CSV file",
                "member",
                None,
                &format!("{} added, {} updated", result.added, result.updated),
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

    fn plan_import(&self, csv_text: &str) -> Result<Vec<Planned>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().map_err(|e| file_error(&e))?.clone();
        let index = header_index(&headers)?;
        let mut seen_emails: HashMap<String, usize> = HashMap::new();
        let mut planned = Vec::new();
        for (n, rec) in reader.records().enumerate() {
            let line = n + 2;
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    planned.push(Planned {
                        row: error_row(
                            line,
                            "",
                            "",
                            vec![format!("This row could not be read: {e}")],
                        ),
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
                Some(id) => Some(member(&self.conn, id)?),
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
                consent_email: flag("consent_email", e.map(|m| m.consent_email), &mut errors),
                consent_phone: flag("consent_phone", e.map(|m| m.consent_phone), &mut errors),
                consent_post: flag("consent_post", e.map(|m| m.consent_post), &mut errors),
            };
            if e.is_some_and(|m| m.erased_on.is_some()) {
                errors.push("This email belonged to a member whose data was erased.".into());
            }
            let valid = match validate_member(&input) {
                Ok(v) => Some(v),
                Err(err) => {
                    errors.push(err.to_string());
                    None
                }
            };
            let action = if !errors.is_empty() {
                "error"
            } else if target.is_some() {
                "update"
            } else {
                "add"
            };
            planned.push(Planned {
                row: ImportRow {
                    line,
                    action: action.into(),
                    name: input.name.clone(),
                    email,
                    errors,
                },
                target,
                member: if action == "error" { None } else { valid },
            });
        }
        if planned.is_empty() {
            return Err(CoreError::invalid(
                "file",
                "The file has no members in it, only a header row (or nothing).",
            ));
        }
        Ok(planned)
    }
}

fn header_index(headers: &csv::StringRecord) -> Result<HashMap<&'static str, usize>> {
    let mut index = HashMap::new();
    let mut unknown = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let norm = h.trim().to_lowercase().replace([' ', '-'], "_");
        let norm = match norm.as_str() {
            "full_name" => "name".to_string(),
            "knownas" | "preferred_name" => "known_as".to_string(),
            "email_address" => "email".to_string(),
            "telephone" | "phone_number" | "mobile" => "phone".to_string(),
            "post_code" => "postcode".to_string(),
            "joined" | "date_joined" => "joined_on".to_string(),
            other => other.to_string(),
        };
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

fn summarise(rows: Vec<ImportRow>) -> ImportPreview {
    let count = |a: &str| rows.iter().filter(|r| r.action == a).count();
    ImportPreview {
        adds: count("add"),
        updates: count("update"),
        errors: count("error"),
        rows,
    }
}

fn error_row(line: usize, name: &str, email: &str, errors: Vec<String>) -> ImportRow {
    ImportRow {
        line,
        action: "error".into(),
        name: name.into(),
        email: email.into(),
        errors,
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
