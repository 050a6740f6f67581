//! The signed project report: the plan, the monitoring history and what the feedback adds
//! up to, with the hours and cost the project took. Drawn by the export crate's report
//! renderer and signed by the officer who exports it, like claim packs and notes.

use chrono::{DateTime, Utc};
use ex::{Bar, Block, ReportColumn};
use forumdesk_export as ex;
use rusqlite::OptionalExtension;

use crate::exports::{panel, slug, Destination, PreparedReport, RenderedReport};
use crate::model::{Ladder, Project, SavedFile};
use crate::store::{CoreError, Result, Store};
use crate::text::{dates, duration_text};

impl Store {
    /// What the project report shows, unsigned (the signature panel is added on export).
    pub fn project_report_input(&self, project_id: i64) -> Result<ex::ReportInput> {
        let p = self.project_get(project_id)?;
        let forum = self.forum_get()?;
        Ok(report_input(&forum.name, &p, self.now_utc()))
    }

    /// The project report as signed PDF bytes.
    pub fn project_report_pdf(&self, project_id: i64) -> Result<Vec<u8>> {
        Ok(self
            .project_report_prepare(project_id)?
            .render_with(&ex::Progress::new())?
            .pdf)
    }

    /// Everything the project report needs from the store (the project with its monitoring
    /// and feedback, who signs it), read at once, so the slow part, drawing the pages and
    /// signing, can run with the store free for the window: `project_report_prepare`, then
    /// [`PreparedProjectReport::render_with`] anywhere, then [`Store::project_report_save`].
    pub fn project_report_prepare(&self, project_id: i64) -> Result<PreparedProjectReport> {
        let p = self.project_get(project_id)?;
        let forum = self.forum_get()?.name;
        let identity = self.identity()?;
        let (name, role) = self.signer()?;
        let now = self.now_utc();
        let mut input = report_input(&forum, &p, now);
        input.signature_panel = Some(panel(&forum, &name, &role, now, &identity));
        let file_name = format!(
            "project-report-{}-{}.pdf",
            slug(&p.name),
            dates::iso(self.today())
        );
        Ok(PreparedReport {
            input,
            identity,
            signer: name,
            now,
            saving: ProjectReportFile {
                project_id,
                project_name: p.name,
                file_name,
            },
        })
    }

    /// Saves a report made from [`Store::project_report_prepare`] as
    /// `project-report-<name>-<date>.pdf` and logs it against the project. The store was
    /// free while it was drawn: if the project was removed meanwhile there is nothing to log
    /// it against, so it is not saved.
    pub fn project_report_save(
        &mut self,
        report: &RenderedProjectReport,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let r = &report.saving;
        let still_there: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM projects WHERE id = ?1",
                [r.project_id],
                |row| row.get(0),
            )
            .optional()?;
        if still_there.is_none() {
            return Err(CoreError::NotFound(format!(
                "The project \"{}\" was removed while its report was being made, so the report was not saved.",
                r.project_name
            )));
        }
        let saved = self.save(dest, &r.file_name, &report.pdf)?;
        self.log_export(
            "exported a signed project report",
            "project",
            Some(r.project_id),
            &r.project_name,
            &saved,
        )?;
        Ok(saved)
    }

    /// Makes, signs and saves the report as `project-report-<name>-<date>.pdf`.
    pub fn export_project_report(
        &mut self,
        project_id: i64,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let rendered = self
            .project_report_prepare(project_id)?
            .render_with(&ex::Progress::new())?;
        self.project_report_save(&rendered, dest)
    }
}

/// A project's report in its three steps (see [`PreparedReport`]).
pub type PreparedProjectReport = PreparedReport<ProjectReportFile>;
/// A signed project report, ready for [`Store::project_report_save`].
pub type RenderedProjectReport = RenderedReport<ProjectReportFile>;

/// What saving and logging the report needs, worked out when it was read.
pub struct ProjectReportFile {
    project_id: i64,
    project_name: String,
    file_name: String,
}

/// The report's title, footer and blocks for `p`, unsigned.
fn report_input(forum: &str, p: &Project, now: DateTime<Utc>) -> ex::ReportInput {
    ex::ReportInput {
        title: format!("Project report: {}", p.name),
        footer: format!("{forum} · Project report: {}", p.name),
        generated_at: now,
        blocks: blocks(forum, p),
        signature_panel: None,
    }
}

fn or_none(s: &str) -> String {
    if s.trim().is_empty() {
        "Not recorded".into()
    } else {
        s.to_string()
    }
}

