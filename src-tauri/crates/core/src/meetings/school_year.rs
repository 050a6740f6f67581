//! Dated data about the year: bank holidays (working days skip them) and the local
//! authority's school terms (a meeting in a school holiday does not suit parent carers). Both
//! are lists the forum keeps up to date; England and Wales bank holidays for 2025-2027 come
//! with the data (migration 005).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{BankHoliday, BankHolidayInput, SchoolTerm, SchoolTermInput};
use crate::store::{one, CoreError, Result, Store};
use crate::text::dates::{self, uk};
use crate::text::required;

impl Store {
    pub fn bank_holidays_list(&self) -> Result<Vec<BankHoliday>> {
        bank_holidays(&self.conn)
    }

    /// Adds a bank holiday, or renames the one on that date.
    pub fn bank_holiday_save(&mut self, i: &BankHolidayInput) -> Result<Vec<BankHoliday>> {
        self.require_officer("change the bank holidays")?;
        let on = dates::iso(dates::parse_date("on_date", &i.on_date)?);
        let name = required("name", &i.name, "the bank holiday's name")?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO bank_holidays (on_date, name) VALUES (?1, ?2)
                 ON CONFLICT (on_date) DO UPDATE SET name = ?2",
                params![on, name],
            )?;
            tx.audit("saved a bank holiday", "bank_holiday", None, &on)
        })?;
        self.bank_holidays_list()
    }

    pub fn bank_holiday_delete(&mut self, on_date: &str) -> Result<Vec<BankHoliday>> {
        self.require_officer("change the bank holidays")?;
        let on = dates::iso(dates::parse_date("on_date", on_date)?);
        self.write(|tx| {
            let n = tx.execute("DELETE FROM bank_holidays WHERE on_date = ?1", [&on])?;
            if n == 0 {
                return Err(CoreError::NotFound(format!(
                    "There is no bank holiday on {}.",
                    uk(dates::parse_date("on_date", &on)?)
                )));
            }
            tx.audit("removed a bank holiday", "bank_holiday", None, &on)
        })?;
        self.bank_holidays_list()
    }

    /// Oldest first.
    pub fn school_terms_list(&self) -> Result<Vec<SchoolTerm>> {
        school_terms(&self.conn)
    }

    /// Adds or changes a school term. Terms cannot overlap; a half term lies inside its term.
    pub fn school_term_save(&mut self, i: &SchoolTermInput) -> Result<Vec<SchoolTerm>> {
        self.require_officer("change the school terms")?;
        let name = required("name", &i.name, "the term's name, such as Autumn term 2026")?;
        let starts = dates::parse_date("starts_on", &i.starts_on)?;
        let ends = dates::parse_date("ends_on", &i.ends_on)?;
        if ends < starts {
            return Err(CoreError::invalid(
                "ends_on",
                "The term must end on or after the day it starts.",
            ));
        }
        let hs = dates::parse_optional_date("half_term_starts_on", &i.half_term_starts_on)?;
        let he = dates::parse_optional_date("half_term_ends_on", &i.half_term_ends_on)?;
        match (hs, he) {
            (Some(_), None) => {
                return Err(CoreError::invalid(
                    "half_term_ends_on",
                    "Please give the last day of the half term too.",
                ))
            }
            (None, Some(_)) => {
                return Err(CoreError::invalid(
                    "half_term_starts_on",
                    "Please give the first day of the half term too.",
                ))
            }
            (Some(a), Some(b)) => {
                if b < a {
                    return Err(CoreError::invalid(
                        "half_term_ends_on",
                        "The half term must end on or after the day it starts.",
                    ));
                }
                if a <= starts || b >= ends {
                    return Err(CoreError::invalid(
                        "half_term_starts_on",
                        format!(
                            "The half term must fall inside the term ({} to {}).",
                            uk(starts),
                            uk(ends)
                        ),
                    ));
                }
            }
            (None, None) => {}
        }
        let clash: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT name, starts_on, ends_on FROM school_terms
                 WHERE id IS NOT ?1 AND starts_on <= ?3 AND ends_on >= ?2 ORDER BY starts_on LIMIT 1",
                params![i.id, dates::iso(starts), dates::iso(ends)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((other, a, b)) = clash {
            return Err(CoreError::invalid(
                "starts_on",
                format!(
                    "These dates overlap the {other} ({} to {}). Terms cannot overlap.",
                    uk(dates::parse_date("starts_on", &a)?),
                    uk(dates::parse_date("ends_on", &b)?)
                ),
            ));
        }
        let vals = params![
            name,
            dates::iso(starts),
            dates::iso(ends),
            hs.map(dates::iso),
            he.map(dates::iso)
        ];
        self.write(|tx| {
            match i.id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE school_terms SET name = ?1, starts_on = ?2, ends_on = ?3, half_term_starts_on = ?4,
                            half_term_ends_on = ?5 WHERE id = ?6",
                        rusqlite::params_from_iter(vals.iter().copied().chain(std::iter::once(&id as &dyn rusqlite::ToSql))),
                    )?;
                    if n == 0 {
                        return Err(CoreError::NotFound("That school term could not be found.".into()));
                    }
                    tx.audit("changed a school term", "school_term", Some(id), &name)
                }
                None => {
                    tx.execute(
                        "INSERT INTO school_terms (name, starts_on, ends_on, half_term_starts_on, half_term_ends_on)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        vals,
                    )?;
                    let id = tx.last_insert_rowid();
                    tx.audit("added a school term", "school_term", Some(id), &name)
                }
            }
        })?;
        self.school_terms_list()
    }

    pub fn school_term_delete(&mut self, id: i64) -> Result<Vec<SchoolTerm>> {
        self.require_officer("change the school terms")?;
        let name: String = one(
            &self.conn,
            "SELECT name FROM school_terms WHERE id = ?1",
            [id],
            "school term",
            |r| r.get(0),
        )?;
        self.write(|tx| {
            tx.execute("DELETE FROM school_terms WHERE id = ?1", [id])?;
            tx.audit("removed a school term", "school_term", Some(id), &name)
        })?;
        self.school_terms_list()
    }
}

