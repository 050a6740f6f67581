//! The report's figures as tables: the one description of them that the Reports screen
//! draws and that each table's CSV (window and command line) writes. A cell carries the text
//! people read ("£1,234.56", "12:30") and, where a spreadsheet wants to add things up, the
//! raw number (pence, minutes or a count) that the CSV writes in a column of its own.

use serde::{Deserialize, Serialize};

use crate::exports::Destination;
use crate::model::{FigureRow, ReportFigures, SavedFile};
use crate::store::{CoreError, Problems, Result, Store};
use crate::text::{dates, format_hours, format_pence};

/// One column of a report table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TableColumn {
    pub title: String,
    /// Right-aligned on screen (a number).
    pub numeric: bool,
    /// The CSV heading of the column's raw number ("Hours (minutes)"), when it has one.
    pub raw: Option<String>,
}

/// One cell: what people read, and the raw number behind it when there is one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TableCell {
    pub text: String,
    pub raw: Option<i64>,
}

/// One table of the report, as the screen shows it and its CSV holds it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportTable {
    /// Stable name: the CSV's file name and the command that saves it use it.
    pub key: String,
    pub title: String,
    /// Shown when the table has no rows.
    pub empty: String,
    pub columns: Vec<TableColumn>,
    pub rows: Vec<Vec<TableCell>>,
}

/// Every table of the figures for a date range.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportTables {
    /// ISO dates, as the figures were taken.
    pub from: String,
    pub to: String,
    pub tables: Vec<ReportTable>,
}

/// The keys of the tables, in the order they are shown.
pub const REPORT_TABLE_KEYS: [&str; 11] = [
    "summary",
    "members_by_area",
    "members_over_time",
    "hours_by_group",
    "hours_by_funder",
    "hours_by_project",
    "hours_by_month",
    "spend_by_budget",
    "projects",
    "top_issues",
    "outcomes",
];

impl Store {
    /// The figures for `from` to `to` (dates as typed, inclusive) as tables. Officers only.
    pub fn report_tables(&self, from: &str, to: &str) -> Result<ReportTables> {
        let f = self.checked_figures(from, to)?;
        Ok(ReportTables {
            tables: report_tables(&f),
            from: f.from,
            to: f.to,
        })
    }

    /// One table's CSV for `from` to `to`.
    pub fn report_table_csv(&self, from: &str, to: &str, key: &str) -> Result<Vec<u8>> {
        let f = self.checked_figures(from, to)?;
        table_csv(&find_table(&f, key)?)
    }

    /// Saves one table's CSV as `report-<key>-<from>-to-<to>.csv`.
    pub fn export_report_table_csv(
        &mut self,
        from: &str,
        to: &str,
        key: &str,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let f = self.checked_figures(from, to)?;
        let table = find_table(&f, key)?;
        self.save_table(&f, &table, dest)
    }

    /// Saves every table's CSV in `dest` (a folder), one file each, from one reading of the
    /// figures so the files agree with each other.
    pub fn export_report_tables_csv(
        &mut self,
        from: &str,
        to: &str,
        dest: &Destination,
    ) -> Result<Vec<SavedFile>> {
        let f = self.checked_figures(from, to)?;
        report_tables(&f)
            .iter()
            .map(|t| self.save_table(&f, t, dest))
            .collect()
    }

    fn save_table(
        &mut self,
        f: &ReportFigures,
        table: &ReportTable,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let bytes = table_csv(table)?;
        let name = format!("report-{}-{}-to-{}.csv", table.key, f.from, f.to);
        let saved = self.save(dest, &name, &bytes)?;
        self.log_export(
            "exported a report table as CSV",
            "report",
            None,
            &name,
            &saved,
        )?;
        Ok(saved)
    }

    /// The officer check first (a rep learns nothing, not even that a date was wrong), then
    /// both dates, each problem beside its own field.
    fn checked_figures(&self, from: &str, to: &str) -> Result<ReportFigures> {
        self.require_officer("see the forum's reports")?;
        let mut problems = Problems::new();
        problems.check(dates::parse_date("from", from))?;
        problems.check(dates::parse_date("to", to))?;
        problems.finish()?;
        self.report_figures(from, to)
    }
}

