//! Reps on their own computers, with nothing but files between them and the forum: no
//! server, no account, no network. The forum laptop stays where claims are approved and
//! packs signed.
//!
//! - `model.rs`: the shapes inside the files and what the window and command line are told.
//! - `envelope.rs`: every file is a signed PDF a person can open, with its data attached
//!   inside; the signature is checked (exactly as `verify` checks, exit 0) before anything in
//!   it is read.
//! - `rows.rs`: copying the forum's rows a rep's computer needs, under the same ids.
//! - `counters.rs`: sequence numbers that never go down, even after a backup is restored.
//! - `invite.rs`: the forum laptop invites a rep (an encrypted invitation and a code said
//!   another way), lists and removes reps' computers, and takes a claim back.
//! - `join.rs`: a rep's computer opens the invitation and becomes a data folder of its own.
//! - `rep_side.rs`: submitting on a rep's computer writes a signed claim file; forum updates
//!   are checked and applied.
//! - `forum_side.rs`: the forum laptop checks and imports claim files, enrols computers, and
//!   writes a signed forum update for each rep.
//! - `folder.rs`: the exchange folder shared by one rep and the forum, written atomically.

mod counters;
mod envelope;
mod folder;
pub use folder::ExchangeFolder;
mod forum_side;
mod invite;
mod join;
mod lines_io;
pub mod model;
mod rep_side;
mod rows;

pub(crate) use invite::{is_rep_computer, rep_has_computer};
pub(crate) use rep_side::{carried_car_tenths, queue_claim_file};
