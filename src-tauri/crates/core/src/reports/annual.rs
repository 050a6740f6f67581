//! The signed annual report for the funders' year (1 April to 31 March), and the same
//! figures as CSV. Charts (hours by month, ladder levels reached) are drawn in the PDF.

use chrono::NaiveDate;
use ex::{Bar, Block, ReportColumn};
use forumdesk_export as ex;

use crate::exports::{panel, Destination, PreparedReport, RenderedReport};
use crate::model::{FigureRow, ReportFigures, SavedFile};
use crate::store::{CoreError, Result, Store};
use crate::text::{dates, format_hours, format_pence};

/// The funders' year that starts in April of `year`.
pub(crate) fn funders_year(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(year, 4, 1);
    let to = NaiveDate::from_ymd_opt(year + 1, 3, 31);
    match (from, to) {
        (Some(f), Some(t)) if (2000..=2100).contains(&year) => Ok((f, t)),
        _ => Err(CoreError::invalid(
            "year",
            "Please give the year the funders' year starts in, like 2026.",
        )),
    }
}

impl Store {
    /// The annual report's figures for the year starting in April of `year`.
    pub fn annual_figures(&self, year: i32) -> Result<ReportFigures> {
        let (from, to) = funders_year(year)?;
        self.require_officer("see the forum's reports")?;
        super::figures::figures(self, from, to)
    }

    /// The annual report as signed PDF bytes.
    pub fn annual_report_pdf(&self, year: i32) -> Result<Vec<u8>> {
        Ok(self
            .annual_report_prepare(year)?
            .render_with(&ex::Progress::new())?
            .pdf)
    }

    /// Everything the annual report needs from the store (its figures, who signs it), read
    /// at once, so the slow part, drawing the pages and signing, can run with the store free
    /// for the window: `annual_report_prepare`, then [`PreparedAnnualReport::render_with`]
    /// anywhere, then [`Store::annual_report_save`].
    pub fn annual_report_prepare(&self, year: i32) -> Result<PreparedAnnualReport> {
        let f = self.annual_figures(year)?;
        let forum = self.forum_get()?.name;
        let identity = self.identity()?;
        let (name, role) = self.signer()?;
        let now = self.now_utc();
        let title = format!("Annual report {}–{}", year, (year + 1) % 100);
        let mut blocks = report_blocks(&forum, &title, &f);
        blocks.extend(spend_against_budgets_blocks(&f));
        blocks.extend(outcomes_blocks(&f));
        let input = ex::ReportInput {
            title: title.clone(),
            footer: format!("{forum} · {title}"),
            generated_at: now,
            blocks,
            signature_panel: Some(panel(&forum, &name, &role, now, &identity)),
        };
        Ok(PreparedReport {
            input,
            identity,
            signer: name,
            now,
            saving: AnnualReportFile {
                file_name: format!("annual-report-{}-{:02}.pdf", year, (year + 1) % 100),
            },
        })
    }

    /// Saves a report made from [`Store::annual_report_prepare`] as
    /// `annual-report-YYYY-YY.pdf` and logs it.
    pub fn annual_report_save(
        &mut self,
        report: &RenderedAnnualReport,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let name = &report.saving.file_name;
        let saved = self.save(dest, name, &report.pdf)?;
        self.log_export(
            "exported a signed annual report",
            "report",
            None,
            name,
            &saved,
        )?;
        Ok(saved)
    }

    /// Makes, signs and saves the annual report: `annual-report-YYYY-YY.pdf`.
    pub fn export_annual_report(&mut self, year: i32, dest: &Destination) -> Result<SavedFile> {
        let rendered = self
            .annual_report_prepare(year)?
            .render_with(&ex::Progress::new())?;
        self.annual_report_save(&rendered, dest)
    }

    /// The report's tables as one CSV: `table,label,value,text`, minutes or counts in
    /// `value`, what the report shows in `text`.
    pub fn export_report_csv(
        &mut self,
        f: &ReportFigures,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let bytes = figures_csv(f)?;
        let name = format!("report-{}-to-{}.csv", f.from, f.to);
        let saved = self.save(dest, &name, &bytes)?;
        self.log_export("exported report figures", "report", None, &name, &saved)?;
        Ok(saved)
    }
}

/// The annual report in its three steps (see [`PreparedReport`]).
pub type PreparedAnnualReport = PreparedReport<AnnualReportFile>;
/// A signed annual report, ready for [`Store::annual_report_save`].
pub type RenderedAnnualReport = RenderedReport<AnnualReportFile>;

/// What saving the annual report needs: its file name.
pub struct AnnualReportFile {
    file_name: String,
}

