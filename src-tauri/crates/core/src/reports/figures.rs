//! The figures for a date range. Hours are reps' time lines on approved or paid claims
//! (reversals included, so a corrected mistake counts once); meetings are those held in the
//! range; claims paid are those with a payment date in the range.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

use crate::model::{FigureRow, ProjectLine, ReportFigures};
use crate::store::{Result, Store};
use crate::text::{dates, div_round, format_hours, format_tenths};

impl Store {
    /// Every figure of the report for `from` to `to` (dates as typed, inclusive).
    pub fn report_figures(&self, from: &str, to: &str) -> Result<ReportFigures> {
        self.require_officer("see the forum's reports")?;
        let from_d = dates::parse_date("from", from)?;
        let to_d = dates::parse_date("to", to)?;
        if to_d < from_d {
            return Err(crate::store::CoreError::invalid(
                "to",
                "The end date is before the start date.",
            ));
        }
        figures(self, from_d, to_d)
    }
}

fn hours_rows(conn: &Connection, sql: &str, from: &str, to: &str) -> Result<Vec<FigureRow>> {
    Ok(conn
        .prepare(sql)?
        .query_map(params![from, to], |r| {
            let minutes: i64 = r.get(1)?;
            Ok(FigureRow {
                label: r.get(0)?,
                value: minutes,
                text: format_hours(minutes),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|r| r.value != 0)
        .collect())
}

/// Time lines of approved or paid claims dated in ?1..?2.
const TIME_LINES: &str = "FROM claim_lines l JOIN claims c ON c.id = l.claim_id
    WHERE l.kind = 'time' AND c.status IN ('approved', 'paid') AND l.line_date BETWEEN ?1 AND ?2";

pub(crate) fn figures(store: &Store, from_d: NaiveDate, to_d: NaiveDate) -> Result<ReportFigures> {
    let conn = store.connection();
    let (from, to) = (dates::iso(from_d), dates::iso(to_d));
    let hours_total_minutes: i64 = conn.query_row(
        &format!("SELECT coalesce(sum(l.minutes), 0) {TIME_LINES}"),
        params![from, to],
        |r| r.get(0),
    )?;
    let hours_by_group = hours_rows(
        conn,
        &format!(
            "SELECT coalesce(g.name, 'Other work (not at a meeting)'), sum(l.minutes) {}
             GROUP BY g.id ORDER BY g.id IS NULL, sum(l.minutes) DESC",
            TIME_LINES.replace(
                "JOIN claims c ON c.id = l.claim_id",
                "JOIN claims c ON c.id = l.claim_id LEFT JOIN meetings m ON m.id = l.meeting_id LEFT JOIN groups g ON g.id = m.group_id"
            )
        ),
        &from,
        &to,
    )?;
    let hours_by_funder = hours_rows(
        conn,
        &format!(
            "SELECT f.name, sum(l.minutes) {}
             GROUP BY f.id ORDER BY sum(l.minutes) DESC",
            TIME_LINES.replace(
                "JOIN claims c ON c.id = l.claim_id",
                "JOIN claims c ON c.id = l.claim_id JOIN funders f ON f.id = c.funder_id"
            )
        ),
        &from,
        &to,
    )?;
    let mut hours_by_project = Vec::new();
    let ids: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM projects ORDER BY name COLLATE NOCASE")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut projects = Vec::new();
    for (id, name) in &ids {
        let h = crate::projects::links::hours_between(conn, *id, &from, &to)?;
        if h.claimed_minutes != 0 {
            hours_by_project.push(FigureRow {
                label: name.clone(),
                value: h.claimed_minutes,
                text: format_hours(h.claimed_minutes),
            });
        }
        let row = store.projects_list()?.into_iter().find(|p| p.id == *id);
        if let Some(p) = row {
            projects.push(ProjectLine {
                name: p.name,
                planned_level: p.planned_level.label().into(),
                reached_level: p.reached_level.map(|l| l.label().to_string()),
                average_rating: p.average_rating,
                feedback_forms: p.feedback_count,
            });
        }
    }
    hours_by_project.sort_by_key(|r| std::cmp::Reverse(r.value));
    let mut hours_by_month = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(from_d.year(), from_d.month(), 1);
    while let Some(m) = month {
        if m > to_d {
            break;
        }
        let key = dates::month_of(m);
        let minutes: i64 = conn.query_row(
            &format!("SELECT coalesce(sum(l.minutes), 0) {TIME_LINES} AND substr(l.line_date, 1, 7) = ?3"),
            params![from, to, key],
            |r| r.get(0),
        )?;
        hours_by_month.push(FigureRow {
            label: dates::month_label(&key),
            value: minutes,
            text: format_hours(minutes),
        });
        month = m.checked_add_months(chrono::Months::new(1));
    }

    // Meetings held: started in the range, and not after today.
    let today = dates::iso(store.today());
    let held: Vec<i64> = conn
        .prepare(
            "SELECT id FROM meetings WHERE substr(starts_at, 1, 10) BETWEEN ?1 AND ?2 AND substr(starts_at, 1, 10) <= ?3
             ORDER BY starts_at",
        )?
        .query_map(params![from, to, today], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let (mut standards, mut quorate, mut attendances) = (0, 0, 0);
    for id in &held {
        let m = store.meeting_get(*id)?;
        attendances += m
            .people
            .iter()
            .filter(|p| p.attendance == "attended")
            .count() as i64;
        if m.checks.quorate {
            quorate += 1;
        }
        let excepted = |k: crate::model::ExceptionKind| m.exceptions.iter().any(|e| e.kind == k);
        let on_time = |sent: &Option<String>, due: &Option<String>| match (sent, due) {
            (_, None) => true,
            (Some(s), Some(d)) => s <= d,
            (None, Some(_)) => false,
        };
        let notice = on_time(&m.notice_sent_on, &m.checks.notice_due_on)
            || excepted(crate::model::ExceptionKind::ShortNotice);
        let papers = on_time(&m.papers_sent_on, &m.checks.papers_due_on)
            || excepted(crate::model::ExceptionKind::LatePapers);
        if notice && papers {
            standards += 1;
        }
    }

    let (claims_paid, paid_pence, days_to_pay_total): (i64, i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum((SELECT coalesce(sum(amount_pence), 0) FROM claim_lines WHERE claim_id = c.id)), 0),
                coalesce(sum(CAST(julianday(c.paid_on) - julianday(substr(c.submitted_at, 1, 10)) AS INTEGER)), 0)
         FROM claims c WHERE c.status = 'paid' AND c.paid_on BETWEEN ?1 AND ?2",
        params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let average_days_to_pay =
        (claims_paid > 0).then(|| format_tenths(div_round(days_to_pay_total * 10, claims_paid)));
    let members_active: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM members m WHERE {}",
            crate::reach::summary::ACTIVE_ON
        ),
        [&to],
        |r| r.get(0),
    )?;
    let new_members: i64 = conn.query_row(
        "SELECT count(*) FROM members WHERE erased_on IS NULL AND joined_on BETWEEN ?1 AND ?2",
        params![from, to],
        |r| r.get(0),
    )?;
    // "You said, we did": what was said, or what families were told, in the range.
    let within = |d: &str| d >= from.as_str() && d <= to.as_str();
    let outcomes = crate::impact::outcomes::list(conn, "", "")?
        .into_iter()
        .filter(|o| within(&o.said_on) || o.told_on.as_deref().is_some_and(within))
        .collect();
    let mut top_issues = crate::impact::issues::themes(conn, &from, &to)?;
    top_issues.truncate(10);
    let spend_by_budget = budget_rows(conn, &from, &to)?;
    let members_by_area = crate::reach::summary::by_area(conn, &to)?;
    // Up to today: who will be active at the end of a month to come is not known yet.
    let members_over_time =
        crate::reach::summary::over_time(conn, from_d, to_d.min(store.today()))?;
    let steering = crate::reach::steering::status(conn)?;
    Ok(ReportFigures {
        spend_by_budget,
        from,
        to,
        hours_total_minutes,
        hours_by_group,
        hours_by_funder,
        hours_by_project,
        hours_by_month,
        meetings_held: held.len() as i64,
        attendances,
        meetings_meeting_standards: standards,
        meetings_quorate: quorate,
        claims_paid,
        paid_pence,
        days_to_pay_total,
        average_days_to_pay,
        members_active,
        new_members,
        members_by_area,
        members_over_time,
        steering_active: steering.active,
        steering_needed: steering.needed,
        projects,
        top_issues,
        outcomes,
    })
}

/// Each grant overlapping `from`..`to`, with its spend to date (the money room's own sums).
fn budget_rows(conn: &rusqlite::Connection, from: &str, to: &str) -> Result<Vec<FigureRow>> {
    Ok(crate::money::budgets::budgets_of(conn, None)?
        .into_iter()
        .filter(|b| b.starts_on.as_str() <= to && b.ends_on.as_str() >= from)
        .map(|b| FigureRow {
            label: format!(
                "{}: {} ({} to {})",
                b.funder_name,
                b.name,
                dates::uk_iso(&b.starts_on),
                dates::uk_iso(&b.ends_on)
            ),
            value: b.spent_pence,
            text: format!(
                "{} of {} ({}%)",
                crate::text::format_pence(b.spent_pence),
                crate::text::format_pence(b.amount_pence),
                b.percent_spent
            ),
        })
        .collect())
}
