//! A stored claim line turned back into what was typed, so the other side can check it by
//! the same rules (`build_line`), and the rates it was worked out with, so a difference in
//! amount can be told apart: the rates changed since, or the file is wrong.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rusqlite::Connection;

use super::model::{FileLine, FileReceipt};
use crate::claims::kinds::{LineKind, TimeBasis};
use crate::claims::lines::{self, LineFields};
use crate::model::LineInput;
use crate::store::Result;

/// Every line of a claim, by date then entry order (the order the mileage band counts).
pub(crate) fn claim_lines(conn: &Connection, claim_id: i64) -> Result<Vec<(i64, LineFields)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT l.id AS line_id, {} FROM claim_lines l WHERE l.claim_id = ?1 ORDER BY l.line_date, l.id",
        lines::select_list("l")
    ))?;
    let rows = stmt.query_map([claim_id], |r| {
        Ok((r.get::<_, i64>("line_id")?, LineFields::from_row(r)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The line as a person would type it into the form.
pub(crate) fn input_of(l: &LineFields) -> LineInput {
    let pounds = |p: i64| format!("{}.{:02}", p / 100, p % 100);
    let tenths = |t: i64| format!("{}.{}", t / 10, t % 10);
    let mut i = LineInput {
        line_date: l.line_date.clone(),
        kind: l.kind.as_str().to_string(),
        meeting_id: l.meeting_id,
        activity: l.activity.clone(),
        description: l.description.clone(),
        ..LineInput::default()
    };
    match l.kind {
        LineKind::Time => {
            let basis = l.time_basis.unwrap_or(TimeBasis::Hourly);
            i.time_basis = basis.as_str().to_string();
            if basis == TimeBasis::Hourly {
                i.minutes = l.minutes.unwrap_or(0).to_string();
            }
        }
        LineKind::Mileage => {
            i.from_place = l.from_place.clone().unwrap_or_default();
            i.to_place = l.to_place.clone().unwrap_or_default();
            i.miles = tenths(l.miles_tenths.unwrap_or(0));
            i.vehicle = l
                .vehicle
                .map(|v| v.as_str().to_string())
                .unwrap_or_default();
            i.passengers = l.passengers.unwrap_or(0).to_string();
        }
        LineKind::Childcare => {
            i.hours = tenths(l.minutes.unwrap_or(0) / 6);
            i.amount = pounds(l.entered_pence.unwrap_or(0));
        }
        LineKind::Fares | LineKind::Parking | LineKind::Other => {
            i.amount = pounds(l.amount_pence);
        }
    }
    i
}

/// The start date of the policy a line was worked out with.
pub(crate) fn policy_from(conn: &Connection, l: &LineFields) -> Result<Option<String>> {
    match l.policy_id {
        Some(id) => Ok(Some(conn.query_row(
            "SELECT effective_from FROM policies WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?)),
        None => Ok(None),
    }
}

/// A line for a file: what was typed, what it came to, the rates used, and its receipts
/// (named attachments in a claim file; the bytes themselves in an invitation).
pub(crate) fn file_line(
    conn: &Connection,
    line_id: i64,
    l: &LineFields,
    receipts_inline: bool,
) -> Result<(FileLine, Vec<forumdesk_export::Attachment>)> {
    let mut stmt = conn.prepare(
        "SELECT id, file_name, sha256, content FROM receipts WHERE line_id = ?1 ORDER BY id",
    )?;
    let mut receipts = Vec::new();
    let mut attachments = Vec::new();
    let rows = stmt.query_map([line_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Vec<u8>>(3)?,
        ))
    })?;
    for row in rows {
        let (id, file_name, sha256, content) = row?;
        let attachment = format!("receipt-{id}-{sha256}");
        receipts.push(FileReceipt {
            file_name,
            sha256,
            attachment: attachment.clone(),
            content_b64: receipts_inline.then(|| B64.encode(&content)),
        });
        if !receipts_inline {
            attachments.push(forumdesk_export::Attachment {
                name: attachment,
                bytes: content,
            });
        }
    }
    Ok((
        FileLine {
            input: input_of(l),
            amount_pence: l.amount_pence,
            policy_from: policy_from(conn, l)?,
            rate_pence: l.rate_pence,
            first_band_tenths: l.first_band_tenths,
            cap_pence: l.cap_pence,
            receipts,
        },
        attachments,
    ))
}