/// "Spend against each budget": every grant whose period overlaps the report's, with what
/// approved and paid lines in its period and categories have spent of it.
fn spend_against_budgets_blocks(f: &ReportFigures) -> Vec<Block> {
    let mut blocks = vec![Block::Heading {
        text: "Spend against each budget".into(),
        level: 2,
    }];
    if f.spend_by_budget.is_empty() {
        blocks.push(Block::Paragraph(
            "No funder's budget covers this period.".into(),
        ));
        return blocks;
    }
    blocks.push(Block::Table {
        columns: vec![
            ReportColumn::left("Budget", 4.0),
            ReportColumn::right("Spent of the budget", 2.2),
        ],
        rows: f
            .spend_by_budget
            .iter()
            .map(|r| vec![r.label.clone(), r.text.clone()])
            .collect(),
        total: None,
    });
    blocks
}

fn rows_table(first: &str, rows: &[FigureRow], total_minutes: Option<i64>) -> Block {
    Block::Table {
        columns: vec![
            ReportColumn::left(first, 4.0),
            ReportColumn::right("Hours", 1.2),
        ],
        rows: rows
            .iter()
            .map(|r| vec![r.label.clone(), r.text.clone()])
            .collect(),
        total: total_minutes.map(|m| vec!["Total".into(), format_hours(m)]),
    }
}

fn share(n: i64, of: i64) -> String {
    if of == 0 {
        "none held".into()
    } else {
        format!("{n} of {of} ({}%)", crate::text::div_round(n * 100, of))
    }
}

fn report_blocks(forum: &str, title: &str, f: &ReportFigures) -> Vec<Block> {
    let uk = dates::uk_iso;
    let mut b = vec![
        Block::Paragraph(forum.to_string()),
        Block::Heading {
            text: title.to_string(),
            level: 1,
        },
        Block::Paragraph(format!(
            "From {} to {}. Every figure comes from the forum's records.",
            uk(&f.from),
            uk(&f.to)
        )),
        Block::Heading {
            text: "Hours given by representatives".into(),
            level: 2,
        },
        Block::Paragraph(format!(
            "{} hours of reps' time on approved and paid claims.",
            format_hours(f.hours_total_minutes)
        )),
        Block::BarChart {
            title: "Hours by month".into(),
            bars: f
                .hours_by_month
                .iter()
                .map(|r| Bar {
                    label: r.label.clone(),
                    value: r.value,
                    text: r.text.clone(),
                })
                .collect(),
        },
        Block::Heading {
            text: "By group".into(),
            level: 3,
        },
        rows_table("Group", &f.hours_by_group, Some(f.hours_total_minutes)),
        Block::Heading {
            text: "By funder".into(),
            level: 3,
        },
        rows_table("Funder", &f.hours_by_funder, Some(f.hours_total_minutes)),
        Block::Heading {
            text: "By project".into(),
            level: 3,
        },
        rows_table("Project", &f.hours_by_project, None),
        Block::Heading {
            text: "Meetings".into(),
            level: 2,
        },
        Block::Fields(vec![
            ("Meetings held".into(), f.meetings_held.to_string()),
            ("Attendances".into(), f.attendances.to_string()),
            (
                "Met notice and papers standards, or had an agreed exception".into(),
                share(f.meetings_meeting_standards, f.meetings_held),
            ),
            ("Quorate".into(), share(f.meetings_quorate, f.meetings_held)),
        ]),
        Block::Heading {
            text: "Paying representatives".into(),
            level: 2,
        },
        Block::Fields(vec![
            ("Claims paid".into(), f.claims_paid.to_string()),
            ("Amount paid".into(), format_pence(f.paid_pence)),
            (
                "Average days from submission to payment".into(),
                f.average_days_to_pay
                    .clone()
                    .unwrap_or_else(|| "No claims paid".into()),
            ),
        ]),
    ];
    b.extend(members_blocks(f));
    b.extend([Block::Heading {
        text: "Co-production projects".into(),
        level: 2,
    }]);
    b.push(Block::Table {
        columns: vec![
            ReportColumn::left("Project", 3.5),
            ReportColumn::left("Planned", 1.5),
            ReportColumn::left("Reached", 1.5),
            ReportColumn::right("Rating", 1.0),
            ReportColumn::right("Forms", 0.8),
        ],
        rows: f
            .projects
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.planned_level.clone(),
                    p.reached_level
                        .clone()
                        .unwrap_or_else(|| "No feedback".into()),
                    p.average_rating
                        .clone()
                        .map(|a| format!("{a}/10"))
                        .unwrap_or_default(),
                    p.feedback_forms.to_string(),
                ]
            })
            .collect(),
        total: None,
    });
    let ladder = crate::model::Ladder::ALL;
    b.push(Block::BarChart {
        title: "Ladder levels reached by projects".into(),
        bars: ladder
            .iter()
            .map(|l| {
                let n = f
                    .projects
                    .iter()
                    .filter(|p| p.reached_level.as_deref() == Some(l.label()))
                    .count() as i64;
                Bar {
                    label: l.label().into(),
                    value: n,
                    text: format!("{n} {}", if n == 1 { "project" } else { "projects" }),
                }
            })
            .collect(),
    });
    b.push(Block::Heading {
        text: "Issues raised most".into(),
        level: 2,
    });
    b.push(Block::Table {
        columns: vec![
            ReportColumn::left("Theme", 4.0),
            ReportColumn::right("Times raised", 1.3),
            ReportColumn::right("Families", 1.2),
        ],
        rows: f
            .top_issues
            .iter()
            .map(|t| {
                vec![
                    t.theme.clone(),
                    t.entries.to_string(),
                    t.families.to_string(),
                ]
            })
            .collect(),
        total: None,
    });
    b
}

