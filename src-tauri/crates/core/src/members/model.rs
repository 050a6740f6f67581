//! The shapes of the members room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MemberFilter {
    /// Matches name, known-as, email, phone or postcode.
    #[serde(default)]
    pub text: String,
    /// "active", "lapsed", "left", or empty for all.
    #[serde(default)]
    pub status: String,
    /// Only members who are representatives.
    #[serde(default)]
    pub reps_only: bool,
}

/// One page of the members list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MembersPage {
    pub members: Vec<MemberSummary>,
    /// How many members match the filter in all.
    pub total: i64,
    /// Where this page starts (0 for the first).
    pub offset: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MemberSummary {
    pub id: i64,
    pub name: String,
    pub known_as: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub status: String,
    pub joined_on: Option<String>,
    pub is_rep: bool,
    pub erased: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub known_as: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub joined_on: Option<String>,
    pub status: String,
    pub consent_email: bool,
    pub consent_phone: bool,
    pub consent_post: bool,
    pub children_consent_on: Option<String>,
    pub children_consent_by: Option<String>,
    pub children: Vec<Child>,
    pub is_rep: bool,
    pub erased_on: Option<String>,
    pub anon_ref: String,
    /// The day they stopped being active (lapsed or left), when Forum Desk saw it happen.
    pub left_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MemberInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub known_as: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub postcode: String,
    /// ISO or UK date; blank for unknown.
    #[serde(default)]
    pub joined_on: String,
    /// "active" (default), "lapsed" or "left".
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub consent_email: bool,
    #[serde(default)]
    pub consent_phone: bool,
    #[serde(default)]
    pub consent_post: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Child {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub age_band: String,
    pub needs: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ChildInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub member_id: i64,
    pub name: String,
    #[serde(default)]
    pub age_band: String,
    #[serde(default)]
    pub needs: String,
}

/// What a CSV import would do, row by row, before anything is saved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportPreview {
    pub rows: Vec<ImportRow>,
    pub adds: usize,
    pub updates: usize,
    pub errors: usize,
    /// Rows with no email that look like a member already on the list; never added.
    pub duplicates: usize,
    /// How the file was read, in words: "UTF-8", "Windows-1252 (Excel on Windows)", ...
    pub encoding: String,
    /// What separated its columns: "commas", "semicolons" or "tabs".
    pub delimiter: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportRow {
    /// Line number in the file, counting the header as line 1.
    pub line: usize,
    /// "add", "update", "duplicate" (looks like a member already there; not added) or
    /// "error".
    pub action: String,
    /// The name as read from the file, so the person can see accents came through right.
    pub name: String,
    pub email: String,
    pub postcode: String,
    pub errors: Vec<String>,
    /// Why a row is a possible duplicate, or which member it updates; blank otherwise.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportResult {
    pub added: usize,
    pub updated: usize,
    /// Possible duplicates left out.
    pub skipped: usize,
}
