//! The choices a group's terms of reference and a meeting's record are made of, as types.

use crate::text::choice;

choice! {
    /// Whether someone at a meeting is a member of the group, who counts towards quoracy, or
    /// a guest invited for an item, who does not.
    #[derive(Default)]
    pub enum Membership ("member or guest") {
        #[default]
        Member = "member", "Member";
        Guest = "guest", "Guest";
    }
}

choice! {
    /// A standard the group agreed to set aside for one meeting.
    pub enum ExceptionKind ("kind of exception") {
        ShortNotice = "short_notice", "Short notice";
        LatePapers = "late_papers", "Late papers";
        LongMeeting = "long_meeting", "Long meeting";
    }
}

choice! {
    /// How the papers deadline is counted: calendar days, or working days (weekends and bank
    /// holidays skipped).
    #[derive(Default)]
    pub enum PapersRule ("way papers are counted") {
        #[default]
        Days = "days", "Days";
        WorkingDays = "working_days", "Working days";
    }
}

choice! {
    /// How the note-taker's turn follows the chair's.
    #[derive(Default)]
    pub enum NotesRotation ("way notes rotate") {
        /// The partners rotating for notes take turns on their own, by who last took notes.
        #[default]
        OwnTurn = "own_turn", "Notes take their own turn";
        /// The chairing partner also takes the notes.
        SameAsChair = "same_as_chair", "The chair's organisation takes the notes";
        /// A rotating partner other than the chair's takes the notes.
        OtherPartner = "other_partner", "A partner other than the chair's takes the notes";
    }
}

choice! {
    /// Which notes: everything, or the version to share, without confidential items.
    #[derive(Default)]
    pub enum NotesVersion ("version of the notes") {
        #[default]
        Full = "full", "Full notes";
        Shareable = "shareable", "Shareable notes";
    }
}

impl NotesVersion {
    /// What the top of the notes says they are.
    pub fn mark(self) -> &'static str {
        match self {
            NotesVersion::Full => "Full notes — includes confidential items",
            NotesVersion::Shareable => "Shareable notes — confidential items removed",
        }
    }
}
