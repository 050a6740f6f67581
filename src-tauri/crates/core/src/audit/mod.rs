//! The audit room: who changed what, and when. Entries are written by `Tx::audit` inside
//! each change's own transaction (see the store room), each holding the hash of the one
//! before and of its own content (`chain`); this room reads them back and walks the chain.

pub(crate) mod chain;
mod log;
pub(crate) mod model;
