//! Claim lines as CSV for finance systems and spreadsheets.
//!
//! Amounts are plain numbers of pounds ("12.34", "-12.00") so spreadsheets
//! add them up. Text cells that start with = + - @ are prefixed with a
//! single quote so a spreadsheet never runs them as formulas (CSV
//! injection); the amount column is left alone because it is always a
//! number we formatted ourselves.

use crate::claim_pack::{
    activity_text, claim_totals, kind_label, line_details, ClaimLine, ClaimPackInput,
};
use crate::error::Result;
use crate::format;

/// Column headings, in order.
pub const HEADINGS: [&str; 12] = [
    "Rep",
    "Claim month",
    "Funder",
    "Line date",
    "Kind",
    "Activity",
    "Details",
    "Amount (£)",
    "Reverses line id",
    "Claim status",
    "Approved by",
    "Approved at",
];

/// Index of the amount column, which is never neutralised.
const AMOUNT_COLUMN: usize = 7;

/// One row per claim line, then a TOTAL row equal to the pack's grand total.
pub fn claim_lines_csv(input: &ClaimPackInput) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADINGS)?;
    let month = input.month.display();
    for claim in &input.claims {
        let all: Vec<&ClaimLine> = claim.lines.iter().collect();
        let (approved_by, approved_at) = match &claim.approval {
            Some(a) => (a.approved_by.clone(), format::date_time(a.approved_at)),
            None => (String::new(), String::new()),
        };
        let mut lines = all.clone();
        lines.sort_by_key(|l| (l.date, l.id));
        for line in lines {
            let row = [
                claim.rep_name.clone(),
                month.clone(),
                input.funder.name.clone(),
                format::date(line.date),
                kind_label(&line.kind).to_string(),
                activity_text(&line.activity),
                line_details(line, &all),
                format::pounds_plain(line.amount_pence),
                line.reverses_line_id
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
                claim.status.clone(),
                approved_by.clone(),
                approved_at.clone(),
            ];
            w.write_record(neutralise_row(row))?;
        }
    }
    let total = claim_totals(input).grand.total;
    let mut total_row: [String; 12] = Default::default();
    total_row[0] = "TOTAL".to_string();
    total_row[1] = month;
    total_row[2] = input.funder.name.clone();
    total_row[AMOUNT_COLUMN] = format::pounds_plain(total);
    w.write_record(neutralise_row(total_row))?;
    w.into_inner()
        .map_err(|e| crate::error::ExportError::Io(e.into_error()))
}

fn neutralise_row(mut row: [String; 12]) -> [String; 12] {
    for (i, cell) in row.iter_mut().enumerate() {
        if i != AMOUNT_COLUMN {
            *cell = neutralise(cell);
        }
    }
    row
}

/// Prefixes a quote to text a spreadsheet would treat as a formula.
/// Tabs and carriage returns at the start count too, as some spreadsheets
/// skip them before looking for "=".
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("+44 7700"), "'+44 7700");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("-5"), "'-5");
        assert_eq!(neutralise("Siobhán"), "Siobhán");
    }
}
