//! A small forum built only through the public API, shared by the integration tests.
//! Every fixture fixes the clock, so "today" never depends on when the tests run.
#![allow(dead_code)]

use chrono::NaiveDate;
use forumdesk_core::model::{
    ClaimLine, ClaimView, FunderInput, GroupInput, GroupOrg, LineInput, MemberInput, PolicyInput,
    RepInput, SetupInput,
};
use forumdesk_core::{Clock, CoreError, Store};

pub const CHAIR: &str = "Chris Chair";
pub const TREASURER: &str = "Tess Treasurer";
pub const REP: &str = "Rita Rep";
pub const REP2: &str = "Ravi Rep";

/// A passphrase strong enough for set-up, used by every test forum on disk.
pub const PASSPHRASE: &str = "copper kettle marsh violin";

/// A new encrypted forum in `dir`, its chair signed in, with cheap key stretching.
pub fn new_forum(dir: &std::path::Path) -> (Store, forumdesk_core::model::RecoveryDetails) {
    Store::create(
        dir,
        &SetupInput {
            forum_name: "Testshire Parent Carer Forum".into(),
            your_name: CHAIR.into(),
            your_email: "chris@example.org".into(),
            passphrase: PASSPHRASE.into(),
        },
        forumdesk_core::KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap()
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A forum with a chair (who is also a rep), a treasurer, two plain reps, two funders and one
/// board paid by the council.
pub struct Fx {
    pub store: Store,
    pub chair: i64,
    pub treasurer: i64,
    pub rep: i64,
    pub rep2: i64,
    pub council: i64,
    pub nhs: i64,
    pub board: i64,
}

pub fn fixture(today: &str) -> Fx {
    let mut store = Store::open_in_memory().unwrap();
    store.set_clock(Clock::at(d(today)));
    let chair = store
        .setup_forum(&SetupInput {
            forum_name: "Testshire Parent Carer Forum".into(),
            your_name: CHAIR.into(),
            your_email: "chris@example.org".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let council = store
        .funder_save(&FunderInput {
            name: "Testshire Council".into(),
            cost_code: "SEND-01".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let nhs = store
        .funder_save(&FunderInput {
            name: "Testshire ICB".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let treasurer = add_member(&mut store, TREASURER, "tess@example.org");
    store
        .rep_save(&RepInput {
            member_id: treasurer,
            is_treasurer: true,
            started_on: "2025-01-01".into(),
            vehicle: "none".into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    let rep = add_member(&mut store, REP, "rita@example.org");
    store
        .rep_save(&RepInput {
            member_id: rep,
            is_rep: true,
            started_on: "2025-01-01".into(),
            vehicle: "car".into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    let rep2 = add_member(&mut store, REP2, "ravi@example.org");
    store
        .rep_save(&RepInput {
            member_id: rep2,
            is_rep: true,
            started_on: "2025-01-01".into(),
            vehicle: "motorcycle".into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    let board = store
        .group_save(&GroupInput {
            name: "SEND Partnership Board".into(),
            kind: "board".into(),
            funder_id: Some(council),
            quorum_total: 5,
            orgs: vec![
                GroupOrg {
                    organisation: "Council".into(),
                    min_present: 2,
                    ..Default::default()
                },
                GroupOrg {
                    organisation: "Parent Carer Forum".into(),
                    min_present: 2,
                    ..Default::default()
                },
                GroupOrg {
                    organisation: "Health".into(),
                    min_present: 1,
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .unwrap()
        .id;
    Fx {
        store,
        chair,
        treasurer,
        rep,
        rep2,
        council,
        nhs,
        board,
    }
}

pub fn add_member(store: &mut Store, name: &str, email: &str) -> i64 {
    store
        .member_save(&MemberInput {
            name: name.into(),
            email: email.into(),
            joined_on: "2024-09-01".into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

impl Fx {
    pub fn as_person(&mut self, id: i64) {
        self.store.act_as_for_tests(Some(id)).unwrap();
    }

    pub fn today(&mut self, date: &str) {
        self.store.set_clock(Clock::at(d(date)));
    }

    /// Opens (or creates) the claim as the claimant.
    pub fn claim(&mut self, rep: i64, funder: i64, month: &str) -> i64 {
        self.as_person(rep);
        self.store
            .claim_open(rep, funder, month)
            .unwrap()
            .summary
            .id
    }

    /// Adds a line as the person using the app and returns the new line.
    pub fn add(&mut self, claim_id: i64, input: &LineInput) -> ClaimLine {
        let view = self.store.line_add(claim_id, input).unwrap();
        newest_line(&view)
    }

    /// The claimant submits, the treasurer approves (accepting any warnings).
    pub fn submit_and_approve(&mut self, claim_id: i64) -> ClaimView {
        let rep = self.store.claim_get(claim_id).unwrap().summary.rep_id;
        self.as_person(rep);
        self.store.claim_submit(claim_id, true).unwrap();
        self.as_person(self.treasurer);
        self.store.claim_approve(claim_id, true, "").unwrap()
    }

    pub fn policy(&mut self, from: &str, hourly: &str) -> forumdesk_core::model::Policy {
        self.store.policy_save(&policy_input(from, hourly)).unwrap()
    }
}

pub fn newest_line(view: &ClaimView) -> ClaimLine {
    view.lines
        .iter()
        .max_by_key(|l| l.id)
        .cloned()
        .expect("the claim has a line")
}

pub fn line_of(view: &ClaimView, id: i64) -> ClaimLine {
    view.lines
        .iter()
        .find(|l| l.id == id)
        .cloned()
        .unwrap_or_else(|| panic!("line {id} not in claim {}", view.summary.id))
}

/// The default policy's rates with another hourly rate.
pub fn policy_input(from: &str, hourly: &str) -> PolicyInput {
    PolicyInput {
        id: None,
        funder_id: None,
        effective_from: from.into(),
        recognition_hourly: hourly.into(),
        recognition_half_day: "50.00".into(),
        recognition_full_day: "100.00".into(),
        car_first_band: "45".into(),
        car_after_band: "25".into(),
        car_band_miles: "10000".into(),
        motorcycle: "24".into(),
        bicycle: "20".into(),
        passenger: "5".into(),
        childcare_cap_hourly: "12.00".into(),
        claim_age_limit_months: "3".into(),
        receipt_threshold: "0.00".into(),
    }
}

pub fn time_line(date: &str, minutes: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: "time".into(),
        activity: "Preparing for the board".into(),
        minutes: minutes.into(),
        ..Default::default()
    }
}

pub fn mileage_line(date: &str, miles: &str, vehicle: &str, passengers: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: "mileage".into(),
        activity: "Board meeting".into(),
        from_place: "Home".into(),
        to_place: "County Hall".into(),
        miles: miles.into(),
        vehicle: vehicle.into(),
        passengers: passengers.into(),
        ..Default::default()
    }
}

pub fn childcare_line(date: &str, hours: &str, amount: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: "childcare".into(),
        activity: "Board meeting".into(),
        hours: hours.into(),
        amount: amount.into(),
        ..Default::default()
    }
}

/// fares, parking or other.
pub fn amount_line(date: &str, kind: &str, amount: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: kind.into(),
        activity: "Board meeting".into(),
        description: "Bus to County Hall".into(),
        amount: amount.into(),
        ..Default::default()
    }
}

pub fn codes(warnings: &[forumdesk_core::model::Warning]) -> Vec<String> {
    let mut c: Vec<String> = warnings
        .iter()
        .map(|w| w.code.as_str().to_string())
        .collect();
    c.sort();
    c
}

/// Asserts the result is an `Invalid` error about `field`, and returns its message.
#[track_caller]
pub fn expect_invalid<T: std::fmt::Debug>(r: Result<T, CoreError>, field: &str) -> String {
    match r {
        Err(e) => {
            assert_eq!(
                e.code().as_str(),
                "invalid",
                "expected invalid {field}, got {e:?}"
            );
            assert_eq!(e.field(), Some(field), "wrong field in {e:?}");
            e.to_string()
        }
        Ok(v) => panic!("expected an invalid {field} error, got Ok({v:?})"),
    }
}

/// Asserts the result is an error with this code, and returns its message.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(r: Result<T, CoreError>, code: &str) -> String {
    match r {
        Err(e) => {
            assert_eq!(e.code().as_str(), code, "expected {code}, got {e:?}");
            e.to_string()
        }
        Ok(v) => panic!("expected a {code} error, got Ok({v:?})"),
    }
}

pub const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 1, 2, 3,
];
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
pub const PDF: &[u8] = b"%PDF-1.4\n%receipt\n";

/// A distinct JPEG each time `n` differs.
pub fn jpeg(n: u8) -> Vec<u8> {
    let mut v = JPEG.to_vec();
    v.push(n);
    v
}

/// Export counts that cancel themselves the first time `when` holds, as the window's Cancel
/// would.
pub fn cancelled_when(
    when: impl Fn(&forumdesk_core::ProgressSnapshot) -> bool + Send + 'static,
) -> std::sync::Arc<forumdesk_core::ExportProgress> {
    use std::sync::{Arc, OnceLock, Weak};
    let me: Arc<OnceLock<Weak<forumdesk_core::ExportProgress>>> = Default::default();
    let handle = me.clone();
    let progress = Arc::new(forumdesk_core::ExportProgress::with_observer(move |s| {
        if when(&s) {
            if let Some(p) = handle.get().and_then(Weak::upgrade) {
                p.cancel();
            }
        }
    }));
    me.set(Arc::downgrade(&progress)).unwrap();
    progress
}

/// Export counts that pause drawing once its first page is done: `reached` hears that it
/// has paused, and a send on `resume` lets it go on. Meanwhile a test uses the store, as the
/// window would.
pub fn paused_after_first_page() -> (
    std::sync::Arc<forumdesk_core::ExportProgress>,
    std::sync::mpsc::Receiver<()>,
    std::sync::mpsc::Sender<()>,
) {
    let (reached, wait_reached) = std::sync::mpsc::channel::<()>();
    let (resume, wait_resume) = std::sync::mpsc::channel::<()>();
    let mut fired = false;
    let progress = forumdesk_core::ExportProgress::with_observer(move |s| {
        if !fired && s.pages_done == 1 {
            fired = true;
            reached.send(()).unwrap();
            wait_resume.recv().unwrap();
        }
    });
    (std::sync::Arc::new(progress), wait_reached, resume)
}
