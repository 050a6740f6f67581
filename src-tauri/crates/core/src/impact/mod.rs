//! The impact room: what the forum's work changed. The issues and themes log (`issues`:
//! what families raise, as numbers only, never a family's details) and the "you said, we
//! did" outcomes log (`outcomes`), which can follow up a decision in a meeting's notes in
//! one step.

pub(crate) mod issues;
pub(crate) mod model;
pub(crate) mod outcomes;