fn find_table(f: &ReportFigures, key: &str) -> Result<ReportTable> {
    report_tables(f)
        .into_iter()
        .find(|t| t.key == key)
        .ok_or_else(|| CoreError::NotFound(format!("There is no report table called \"{key}\".")))
}

fn col(title: &str) -> TableColumn {
    TableColumn {
        title: title.into(),
        numeric: false,
        raw: None,
    }
}

fn num(title: &str, raw: &str) -> TableColumn {
    TableColumn {
        title: title.into(),
        numeric: true,
        raw: Some(raw.into()),
    }
}

/// A column of whole numbers: the text is already the raw number, so the CSV needs no other.
fn whole(title: &str) -> TableColumn {
    TableColumn {
        title: title.into(),
        numeric: true,
        raw: None,
    }
}

fn text(t: impl Into<String>) -> TableCell {
    TableCell {
        text: t.into(),
        raw: None,
    }
}

fn count(n: i64) -> TableCell {
    TableCell {
        text: n.to_string(),
        raw: Some(n),
    }
}

fn hours(minutes: i64) -> TableCell {
    TableCell {
        text: format_hours(minutes),
        raw: Some(minutes),
    }
}

fn pence(p: i64) -> TableCell {
    TableCell {
        text: format_pence(p),
        raw: Some(p),
    }
}

/// "7 of 9 (78%)", with the 7 as the raw number.
fn share(n: i64, of: i64) -> TableCell {
    TableCell {
        text: if of == 0 {
            "none held".into()
        } else {
            format!("{n} of {of} ({}%)", crate::text::div_round(n * 100, of))
        },
        raw: Some(n),
    }
}

fn hours_table(
    key: &str,
    title: &str,
    first: &str,
    rows: &[FigureRow],
    empty: &str,
) -> ReportTable {
    ReportTable {
        key: key.into(),
        title: title.into(),
        empty: empty.into(),
        columns: vec![col(first), num("Hours", "Minutes")],
        rows: rows
            .iter()
            .map(|r| vec![text(r.label.clone()), hours(r.value)])
            .collect(),
    }
}

/// A table of member counts: a label and how many.
fn members_table(
    key: &str,
    title: &str,
    first: &str,
    rows: &[FigureRow],
    empty: &str,
) -> ReportTable {
    ReportTable {
        key: key.into(),
        title: title.into(),
        empty: empty.into(),
        columns: vec![col(first), whole("Members")],
        rows: rows
            .iter()
            .map(|r| vec![text(r.label.clone()), count(r.value)])
            .collect(),
    }
}

