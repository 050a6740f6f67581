//! A rep's statement for a tax year (6 April to 5 April): recognition payments (time lines,
//! earnings) kept apart from expenses repaid, by calendar month, with the average per week,
//! and, for a rep who gets Carer's Allowance, the months over the weekly earnings limit. A
//! payment counts on the day it was paid; a claim approved or submitted but not yet paid
//! counts on the last day of its month, and is shown as not yet paid. The PDF is signed by
//! the forum like a claim pack.

use chrono::{Datelike, NaiveDate};
use forumdesk_export as ex;
use rusqlite::params;

use super::carers::{
    earnings_month, has_carers_allowance, over_limit_wording, weekly_average, COUNTED_LINES,
};
use super::model::{RepStatement, StatementMonth};
use crate::exports::{export_error, panel, slug, Destination};
use crate::model::SavedFile;
use crate::store::{CoreError, Result, Store};
use crate::text::{dates, div_round};

/// 6 April of `year` to 5 April of the next.
pub(crate) fn tax_year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    if !(2000..=2200).contains(&year) {
        return Err(CoreError::invalid(
            "tax_year",
            "Please give the year the tax year starts in, such as 2026 for 6 April 2026 to 5 April 2027.",
        ));
    }
    let start = NaiveDate::from_ymd_opt(year, 4, 6).expect("6 April exists");
    let end = NaiveDate::from_ymd_opt(year + 1, 4, 5).expect("5 April exists");
    Ok((start, end))
}

impl Store {
    /// A rep's statement for the tax year starting in April of `tax_year`. Only the rep and
    /// the officers may see it.
    pub fn rep_statement(&self, rep_id: i64, tax_year: i32) -> Result<RepStatement> {
        self.may_see_private(rep_id)?;
        let rep = crate::reps::records::rep(&self.conn, rep_id)?;
        let (start, end) = tax_year_bounds(tax_year)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT substr(counted_on, 1, 7) AS month,
                    coalesce(sum(CASE WHEN kind = 'time' THEN amount_pence END), 0),
                    coalesce(sum(CASE WHEN kind <> 'time' THEN amount_pence END), 0),
                    coalesce(sum(CASE WHEN NOT paid THEN amount_pence END), 0)
             FROM ({COUNTED_LINES}) WHERE counted_on BETWEEN ?3 AND ?4
             GROUP BY month ORDER BY month"
        ))?;
        let months: Vec<StatementMonth> = stmt
            .query_map(
                params![rep_id, None::<i64>, dates::iso(start), dates::iso(end)],
                |r| {
                    let recognition: i64 = r.get(1)?;
                    Ok(StatementMonth {
                        month: r.get(0)?,
                        recognition_pence: recognition,
                        expenses_pence: r.get(2)?,
                        unpaid_pence: r.get(3)?,
                        weekly_average_pence: weekly_average(recognition),
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        let recognition: i64 = months.iter().map(|m| m.recognition_pence).sum();
        let carers_allowance = has_carers_allowance(&self.conn, rep_id)?;
        // The check looks at whole calendar months, so April's figure includes 1 to 5 April.
        let over_limit = if carers_allowance {
            months
                .iter()
                .map(|m| earnings_month(&self.conn, rep_id, &m.month, None))
                .filter(|m| m.as_ref().map_or(true, |m| m.over_limit))
                .collect::<Result<_>>()?
        } else {
            Vec::new()
        };
        Ok(RepStatement {
            rep_id,
            rep_name: rep.name,
            tax_year,
            starts_on: dates::iso(start),
            ends_on: dates::iso(end),
            recognition_pence: recognition,
            expenses_pence: months.iter().map(|m| m.expenses_pence).sum(),
            unpaid_pence: months.iter().map(|m| m.unpaid_pence).sum(),
            weekly_average_pence: div_round(recognition, 52),
            months,
            carers_allowance,
            over_limit,
        })
    }

    /// The statement as a signed PDF. Signing needs the forum's key, so an officer makes it
    /// for the rep.
    pub fn rep_statement_pdf(&self, rep_id: i64, tax_year: i32) -> Result<Vec<u8>> {
        let s = self.rep_statement(rep_id, tax_year)?;
        let identity = self.identity()?;
        let (name, role) = self.signer()?;
        let now = self.now_utc();
        let forum = self.forum_get()?;
        let label = format!("{}/{:02}", s.tax_year, (s.tax_year + 1) % 100);
        let long = |iso: &str| {
            dates::parse_date("date", iso)
                .map(|d| format!("{} {}", d.day(), d.format("%B %Y")))
                .unwrap_or_else(|_| iso.to_string())
        };
        let input = ex::RepStatementInput {
            forum_name: forum.name.clone(),
            rep_name: s.rep_name.clone(),
            period: format!("{} to {}", long(&s.starts_on), long(&s.ends_on)),
            tax_year_label: label.clone(),
            months: s
                .months
                .iter()
                .map(|m| ex::StatementRow {
                    month: dates::month_label(&m.month),
                    recognition_pence: m.recognition_pence,
                    expenses_pence: m.expenses_pence,
                    unpaid_pence: m.unpaid_pence,
                    weekly_average_pence: m.weekly_average_pence,
                })
                .collect(),
            recognition_pence: s.recognition_pence,
            expenses_pence: s.expenses_pence,
            unpaid_pence: s.unpaid_pence,
            weekly_average_pence: s.weekly_average_pence,
            carers_allowance: s.carers_allowance,
            carers_allowance_warnings: s.over_limit.iter().map(over_limit_wording).collect(),
            generated_at: now,
            signature_panel: Some(panel(&forum.name, &name, &role, now, &identity)),
        };
        let unsigned = ex::render_rep_statement(&input).map_err(export_error)?;
        let reason = format!("Statement for {}, tax year {label}", s.rep_name);
        ex::sign_pdf(&unsigned, &identity, &name, &reason, now).map_err(export_error)
    }

    /// Saves the signed statement as `statement-<rep>-<year>.pdf`.
    pub fn export_rep_statement(
        &mut self,
        rep_id: i64,
        tax_year: i32,
        dest: &Destination,
    ) -> Result<SavedFile> {
        let pdf = self.rep_statement_pdf(rep_id, tax_year)?;
        let rep = crate::reps::records::rep(&self.conn, rep_id)?;
        let name = format!("statement-{}-{tax_year}.pdf", slug(&rep.name));
        let saved = self.save(dest, &name, &pdf)?;
        self.log_export(
            "exported a rep's statement",
            "rep",
            Some(rep_id),
            &format!("tax year {tax_year}"),
            &saved,
        )?;
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_year_runs_6_april_to_5_april() {
        let (s, e) = tax_year_bounds(2026).unwrap();
        assert_eq!(dates::iso(s), "2026-04-06");
        assert_eq!(dates::iso(e), "2027-04-05");
        assert!(tax_year_bounds(26).is_err());
    }
}