pub(crate) fn bank_holidays(conn: &Connection) -> Result<Vec<BankHoliday>> {
    Ok(conn
        .prepare("SELECT on_date, name FROM bank_holidays ORDER BY on_date")?
        .query_map([], |r| {
            Ok(BankHoliday {
                on_date: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn school_terms(conn: &Connection) -> Result<Vec<SchoolTerm>> {
    Ok(conn
        .prepare(
            "SELECT id, name, starts_on, ends_on, half_term_starts_on, half_term_ends_on
             FROM school_terms ORDER BY starts_on, id",
        )?
        .query_map([], |r| {
            Ok(SchoolTerm {
                id: r.get(0)?,
                name: r.get(1)?,
                starts_on: r.get(2)?,
                ends_on: r.get(3)?,
                half_term_starts_on: r.get(4)?,
                half_term_ends_on: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// A term as dates.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub half_term: Option<(NaiveDate, NaiveDate)>,
}

/// Bank holidays and school terms, read once for the checks of a meeting.
#[derive(Debug, Clone, Default)]
pub struct SchoolCalendar {
    pub bank_holidays: BTreeMap<NaiveDate, String>,
    /// Oldest first.
    pub terms: Vec<Term>,
}

impl SchoolCalendar {
    pub fn load(conn: &Connection) -> Result<SchoolCalendar> {
        let date = |f: &str, s: &str| dates::parse_date(f, s);
        let mut cal = SchoolCalendar::default();
        for b in bank_holidays(conn)? {
            cal.bank_holidays
                .insert(date("on_date", &b.on_date)?, b.name);
        }
        for t in school_terms(conn)? {
            let half_term = match (&t.half_term_starts_on, &t.half_term_ends_on) {
                (Some(a), Some(b)) => Some((
                    date("half_term_starts_on", a)?,
                    date("half_term_ends_on", b)?,
                )),
                _ => None,
            };
            cal.terms.push(Term {
                name: t.name,
                starts: date("starts_on", &t.starts_on)?,
                ends: date("ends_on", &t.ends_on)?,
                half_term,
            });
        }
        Ok(cal)
    }

    pub fn bank_holiday_dates(&self) -> BTreeSet<NaiveDate> {
        self.bank_holidays.keys().copied().collect()
    }

    pub fn bank_holiday(&self, d: NaiveDate) -> Option<&str> {
        self.bank_holidays.get(&d).map(String::as_str)
    }

    /// Which school holiday `d` falls in, in words ("the Autumn term 2026 half term (26/10/2026
    /// to 30/10/2026)"), or `None` in term time or where no term dates are known around it.
    pub fn school_holiday(&self, d: NaiveDate) -> Option<String> {
        if let Some(t) = self.terms.iter().find(|t| t.starts <= d && d <= t.ends) {
            return match t.half_term {
                Some((a, b)) if a <= d && d <= b => {
                    Some(format!("the {} half term ({} to {})", t.name, uk(a), uk(b)))
                }
                _ => None,
            };
        }
        let before = self
            .terms
            .iter()
            .filter(|t| t.ends < d)
            .max_by_key(|t| t.ends)?;
        let after = self
            .terms
            .iter()
            .filter(|t| t.starts > d)
            .min_by_key(|t| t.starts)?;
        Some(format!(
            "the school holiday between the {} (ended {}) and the {} (starts {})",
            before.name,
            uk(before.ends),
            after.name,
            uk(after.starts)
        ))
    }

    /// Whether any term is known on or around `d` (a term starts on or before it and another,
    /// or the same, ends on or after it).
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.terms.iter().any(|t| t.starts <= d) && self.terms.iter().any(|t| t.ends >= d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> SchoolCalendar {
        SchoolCalendar {
            bank_holidays: BTreeMap::new(),
            terms: vec![
                Term {
                    name: "Autumn term 2026".into(),
                    starts: d("2026-09-03"),
                    ends: d("2026-12-18"),
                    half_term: Some((d("2026-10-26"), d("2026-10-30"))),
                },
                Term {
                    name: "Spring term 2027".into(),
                    starts: d("2027-01-04"),
                    ends: d("2027-03-25"),
                    half_term: Some((d("2027-02-15"), d("2027-02-19"))),
                },
            ],
        }
    }

    #[test]
    fn term_time_half_terms_and_holidays_between_terms() {
        let c = cal();
        assert_eq!(c.school_holiday(d("2026-11-12")), None);
        assert_eq!(c.school_holiday(d("2026-09-03")), None);
        assert_eq!(c.school_holiday(d("2026-12-18")), None);
        assert_eq!(
            c.school_holiday(d("2026-10-28")).as_deref(),
            Some("the Autumn term 2026 half term (26/10/2026 to 30/10/2026)")
        );
        assert_eq!(c.school_holiday(d("2026-10-23")), None);
        assert_eq!(c.school_holiday(d("2026-11-02")), None);
        assert_eq!(
            c.school_holiday(d("2026-12-21")).as_deref(),
            Some("the school holiday between the Autumn term 2026 (ended 18/12/2026) and the Spring term 2027 (starts 04/01/2027)")
        );
        // Before the first term and after the last, nothing is known.
        assert_eq!(c.school_holiday(d("2026-08-20")), None);
        assert_eq!(c.school_holiday(d("2027-04-01")), None);
        assert!(c.covers(d("2026-12-21")));
        assert!(!c.covers(d("2027-04-01")));
    }
}