/// Every table of the figures, in the order the screen shows them.
pub(crate) fn report_tables(f: &ReportFigures) -> Vec<ReportTable> {
    let summary = vec![
        ("Meetings held", count(f.meetings_held)),
        ("Attendances at them", count(f.attendances)),
        (
            "Met their notice and papers standards, or had an agreed exception",
            share(f.meetings_meeting_standards, f.meetings_held),
        ),
        ("Quorate", share(f.meetings_quorate, f.meetings_held)),
        (
            "Hours given by reps (approved and paid claims)",
            hours(f.hours_total_minutes),
        ),
        ("Claims paid", count(f.claims_paid)),
        ("Amount paid", pence(f.paid_pence)),
        (
            "Average days from submission to payment",
            TableCell {
                text: f
                    .average_days_to_pay
                    .clone()
                    .unwrap_or_else(|| "No claims paid".into()),
                raw: None,
            },
        ),
        (
            "Days from submission to payment, all paid claims added up",
            count(f.days_to_pay_total),
        ),
        ("Active members", count(f.members_active)),
        ("New members", count(f.new_members)),
        (
            "Steering group's active members today",
            count(f.steering_active),
        ),
        (
            "Steering group: the number the forum needs",
            if f.steering_needed > 0 {
                count(f.steering_needed)
            } else {
                text("No number set")
            },
        ),
    ];
    vec![
        ReportTable {
            key: "summary".into(),
            title: "Summary".into(),
            empty: String::new(),
            columns: vec![col("Figure"), num("Value", "Number")],
            rows: summary
                .into_iter()
                .map(|(label, cell)| vec![text(label), cell])
                .collect(),
        },
        members_table(
            "members_by_area",
            "Active members by area",
            "Area",
            &f.members_by_area,
            "No active members at the end of these dates.",
        ),
        members_table(
            "members_over_time",
            "Active members at each month's end",
            "Month",
            &f.members_over_time,
            "No months in these dates up to today.",
        ),
        hours_table(
            "hours_by_group",
            "Hours by group",
            "Group",
            &f.hours_by_group,
            "No reps' time on approved claims in these dates.",
        ),
        hours_table(
            "hours_by_funder",
            "Hours by funder",
            "Funder",
            &f.hours_by_funder,
            "No reps' time on approved claims in these dates.",
        ),
        hours_table(
            "hours_by_project",
            "Hours by project",
            "Project",
            &f.hours_by_project,
            "No time linked to a project in these dates.",
        ),
        hours_table(
            "hours_by_month",
            "Hours by month",
            "Month",
            &f.hours_by_month,
            "No months in these dates.",
        ),
        ReportTable {
            key: "spend_by_budget".into(),
            title: "Spend against each budget".into(),
            empty: "No funder's budget covers these dates.".into(),
            columns: vec![
                col("Budget"),
                num("Spent", "Spent (pence)"),
                col("Spent of the budget"),
            ],
            rows: f
                .spend_by_budget
                .iter()
                .map(|r| vec![text(r.label.clone()), pence(r.value), text(r.text.clone())])
                .collect(),
        },
        ReportTable {
            key: "projects".into(),
            title: "Co-production projects".into(),
            empty: "No projects yet.".into(),
            columns: vec![
                col("Project"),
                col("Planned level"),
                col("Reached level"),
                col("Average rating (out of 10)"),
                whole("Feedback forms"),
            ],
            rows: f
                .projects
                .iter()
                .map(|p| {
                    vec![
                        text(p.name.clone()),
                        text(p.planned_level.clone()),
                        text(
                            p.reached_level
                                .clone()
                                .unwrap_or_else(|| "No feedback".into()),
                        ),
                        text(p.average_rating.clone().unwrap_or_default()),
                        count(p.feedback_forms),
                    ]
                })
                .collect(),
        },
        ReportTable {
            key: "top_issues".into(),
            title: "Issues raised most".into(),
            empty: "No issues logged in these dates.".into(),
            columns: vec![col("Theme"), whole("Times raised"), whole("Families")],
            rows: f
                .top_issues
                .iter()
                .map(|t| vec![text(t.theme.clone()), count(t.entries), count(t.families)])
                .collect(),
        },
        ReportTable {
            key: "outcomes".into(),
            title: "You said, we did".into(),
            empty: "Nothing recorded in these dates.".into(),
            columns: vec![
                col("You said"),
                col("Said on"),
                col("From"),
                col("Changed"),
                col("We did, or why not"),
                col("Decided by"),
                col("Families and reps told on"),
            ],
            rows: f
                .outcomes
                .iter()
                .map(|o| {
                    vec![
                        text(o.said.clone()),
                        text(dates::uk_iso(&o.said_on)),
                        text(o.source_text.clone()),
                        text(if o.changed { "Yes" } else { "No" }),
                        text(o.we_did.clone()),
                        text(o.decided_by.clone()),
                        text(o.told_on.as_deref().map(dates::uk_iso).unwrap_or_default()),
                    ]
                })
                .collect(),
        },
    ]
}

/// One table as CSV (text a spreadsheet would run as a formula is neutralised, as in the
/// members CSV): each column's text, and right after a column with a raw number, that
/// number in a column of its own (pence and minutes as whole numbers, no £ or colon).
pub(crate) fn table_csv(t: &ReportTable) -> Result<Vec<u8>> {
    let io = |e: csv::Error| CoreError::Io {
        path: "the CSV".into(),
        reason: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = Vec::new();
    for c in &t.columns {
        head.push(c.title.clone());
        if let Some(raw) = &c.raw {
            head.push(raw.clone());
        }
    }
    w.write_record(&head).map_err(io)?;
    for row in &t.rows {
        let mut out = Vec::new();
        for (c, cell) in t.columns.iter().zip(row) {
            out.push(crate::members::csv::neutralise(&cell.text));
            if c.raw.is_some() {
                out.push(cell.raw.map(|n| n.to_string()).unwrap_or_default());
            }
        }
        w.write_record(&out).map_err(io)?;
    }
    w.into_inner().map_err(|e| CoreError::Io {
        path: "the CSV".into(),
        reason: e.to_string(),
    })
}
