//! The counts: active members by area and over time, and new members in the funders' year
//! (April to March, as the annual report). "Active on a date" is the one rule the mod.rs
//! states, so these counts add up to the report's "Active members".

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

use crate::model::{FigureRow, ReachSummary};
use crate::store::Result;
use crate::store::Store;
use crate::text::dates;

/// The label of members with no area (no consent, or no area chosen).
pub const NOT_GIVEN: &str = "Not given";

/// Members active on ?1: joined by then, and either still active or left after it. Shared
/// with the annual report's figures.
pub(crate) const ACTIVE_ON: &str =
    "m.erased_on IS NULL AND m.joined_on IS NOT NULL AND m.joined_on <= ?1
    AND (m.status = 'active' OR m.left_on > ?1)";

impl Store {
    /// Who the forum reaches as of today.
    pub fn reach_summary(&self) -> Result<ReachSummary> {
        self.require_officer("see the forum's reach")?;
        summary(self, self.today())
    }
}

pub(crate) fn summary(store: &Store, today: NaiveDate) -> Result<ReachSummary> {
    let conn = store.connection();
    let as_of = dates::iso(today);
    let start_year = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    let year_from = NaiveDate::from_ymd_opt(start_year, 4, 1).expect("1 April exists");
    let year_to = NaiveDate::from_ymd_opt(start_year + 1, 3, 31).expect("31 March exists");
    let by_area = by_area(conn, &as_of)?;
    let active_members = by_area.iter().map(|r| r.value).sum();
    let with_details: i64 = conn.query_row(
        &format!("SELECT count(*) FROM members m JOIN member_reach r ON r.member_id = m.id WHERE {ACTIVE_ON}"),
        [&as_of],
        |r| r.get(0),
    )?;
    let new_this_year = joined_between(conn, &dates::iso(year_from), &dates::iso(year_to))?;
    let joined_by_month = months(year_from, today)
        .into_iter()
        .map(|(first, last)| {
            let n = joined_between(conn, &dates::iso(first), &dates::iso(last))?;
            Ok(row(dates::month_label(&dates::month_of(first)), n))
        })
        .collect::<Result<_>>()?;
    let active_by_month = over_time(conn, year_from, today)?;
    let heard_via = choice_counts(conn, &as_of, "heard_via", |t| {
        crate::reach::kinds::HeardVia::from_text(t).map(|c| c.label())
    })?;
    let involvement = choice_counts(conn, &as_of, "involvement", |t| {
        crate::reach::kinds::Involvement::from_text(t).map(|c| c.label())
    })?;
    Ok(ReachSummary {
        as_of,
        by_area,
        active_members,
        with_details,
        year_from: dates::iso(year_from),
        year_to: dates::iso(year_to),
        new_this_year,
        joined_by_month,
        active_by_month,
        heard_via,
        involvement,
        steering: super::steering::status(conn)?,
    })
}

fn row(label: String, n: i64) -> FigureRow {
    FigureRow {
        label,
        value: n,
        text: n.to_string(),
    }
}

/// Members active on `on` (ISO) by area: every area offered (even with none), retired ones
/// that still have members, in name order, then "Not given".
pub(crate) fn by_area(conn: &Connection, on: &str) -> Result<Vec<FigureRow>> {
    let mut rows: Vec<FigureRow> = conn
        .prepare(&format!(
            "SELECT a.name, a.retired_on IS NULL,
                    (SELECT count(*) FROM members m JOIN member_reach r ON r.member_id = m.id
                     WHERE r.area_id = a.id AND {ACTIVE_ON})
             FROM areas a ORDER BY a.name COLLATE NOCASE, a.id"
        ))?
        .query_map([on], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, offered, n)| *offered || *n > 0)
        .map(|(name, _, n)| row(name, n))
        .collect();
    let not_given: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM members m LEFT JOIN member_reach r ON r.member_id = m.id
             WHERE r.area_id IS NULL AND {ACTIVE_ON}"
        ),
        [on],
        |r| r.get(0),
    )?;
    rows.push(row(NOT_GIVEN.into(), not_given));
    Ok(rows)
}

/// Members active at the end of each month from `from`'s month to `to`'s (the last month
/// counted on `to` itself), labelled like the report's months ("April 2026").
pub(crate) fn over_time(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<FigureRow>> {
    months(from, to)
        .into_iter()
        .map(|(first, last)| {
            let n: i64 = conn.query_row(
                &format!("SELECT count(*) FROM members m WHERE {ACTIVE_ON}"),
                [dates::iso(last)],
                |r| r.get(0),
            )?;
            Ok(row(dates::month_label(&dates::month_of(first)), n))
        })
        .collect()
}

/// Members (not erased) who joined between two ISO dates, inclusive.
pub(crate) fn joined_between(conn: &Connection, from: &str, to: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM members WHERE erased_on IS NULL AND joined_on BETWEEN ?1 AND ?2",
        params![from, to],
        |r| r.get(0),
    )?)
}

/// Each month touching `from`..`to`: its first day and its last day (or `to`).
fn months(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1);
    while let Some(f) = first {
        if f > to {
            break;
        }
        let next = f.checked_add_months(chrono::Months::new(1));
        let last = next.and_then(|n| n.pred_opt()).map_or(to, |l| l.min(to));
        out.push((f, last));
        first = next;
    }
    out
}

/// Active members by one choice column of their details, by label, with "Not given" last.
fn choice_counts(
    conn: &Connection,
    on: &str,
    column: &str,
    label: impl Fn(&str) -> Option<&'static str>,
) -> Result<Vec<FigureRow>> {
    let counts: Vec<(Option<String>, i64)> = conn
        .prepare(&format!(
            "SELECT r.{column}, count(*) FROM members m LEFT JOIN member_reach r ON r.member_id = m.id
             WHERE {ACTIVE_ON} GROUP BY r.{column}"
        ))?
        .query_map([on], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows: Vec<(usize, FigureRow)> = counts
        .into_iter()
        .map(|(v, n)| match v.as_deref().and_then(&label) {
            Some(l) => (0, row(l.into(), n)),
            None => (1, row(NOT_GIVEN.into(), n)),
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.label.cmp(&b.1.label)));
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}