fn blocks(forum: &str, p: &Project) -> Vec<Block> {
    let mut b = vec![
        Block::Paragraph(format!("{forum} · co-production project report")),
        Block::Heading {
            text: p.name.clone(),
            level: 1,
        },
        Block::Heading {
            text: "The plan".into(),
            level: 2,
        },
    ];
    let groups = p
        .groups
        .iter()
        .map(|g| g.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    b.push(Block::Fields(vec![
        ("Lead contacts".into(), or_none(&p.lead_contacts)),
        ("Contact information".into(), or_none(&p.contact_info)),
        ("Organisations".into(), or_none(&p.organisations)),
        ("Departments or teams".into(), or_none(&p.departments)),
        ("Works through".into(), or_none(&groups)),
        ("Aim and end goal".into(), or_none(&p.aim)),
        (
            "Planned ladder level".into(),
            p.planned_level.label().into(),
        ),
        ("What success looks like".into(), or_none(&p.success)),
        (
            "One-off or ongoing".into(),
            if p.ongoing {
                "Ongoing".into()
            } else {
                "One-off".into()
            },
        ),
        ("Expected timeframe".into(), or_none(&p.timeframe)),
        (
            "Meetings expected a year".into(),
            p.meetings_per_year
                .map(|n| n.to_string())
                .unwrap_or_else(|| "Not recorded".into()),
        ),
        ("Planned meetings".into(), or_none(&p.meeting_plans)),
        ("Other information".into(), or_none(&p.other_info)),
        (
            "Started".into(),
            p.started_on
                .as_deref()
                .map(dates::uk_iso)
                .unwrap_or_else(|| "Not recorded".into()),
        ),
    ]));

    b.push(Block::Heading {
        text: "Time and cost".into(),
        level: 2,
    });
    b.push(Block::Fields(vec![
        ("Meetings linked".into(), p.hours.meetings.to_string()),
        (
            "Meeting time".into(),
            duration_text(p.hours.meeting_minutes),
        ),
        (
            "Reps' time claimed".into(),
            duration_text(p.hours.claimed_minutes),
        ),
        (
            "Cost (approved and paid claims)".into(),
            p.hours.cost_text.clone(),
        ),
    ]));

    b.push(Block::Heading {
        text: "Monitoring".into(),
        level: 2,
    });
    if p.monitoring.is_empty() {
        b.push(Block::Paragraph("No monitoring entries yet.".into()));
    }
    // Oldest first: the history reads as it happened.
    for m in p.monitoring.iter().rev() {
        b.push(Block::Heading {
            text: format!("Entry of {}", dates::uk_iso(&m.entry_on)),
            level: 3,
        });
        let mut rows: Vec<(String, String)> = [
            ("Going well", &m.going_well),
            ("Going less well", &m.going_less_well),
            ("What should happen next", &m.next_steps),
            ("Barriers and risks", &m.barriers_risks),
            ("Embedding and sustaining", &m.embedding),
            ("Whose input is missing", &m.missing_input),
            ("Further action", &m.further_action),
            ("Learning", &m.learning),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(l, v)| (l.to_string(), v.clone()))
        .collect();
        if !m.escalation.is_empty() {
            rows.push(("Escalated".into(), m.escalation.clone()));
            rows.push((
                "Escalation dealt with".into(),
                match &m.escalation_dealt_on {
                    Some(on) => format!("{}: {}", dates::uk_iso(on), m.escalation_outcome),
                    None => "Not yet".into(),
                },
            ));
        }
        b.push(Block::Fields(rows));
    }

    let s = &p.summary;
    b.push(Block::Heading {
        text: "Feedback".into(),
        level: 2,
    });
    if s.forms == 0 {
        b.push(Block::Paragraph("No feedback forms yet.".into()));
        return b;
    }
    b.push(Block::Fields(vec![
        ("Feedback forms".into(), s.forms.to_string()),
        (
            "Average rating".into(),
            format!(
                "{} out of 10 ({} points from {} forms)",
                s.average_rating.clone().unwrap_or_default(),
                s.rating_sum,
                s.forms
            ),
        ),
        (
            "Planned ladder level".into(),
            s.planned_level.label().into(),
        ),
        (
            "Reached (most forms)".into(),
            s.reached_level.map(Ladder::label).unwrap_or("").into(),
        ),
        (
            "Against the plan".into(),
            s.against_plan.clone().unwrap_or_default(),
        ),
    ]));
    b.push(Block::BarChart {
        title: "Ladder level reached, as the forms say".into(),
        bars: s
            .reached_spread
            .iter()
            .map(|c| Bar {
                label: if c.level == s.planned_level {
                    format!("{} (planned)", c.label)
                } else {
                    c.label.clone()
                },
                value: c.count,
                text: format!(
                    "{} {}",
                    c.count,
                    if c.count == 1 { "form" } else { "forms" }
                ),
            })
            .collect(),
    });
    let counts = |a: &crate::model::AnswerCounts| format!("{}/{}/{}", a.yes, a.partly, a.no);
    b.push(Block::Heading {
        text: "Answers by organisation".into(),
        level: 3,
    });
    b.push(Block::Paragraph("Yes/partly/no for each question.".into()));
    b.push(Block::Table {
        columns: vec![
            ReportColumn::left("Organisation", 3.0),
            ReportColumn::right("Forms", 1.0),
            ReportColumn::right("Average", 1.2),
            ReportColumn::right("Remit clear", 1.4),
            ReportColumn::right("Meetings", 1.4),
            ReportColumn::right("Communication", 1.6),
        ],
        rows: s
            .by_organisation
            .iter()
            .map(|o| {
                vec![
                    o.organisation.clone(),
                    o.forms.to_string(),
                    o.average_rating.clone(),
                    counts(&o.remit_clear),
                    counts(&o.meetings_effective),
                    counts(&o.communication_effective),
                ]
            })
            .collect(),
        total: None,
    });
    b.push(Block::Heading {
        text: "What participants said".into(),
        level: 3,
    });
    for f in &p.feedback {
        let who = if f.role.is_empty() {
            f.organisation.clone()
        } else {
            format!("{}, {}", f.role, f.organisation)
        };
        let mut rows = vec![
            (
                "From".to_string(),
                format!("{who} ({})", dates::uk_iso(&f.given_on)),
            ),
            ("Rating".into(), format!("{} out of 10", f.rating)),
            ("Level reached".into(), f.reached_level.label().into()),
        ];
        for (label, v) in [
            ("Impact", &f.impact),
            ("Learning", &f.learning),
            ("Top tips", &f.top_tips),
        ] {
            if !v.is_empty() {
                rows.push((label.into(), v.clone()));
            }
        }
        b.push(Block::Fields(rows));
    }
    b
}
