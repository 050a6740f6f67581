//! What travels in the exchange files, and what the window and command line are told.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::LineInput;

/// A copied database row: column name to value.
pub type Row = Map<String, Value>;

pub(crate) const INVITATION_FORMAT: &str = "forum-desk-invitation/1";
pub(crate) const CLAIM_FORMAT: &str = "forum-desk-claim-file/1";
pub(crate) const UPDATE_FORMAT: &str = "forum-desk-forum-update/1";
/// The attachment inside a signed file that carries its data.
pub(crate) const DATA_NAME: &str = "forumdesk-data.json";

/// Everything a rep's computer starts with, inside the encrypted invitation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct InvitationPayload {
    pub format: String,
    pub invitation_id: String,
    /// Hex, 256 bits: the rep's first file proves it holds this.
    pub enrolment_secret: String,
    pub expires_at: String,
    pub forum_uid: String,
    pub forum_certificate_pem: String,
    pub rep_id: i64,
    pub rep_name: String,
    pub state: RepState,
}

/// What a rep's computer should know, complete each time (an invitation, or a forum update).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct RepState {
    pub forum: Row,
    pub member: Row,
    pub rep: Row,
    pub funders: Vec<Row>,
    pub policies: Vec<Row>,
    pub groups: Vec<Row>,
    pub group_reps: Vec<Row>,
    pub meetings: Vec<Row>,
    /// The forum's view of each of the rep's claims.
    pub claims: Vec<ForumClaim>,
    /// Car miles (tenths) per tax year in claims the forum holds that are not on the rep's
    /// computer, keyed by the tax year's first day.
    pub carried_car_miles: Vec<(String, i64)>,
    /// Recognition payments (pence) by the `YYYY-MM` month they count in for Carer's
    /// Allowance, in claims the forum holds that are not on the rep's computer. Absent from
    /// updates made before it was added, which then carry nothing.
    #[serde(default)]
    pub carried_recognition: Vec<(String, i64)>,
}

/// One of the rep's claims as the forum holds it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct ForumClaim {
    pub funder_id: i64,
    pub month: String,
    pub status: String,
    pub revision: i64,
    pub total_pence: i64,
    pub reason: Option<String>,
    pub submitted_at: Option<String>,
    pub approved_at: Option<String>,
    pub paid_on: Option<String>,
    pub reference: Option<String>,
    /// Edited on the rep's computer (a draft or returned claim, not taken back).
    pub with_rep: bool,
    /// Lines and receipts, for claims handed to the rep's computer in an invitation.
    #[serde(default)]
    pub lines: Vec<FileLine>,
}

/// The data inside a signed claim file from a rep's computer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ClaimFileData {
    pub format: String,
    pub forum_uid: String,
    /// The sending computer's certificate fingerprint.
    pub from_computer: String,
    pub seq: i64,
    /// Present in every file until the computer has seen a forum update.
    pub enrolment: Option<Enrolment>,
    pub rep_id: i64,
    pub rep_name: String,
    /// `None` in a file that only asks to join.
    pub claim: Option<FileClaim>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Enrolment {
    pub invitation_id: String,
    pub certificate_pem: String,
    /// HMAC-SHA-256 (hex) under the enrolment secret over the forum's id, the invitation's
    /// id and the computer's public key.
    pub proof: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FileClaim {
    pub funder_id: i64,
    pub funder_name: String,
    pub month: String,
    pub revision: i64,
    pub declaration: String,
    /// When the rep submitted (UK local time), signed with the file: rules about "today"
    /// are judged at this time.
    pub submitted_at: String,
    pub lines: Vec<FileLine>,
}

/// One claim line as the rep typed it, with what their computer worked out. The forum works
/// every amount out again; the rep's figures are checked, never trusted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct FileLine {
    pub input: LineInput,
    pub amount_pence: i64,
    /// The rates the rep's computer used: the policy's start date and the line's band split.
    pub policy_from: Option<String>,
    pub rate_pence: Option<i64>,
    pub first_band_tenths: Option<i64>,
    pub cap_pence: Option<i64>,
    #[serde(default)]
    pub receipts: Vec<FileReceipt>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct FileReceipt {
    pub file_name: String,
    pub sha256: String,
    /// The attachment's name in the file; for invitations, the bytes in base64 instead.
    pub attachment: String,
    #[serde(default)]
    pub content_b64: Option<String>,
}

/// The data inside a signed forum update for one rep's computer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UpdateData {
    pub format: String,
    pub forum_uid: String,
    pub to_computer: String,
    pub seq: i64,
    pub made_at: String,
    pub state: RepState,
}

/// What "Invite to use Forum Desk on their own computer" gives the chair.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Invitation {
    pub path: String,
    /// Shown once; the chair tells the rep another way (a phone call or text).
    pub code: String,
    pub rep_name: String,
    /// UK date and time.
    pub expires: String,
    /// Claims handed to the rep's computer with the invitation.
    pub claims_handed_over: usize,
}

/// A rep's computer, as the forum laptop lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RepComputer {
    pub id: i64,
    pub rep_id: i64,
    pub rep_name: String,
    /// "AB:12:..." for reading back on the phone.
    pub fingerprint: String,
    pub enrolled_at: String,
    /// "current", "replaced" or "removed".
    pub state: String,
}

/// What happened to one file read from an exchange folder or picked by hand.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileOutcome {
    pub file: String,
    /// "imported", "returned", "enrolled", "applied", "already", "refused".
    pub outcome: String,
    /// One plain sentence.
    pub message: String,
}

/// What a rep's computer knows about itself, for its window.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RepComputerInfo {
    pub forum_name: String,
    pub rep_id: i64,
    pub rep_name: String,
    pub fingerprint: String,
    pub forum_fingerprint: String,
    /// Whether a forum update has arrived since joining (so the forum has enrolled it).
    pub enrolled: bool,
    pub last_update: i64,
    pub waiting_to_send: i64,
    pub exchange_folder: Option<String>,
}

/// The forum's view of one of the rep's claims, for the rep's window and `claims list`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ForumClaimView {
    pub funder_id: i64,
    pub funder_name: String,
    pub month: String,
    pub status: String,
    pub total_pence: i64,
    pub reason: Option<String>,
    pub paid_on: Option<String>,
    pub reference: Option<String>,
}

/// Files written by "Send to the forum" or the forum's "Send updates".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SentFiles {
    pub files: Vec<String>,
}
