//! Copying rows between the forum's store and a rep's computer under the same ids, so a claim
//! line on either side names the same meeting, funder and policy. Only the columns a query
//! selects travel: what is not selected never leaves the forum laptop.

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, Params};
use serde_json::Value;

use super::model::Row;
use crate::store::{CoreError, Result};

/// The rows `sql` selects, each as column name to value.
pub(crate) fn select(conn: &Connection, sql: &str, params: impl Params) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let rows = stmt.query_map(params, |r| {
        let mut row = Row::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(f) => Value::from(f),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                // Nothing copied is binary; a blob would be a mistake in the query.
                ValueRef::Blob(_) => Value::Null,
            };
            row.insert(name.clone(), v);
        }
        Ok(row)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The one row `sql` selects.
pub(crate) fn select_one(conn: &Connection, sql: &str, params: impl Params) -> Result<Row> {
    select(conn, sql, params)?
        .into_iter()
        .next()
        .ok_or_else(|| CoreError::NotFound("That record is not there any more.".into()))
}

/// Inserts `row` into `table`, or updates the row with the same `key` columns. Only columns
/// the table has are written (a newer forum may send more), and names are checked against
/// the table's own, never taken from the file as they are.
pub(crate) fn upsert(conn: &Connection, table: &str, key: &[&str], row: &Row) -> Result<()> {
    let known = columns(conn, table)?;
    let cols: Vec<&String> = row.keys().filter(|c| known.contains(c)).collect();
    if cols.is_empty() {
        return Ok(());
    }
    let list = cols
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = (1..=cols.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let updates = cols
        .iter()
        .filter(|c| !key.contains(&c.as_str()))
        .map(|c| format!("\"{c}\" = excluded.\"{c}\""))
        .collect::<Vec<_>>();
    let conflict = if updates.is_empty() {
        "DO NOTHING".to_string()
    } else {
        format!("DO UPDATE SET {}", updates.join(", "))
    };
    let sql = format!(
        "INSERT INTO \"{table}\" ({list}) VALUES ({marks}) ON CONFLICT ({}) {conflict}",
        key.join(", ")
    );
    let values: Vec<SqlValue> = cols.iter().map(|c| to_sql(&row[c.as_str()])).collect();
    conn.execute(&sql, rusqlite::params_from_iter(values))?;
    Ok(())
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt.query_map([table], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// The integer in a copied row's column.
pub(crate) fn int(row: &Row, col: &str) -> Option<i64> {
    row.get(col).and_then(Value::as_i64)
}

/// The text in a copied row's column ("" when missing).
pub(crate) fn text(row: &Row, col: &str) -> String {
    row.get(col)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}
