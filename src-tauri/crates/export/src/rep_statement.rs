//! A rep's statement for one tax year (6 April to 5 April): recognition payments (earnings)
//! kept apart from expenses repaid, month by month, with the average per week, and for a rep
//! who gets Carer's Allowance the months over the weekly earnings limit. Signed by the forum
//! like a claim pack, so the rep can show it to whoever asks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::fonts::Weight;
use crate::format;
use crate::layout::{Column, PageWriter, Row, Table, BODY};
use crate::SignaturePanel;

/// Everything the statement shows. Money is integer pence; months are already worded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepStatementInput {
    pub forum_name: String,
    pub rep_name: String,
    /// "6 April 2026 to 5 April 2027".
    pub period: String,
    /// "2026/27".
    pub tax_year_label: String,
    pub months: Vec<StatementRow>,
    pub recognition_pence: i64,
    pub expenses_pence: i64,
    pub unpaid_pence: i64,
    pub weekly_average_pence: i64,
    /// Whether the rep recorded that they get Carer's Allowance.
    pub carers_allowance: bool,
    /// The Carer's Allowance warnings, one per month over the limit, already worded.
    pub carers_allowance_warnings: Vec<String>,
    pub generated_at: DateTime<Utc>,
    pub signature_panel: Option<SignaturePanel>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatementRow {
    /// "April 2026".
    pub month: String,
    pub recognition_pence: i64,
    pub expenses_pence: i64,
    pub unpaid_pence: i64,
    pub weekly_average_pence: i64,
}

/// The one line about HMRC the statement always carries.
pub const HMRC_LINE: &str = "You may need to tell HMRC about the recognition payments on this statement: they are earnings, unlike expenses repaid.";

pub fn render_rep_statement(input: &RepStatementInput) -> Result<Vec<u8>> {
    let mut w = PageWriter::new(
        &format!(
            "{}: statement for {}, tax year {}",
            input.forum_name, input.rep_name, input.tax_year_label
        ),
        format!(
            "{} · Statement for {} · Tax year {}",
            input.forum_name, input.rep_name, input.tax_year_label
        ),
        None,
        input.generated_at,
    )?;
    w.heading(
        &format!("Statement for tax year {}", input.tax_year_label),
        1,
    );
    w.label_value("Forum", &input.forum_name);
    w.label_value("Representative", &input.rep_name);
    w.label_value("Tax year", &input.period);
    w.space(6.0);
    w.paragraph(
        "Recognition payments are what the forum paid for your time: they are earnings. Expenses repaid (travel, childcare and other costs) are kept apart: they give back what you spent. Each month counts what was paid in it; an approved or submitted claim not yet paid counts in its own month and is shown as not yet paid.",
        BODY,
        Weight::Regular,
    );
    w.space(6.0);
    w.heading("By month", 2);
    let mut rows: Vec<Row> = input
        .months
        .iter()
        .map(|m| {
            Row::plain(vec![
                m.month.clone(),
                format::money(m.recognition_pence),
                format::money(m.weekly_average_pence),
                format::money(m.expenses_pence),
                format::money(m.unpaid_pence),
            ])
        })
        .collect();
    rows.push(Row {
        cells: vec![
            "Tax year".into(),
            format::money(input.recognition_pence),
            format::money(input.weekly_average_pence),
            format::money(input.expenses_pence),
            format::money(input.unpaid_pence),
        ],
        bold: true,
        shaded: true,
    });
    w.table(&Table {
        columns: vec![
            Column::left("Month", 2.0),
            Column::right("Recognition payments", 2.0),
            Column::right("Average per week", 1.7),
            Column::right("Expenses repaid", 1.7),
            Column::right("Not yet paid", 1.5),
        ],
        rows,
        size: 9.0,
    });
    w.space(4.0);
    w.paragraph(
        "A month's average per week is its recognition payments × 12 ÷ 52; the year's is its recognition payments ÷ 52.",
        8.5,
        Weight::Regular,
    );
    w.space(6.0);
    w.label_value(
        "Recognition payments",
        &format::money(input.recognition_pence),
    );
    w.label_value("Expenses repaid", &format::money(input.expenses_pence));
    w.space(6.0);
    if input.carers_allowance {
        w.heading("Carer's Allowance", 2);
        if input.carers_allowance_warnings.is_empty() {
            w.paragraph(
                "No month's recognition payments average more than the Carer's Allowance weekly earnings limit.",
                BODY,
                Weight::Regular,
            );
        }
        for warning in &input.carers_allowance_warnings {
            w.paragraph(warning, BODY, Weight::Bold);
            w.space(4.0);
        }
        w.space(4.0);
    }
    w.paragraph(HMRC_LINE, BODY, Weight::Regular);
    if let Some(panel) = &input.signature_panel {
        w.signature_panel(panel);
    }
    w.finish()
}
