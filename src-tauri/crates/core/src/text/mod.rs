//! The text room: reading what people type and writing it back the UK way, whatever the
//! computer's locale. Money (integer pence), numbers with tenths, dates (dd/mm/yyyy), and the
//! rules every free-text field shares (required, length, no control characters).

mod choice;
pub(crate) mod dates;
mod durations;
mod fields;
mod money;

pub(crate) use choice::choice;
pub use choice::{join_or, ChoiceOption};
pub use durations::duration_text;

pub use fields::NAME_MAX;
pub(crate) use fields::{name, none_if_blank, required};
pub use money::{
    div_round, format_pence, format_tenths, parse_optional_pounds, parse_pounds, parse_tenths,
    parse_whole,
};
