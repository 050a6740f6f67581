//! The text room: reading what people type and writing it back the UK way, whatever the
//! computer's locale. Money (integer pence), numbers with tenths, dates (dd/mm/yyyy), and the
//! rules every free-text field shares (required, length, no control characters).

mod choice;
pub(crate) mod dates;
mod durations;
mod fields;
mod hex;
mod money;

pub(crate) use choice::choice;
pub use choice::{join_or, ChoiceOption};
pub use durations::{duration_text, format_hours};

pub use fields::NAME_MAX;
pub(crate) use fields::{
    name, none_if_blank, optional_line, optional_lines, optional_name, required, required_lines,
};
pub(crate) use hex::{from_hex, hex, sha256_hex};
pub(crate) use money::group_thousands;
pub use money::{
    div_round, format_pence, format_tenths, parse_optional_pounds, parse_pounds, parse_tenths,
    parse_whole,
};
