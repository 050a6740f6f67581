//! Receipts (JPEG, PNG or PDF) kept in the database with the line they support, so that a
//! backup of the data folder is a backup of everything.

use rusqlite::params;

use super::lines;
use crate::model::{ClaimView, Receipt};
use crate::store::{one, CoreError, Result, Store};

/// Larger files are almost always a mistake (a video, a scan at print resolution).
pub const MAX_RECEIPT_BYTES: usize = 15 * 1024 * 1024;

impl Store {
    pub fn receipt_add(
        &mut self,
        line_id: i64,
        file_name: &str,
        content: &[u8],
    ) -> Result<ClaimView> {
        let claim_id = lines::claim_of(&self.conn, line_id)?;
        self.editable_claim(claim_id)?;
        let checked = CheckedReceipt::new(file_name, content)?;
        let stamp = self.clock.stamp();
        let line = lines::line_label(&self.conn, line_id, claim_id)?;
        self.write(|tx| {
            checked.insert(tx, line_id, &stamp)?;
            tx.audit("attached a receipt", "claim", Some(claim_id), &line)
        })?;
        self.claim_get(claim_id)
    }

    pub fn receipt_delete(&mut self, id: i64) -> Result<ClaimView> {
        let claim_id: i64 = one(
            &self.conn,
            "SELECT l.claim_id FROM receipts r JOIN claim_lines l ON l.id = r.line_id WHERE r.id = ?1",
            [id],
            "receipt",
            |r| r.get(0),
        )?;
        self.editable_claim(claim_id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM receipts WHERE id = ?1", [id])?;
            tx.audit("removed a receipt", "claim", Some(claim_id), "")
        })?;
        self.claim_get(claim_id)
    }

    pub fn receipt_get(&self, id: i64) -> Result<Receipt> {
        let r = one(&self.conn, "SELECT r.id, r.line_id, r.file_name, r.mime, r.content, l.claim_id FROM receipts r JOIN claim_lines l ON l.id = r.line_id WHERE r.id = ?1", [id], "receipt", |r| {
            Ok((
                Receipt { id: r.get(0)?, line_id: r.get(1)?, file_name: r.get(2)?, mime: r.get(3)?, content: r.get(4)? },
                r.get::<_, i64>(5)?,
            ))
        })?;
        // Seeing a receipt follows the same rule as seeing the claim.
        self.claim_get(r.1)?;
        Ok(r.0)
    }
}

/// Whether `content` can be a receipt, and its type: a photo or a PDF (by its first bytes,
/// not its name) of at most 15 MB. Public so that the command line can refuse a bad file
/// before it adds the line the file was for, with the same words.
pub fn check_receipt(content: &[u8]) -> Result<&'static str> {
    let mime = sniff(content).ok_or_else(|| {
        CoreError::invalid(
            "receipt",
            "A receipt must be a photo (JPEG or PNG) or a PDF file. This file is none of those.",
        )
    })?;
    if content.len() > MAX_RECEIPT_BYTES {
        return Err(CoreError::invalid(
            "receipt",
            "This file is larger than 15 MB. Please take a smaller photo or scan.",
        ));
    }
    Ok(mime)
}

/// A receipt file that passed the checks (kind, size, name), with its print copy made.
pub(crate) struct CheckedReceipt<'a> {
    name: String,
    mime: &'static str,
    content: &'a [u8],
    copy: Option<forumdesk_export::PrintCopy>,
}

impl<'a> CheckedReceipt<'a> {
    pub(crate) fn new(file_name: &str, content: &'a [u8]) -> Result<CheckedReceipt<'a>> {
        let mime = check_receipt(content)?;
        let name = file_name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("receipt")
            .trim();
        let name = if name.is_empty() { "receipt" } else { name };
        // Made now, once, so every pack that prints this receipt is quick. A picture that
        // cannot be read gets none; the pack then says plainly that it could not print it.
        let copy = if mime.starts_with("image/") {
            forumdesk_export::receipt_print_copy(name, content).ok()
        } else {
            None
        };
        Ok(CheckedReceipt {
            name: name.to_string(),
            mime,
            content,
            copy,
        })
    }

    /// Stores the receipt with `line_id`, and its print copy beside it.
    pub(crate) fn insert(
        &self,
        conn: &rusqlite::Connection,
        line_id: i64,
        stamp: &str,
    ) -> Result<()> {
        let sha = crate::text::sha256_hex(self.content);
        conn.execute(
            "INSERT INTO receipts (line_id, file_name, mime, sha256, size_bytes, content, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![line_id, self.name, self.mime, sha, self.content.len() as i64, self.content, stamp],
        )?;
        if let Some(copy) = &self.copy {
            store_print_copy(conn, conn.last_insert_rowid(), copy)?;
        }
        Ok(())
    }
}

/// Keeps a receipt's print copy beside it.
fn store_print_copy(
    conn: &rusqlite::Connection,
    receipt_id: i64,
    copy: &forumdesk_export::PrintCopy,
) -> Result<()> {
    let format = match copy.format {
        forumdesk_export::PrintFormat::Jpeg => "jpeg",
        forumdesk_export::PrintFormat::Png => "png",
    };
    conn.execute(
        "INSERT INTO receipt_print_copies (receipt_id, format, width, height, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![receipt_id, format, copy.width, copy.height, copy.bytes],
    )?;
    Ok(())
}

/// A stored print copy read back, if the receipt has one.
pub(crate) fn print_copy_from(
    format: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    bytes: Option<Vec<u8>>,
) -> Option<forumdesk_export::PrintCopy> {
    let format = match format.as_deref()? {
        "jpeg" => forumdesk_export::PrintFormat::Jpeg,
        "png" => forumdesk_export::PrintFormat::Png,
        _ => return None,
    };
    Some(forumdesk_export::PrintCopy {
        format,
        bytes: bytes?,
        width: width?,
        height: height?,
    })
}

/// Recognises the file by its first bytes, not its name.
pub fn sniff(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}
