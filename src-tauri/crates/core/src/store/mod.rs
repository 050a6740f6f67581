//! The store room: opening the database file and bringing its schema up to date, the
//! [`Store`] handle every rule works through, the write transaction that lands a change and
//! its audit entry together, the clock, and the one error vocabulary.
//!
//! Everything else in the core is an `impl Store` block in the room named after what it
//! keeps (members, claims, meetings, ...). Reads are plain functions over a `&Connection` so
//! that a write can reuse them inside its own transaction.

mod clock;
mod error;
mod handle;
pub(crate) mod open;
pub(crate) mod private_file;
mod read;
mod tx;

pub use clock::Clock;
pub use error::{CoreError, ErrorCode, Result};
pub use handle::Store;
pub use open::{db_path, file_kind, open_connection, schema_version, FileKind, DB_FILE};
pub(crate) use read::one;
pub(crate) use tx::Tx;
