//! Forum Desk's core: the store and every rule. It never depends on Tauri, so every rule is
//! tested here without a window. See ARCHITECTURE.md for the map.

pub mod audit;
pub mod clock;
pub mod dates;
pub mod db;
pub mod error;
pub mod model;
pub mod money;
pub mod store;

pub use clock::Clock;
pub use error::{CoreError, Result};
pub use store::Store;
pub mod claim_calc;
pub mod claim_lines;
pub mod claim_workflow;
pub mod claims;
pub mod demo;
pub mod exports;
pub mod forum;
pub mod groups;
pub mod meeting_checks;
pub mod meetings;
pub mod members;
pub mod members_csv;
pub mod people;
pub mod policy;
pub mod privacy;
pub mod quoracy;
pub mod receipts;
pub mod reps;
