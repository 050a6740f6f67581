//! The shape of a check's result.

use serde::{Deserialize, Serialize};

/// What `check` found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CheckReport {
    /// True when nothing is wrong.
    pub ok: bool,
    /// One plain sentence per problem; empty when all is well.
    pub problems: Vec<String>,
    /// What was checked, one line each ("Activity chain: 1,204 entries").
    pub checked: Vec<String>,
}
