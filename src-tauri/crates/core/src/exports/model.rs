//! What an export reports back.

use serde::{Deserialize, Serialize};
/// Where an export was written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
}
