//! Lengths of time in words.

/// "1 hour 30 minutes" for 90.
pub fn duration_text(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".into(),
        (h, 0) => format!("{h} hours"),
        (1, m) => format!("1 hour {m} minutes"),
        (h, m) => format!("{h} hours {m} minutes"),
    }
}

/// Hours to one decimal, rounded half away from zero: "1.5" for 90 minutes. For reports and
/// tables, where a column of hours reads better than words.
pub fn format_hours(minutes: i64) -> String {
    super::format_tenths(super::div_round(minutes, 6))
}
