//! The date and time the store works with. Fixed in tests and in `demo --today`, so that
//! rules about "this month" and "older than three months" can be checked exactly.

use chrono::{Local, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(NaiveDateTime),
}

impl Clock {
    pub fn at(date: NaiveDate) -> Self {
        Clock::Fixed(date.and_hms_opt(12, 0, 0).expect("noon exists"))
    }

    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => Local::now().naive_local(),
            Clock::Fixed(t) => *t,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// `YYYY-MM-DDTHH:MM:SS`, the form every timestamp is stored in.
    pub fn stamp(&self) -> String {
        self.now().format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}
