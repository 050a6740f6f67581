//! A general report document: headings, paragraphs, label-value rows, tables and bar charts,
//! with the forum's signature panel at the end. Project reports and the annual report are
//! made of these blocks; the core decides what goes in them, this draws them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::fonts::Weight;
use crate::layout::{Column, PageWriter, Row, Table, BODY};
use crate::progress::Progress;
use crate::SignaturePanel;

/// One column of a report table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportColumn {
    pub title: String,
    /// A share of the page width.
    pub width: f32,
    /// Numbers and money sit on the right.
    pub right: bool,
}

impl ReportColumn {
    pub fn left(title: &str, width: f32) -> ReportColumn {
        ReportColumn {
            title: title.into(),
            width,
            right: false,
        }
    }
    pub fn right(title: &str, width: f32) -> ReportColumn {
        ReportColumn {
            title: title.into(),
            width,
            right: true,
        }
    }
}

/// One bar of a chart: what it is, its size, and the text printed at its end.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub text: String,
}

/// A piece of a report, drawn in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Block {
    /// Level 1 is the largest.
    Heading {
        text: String,
        level: u8,
    },
    Paragraph(String),
    /// A bulleted item.
    Bullet(String),
    /// Label and value rows.
    Fields(Vec<(String, String)>),
    /// A table; `total` is a bold, shaded last row.
    Table {
        columns: Vec<ReportColumn>,
        rows: Vec<Vec<String>>,
        total: Option<Vec<String>>,
    },
    /// A horizontal bar chart drawn with shapes, under its title.
    BarChart {
        title: String,
        bars: Vec<Bar>,
    },
    /// The next block starts a new page.
    PageBreak,
}

/// A report ready to draw.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportInput {
    /// The document's title (also its PDF title).
    pub title: String,
    /// Printed at the foot of every page.
    pub footer: String,
    pub generated_at: DateTime<Utc>,
    pub blocks: Vec<Block>,
    pub signature_panel: Option<SignaturePanel>,
}

/// Draws the report as PDF bytes (unsigned: [`crate::sign_pdf`] signs them).
pub fn render_report(input: &ReportInput) -> Result<Vec<u8>> {
    render_report_with(input, &Progress::new())
}

/// [`render_report`], counting pages in `progress` as they are drawn and stopping with
/// [`crate::ExportError::Cancelled`] at the next page once it is cancelled.
pub fn render_report_with(input: &ReportInput, progress: &Progress) -> Result<Vec<u8>> {
    let mut w = PageWriter::new(&input.title, input.footer.clone(), None, input.generated_at)?;
    for block in &input.blocks {
        match block {
            Block::Heading { text, level } => w.heading(text, *level),
            Block::Paragraph(text) => {
                w.paragraph(text, BODY, Weight::Regular);
                w.space(3.0);
            }
            Block::Bullet(text) => w.bullet(text),
            Block::Fields(rows) => {
                for (label, value) in rows {
                    w.label_value(label, value);
                }
                w.space(3.0);
            }
            Block::Table {
                columns,
                rows,
                total,
            } => {
                let mut all: Vec<Row> = rows.iter().map(|r| Row::plain(r.clone())).collect();
                if let Some(t) = total {
                    all.push(Row {
                        cells: t.clone(),
                        bold: true,
                        shaded: true,
                    });
                }
                w.table(&Table {
                    columns: columns
                        .iter()
                        .map(|c| {
                            if c.right {
                                Column::right(&c.title, c.width)
                            } else {
                                Column::left(&c.title, c.width)
                            }
                        })
                        .collect(),
                    rows: all,
                    size: BODY - 1.0,
                });
                w.space(4.0);
            }
            Block::BarChart { title, bars } => {
                w.heading(title, 3);
                let bars: Vec<(String, i64, String)> = bars
                    .iter()
                    .map(|b| (b.label.clone(), b.value, b.text.clone()))
                    .collect();
                w.bar_chart(&bars);
            }
            Block::PageBreak => w.new_page(),
        }
    }
    if let Some(panel) = &input.signature_panel {
        w.signature_panel(panel);
    }
    w.finish_with(progress)
}
