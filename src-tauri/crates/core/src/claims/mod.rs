//! The claims room: one claim per rep per funder per month, and its lines. The states and
//! kinds as types (`kinds`), the one stored shape of a line (`lines`), how amounts are worked
//! out (`amounts`), entering lines (`entry`), claims themselves and who may see them
//! (`records`), reading a claim back (`view`) with its warnings (`warnings`) and each line in
//! words (`describe`), receipts, the workflow from draft to paid, approval seals (`seals`), and the monthly pack.

pub(crate) mod amounts;
pub(crate) mod describe;
pub(crate) mod entry;
pub(crate) mod kinds;
pub(crate) mod lines;
pub(crate) mod model;
pub(crate) mod pack;
pub(crate) mod receipts;
pub(crate) mod records;
pub(crate) mod seals;
pub(crate) mod view;
pub(crate) mod warnings;
mod workflow;

pub use pack::{PreparedPack, RenderedPack};
pub use receipts::{check_receipt, sniff, MAX_RECEIPT_BYTES};
