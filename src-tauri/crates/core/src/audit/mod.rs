//! The audit room: who changed what, and when. Entries are written by `Tx::audit` inside
//! each change's own transaction (see the store room); this room reads them back.

mod log;
pub(crate) mod model;