/// "Members and reach": the counts, the steering group against the number it needs, active
/// members by area (adding up to the active members) and at each month's end.
fn members_blocks(f: &ReportFigures) -> Vec<Block> {
    let steering = if f.steering_needed > 0 {
        let below = if f.steering_active < f.steering_needed {
            format!(", {} short", f.steering_needed - f.steering_active)
        } else {
            String::new()
        };
        format!(
            "{} active today ({} needed{below})",
            f.steering_active, f.steering_needed
        )
    } else {
        format!("{} active today (no number set)", f.steering_active)
    };
    vec![
        Block::Heading {
            text: "Members and reach".into(),
            level: 2,
        },
        Block::Fields(vec![
            ("Active members".into(), f.members_active.to_string()),
            ("New members this year".into(), f.new_members.to_string()),
            ("Steering group".into(), steering),
        ]),
        Block::Heading {
            text: "Reach by area".into(),
            level: 3,
        },
        Block::Table {
            columns: vec![
                ReportColumn::left("Area", 4.0),
                ReportColumn::right("Active members", 1.5),
            ],
            rows: f
                .members_by_area
                .iter()
                .map(|r| vec![r.label.clone(), r.text.clone()])
                .collect(),
            total: Some(vec!["Total".into(), f.members_active.to_string()]),
        },
        Block::BarChart {
            title: "Active members at the end of each month".into(),
            bars: f
                .members_over_time
                .iter()
                .map(|r| Bar {
                    label: r.label.clone(),
                    value: r.value,
                    text: r.text.clone(),
                })
                .collect(),
        },
    ]
}

fn outcomes_blocks(f: &ReportFigures) -> Vec<Block> {
    let mut b = vec![
        Block::PageBreak,
        Block::Heading {
            text: "You said, we did".into(),
            level: 2,
        },
    ];
    if f.outcomes.is_empty() {
        b.push(Block::Paragraph("Nothing recorded for this year.".into()));
    }
    for o in &f.outcomes {
        let told = o
            .told_on
            .as_deref()
            .and_then(|t| dates::parse_date("d", t).ok())
            .map(|d| format!("Families and reps told on {}.", dates::uk(d)))
            .unwrap_or_else(|| "Families and reps not told yet.".into());
        b.push(Block::Fields(vec![
            ("You said".into(), o.said.clone()),
            ("From".into(), o.source_text.clone()),
            (
                if o.changed {
                    "We did"
                } else {
                    "Not changed, because"
                }
                .into(),
                o.we_did.clone(),
            ),
            ("Decided by".into(), o.decided_by.clone()),
            ("Told".into(), told),
        ]));
    }
    b
}

/// Every table of the figures as rows of one CSV.
pub(crate) fn figures_csv(f: &ReportFigures) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| CoreError::Io {
        path: "the CSV".into(),
        reason: e.to_string(),
    };
    w.write_record(["table", "label", "value", "text"])
        .map_err(io)?;
    let mut put = |table: &str, label: &str, value: i64, text: &str| {
        w.write_record([table, label, &value.to_string(), text])
    };
    for (table, rows) in [
        ("hours_by_group_minutes", &f.hours_by_group),
        ("hours_by_funder_minutes", &f.hours_by_funder),
        ("hours_by_project_minutes", &f.hours_by_project),
        ("hours_by_month_minutes", &f.hours_by_month),
        ("spend_by_budget_pence", &f.spend_by_budget),
        ("members_by_area", &f.members_by_area),
        ("members_over_time", &f.members_over_time),
    ] {
        for r in rows {
            put(table, &r.label, r.value, &r.text).map_err(io)?;
        }
    }
    for (label, value) in [
        ("hours_total_minutes", f.hours_total_minutes),
        ("meetings_held", f.meetings_held),
        ("attendances", f.attendances),
        ("meetings_meeting_standards", f.meetings_meeting_standards),
        ("meetings_quorate", f.meetings_quorate),
        ("claims_paid", f.claims_paid),
        ("paid_pence", f.paid_pence),
        ("days_to_pay_total", f.days_to_pay_total),
        ("members_active", f.members_active),
        ("new_members", f.new_members),
        ("steering_active", f.steering_active),
        ("steering_needed", f.steering_needed),
    ] {
        put("summary", label, value, "").map_err(io)?;
    }
    for t in &f.top_issues {
        put(
            "issues_by_families",
            &t.theme,
            t.families,
            &t.entries.to_string(),
        )
        .map_err(io)?;
    }
    w.into_inner().map_err(|e| CoreError::Io {
        path: "the CSV".into(),
        reason: e.to_string(),
    })
}
