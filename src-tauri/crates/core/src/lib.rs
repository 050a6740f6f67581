//! Forum Desk's core: the store and every rule. It never depends on Tauri, so every rule is
//! tested here without a window. See ARCHITECTURE.md for the map.

pub mod db;
pub mod error;

pub use error::{CoreError, Result};
