//! The check room: `forumdesk check` and Settings → "Check the records". It runs SQLite's
//! integrity and foreign-key checks, compares the schema (tables, indexes, triggers) with
//! what this version makes, walks the activity chain, checks every officer signature and
//! every approval seal, and every receipt against its stored hash, and says in plain words
//! what is wrong.

pub(crate) mod model;
mod records;
