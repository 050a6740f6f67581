//! `make bench`, store part: builds a large synthetic forum (10,000 members, 200,000 claim
//! lines over 20 years) and prints how long the window's main lists and a month's claims take,
//! then how long a members CSV import of 10,000 new members into those 10,000 takes (on a copy,
//! so the kept forum stays as built).
//!
//!     cargo run --release -p forumdesk-core --example bench_store [-- --keep DIR]
//!
//! With `--keep DIR` the forum is written to DIR (for measuring the window's start-up on it).
//! With `--lists DIR` only the lists are timed, on the forum an earlier `--keep DIR` made.
//! Figures are medians of several runs; the machine is shared, so read them as a guide.

use std::time::{Duration, Instant};

use forumdesk_core::model::{ClaimFilter, MeetingFilter, MemberFilter, SetupInput};
use forumdesk_core::{Clock, KdfParams, Store};
use rusqlite::params;

/// The bench forum's chair's passphrase (`make bench` signs the window in with it too).
pub const BENCH_PASSPHRASE: &str = "bench forum copper kettle";

const MEMBERS: i64 = 10_000;
const REPS: i64 = 60;
const YEARS: i64 = 20;
const LINES: i64 = 200_000;

fn main() {
    if let Some(dir) = std::env::args().skip_while(|a| a != "--lists").nth(1) {
        let mut store = Store::sign_in_as(std::path::Path::new(&dir), "", BENCH_PASSPHRASE)
            .expect("--lists needs a forum made by --keep");
        store.set_clock(Clock::at(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        ));
        lists(&store, Duration::ZERO, "the encrypted forum (lists only)");
        return;
    }
    let keep = std::env::args().skip_while(|a| a != "--keep").nth(1);
    let dir = match &keep {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join(format!("forumdesk-bench-{}", std::process::id())),
    };
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    build(&dir);
    println!(
        "Built the synthetic forum in {:.1} s ({} members, {} claim lines over {} years) at {}",
        t.elapsed().as_secs_f64(),
        MEMBERS,
        LINES,
        YEARS,
        dir.display()
    );
    let size = std::fs::metadata(forumdesk_core::db_path(&dir))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("Database size: {:.1} MB", size as f64 / 1e6);

    // Signing in: the passphrase's Argon2id key derivation (64 MiB, 3 passes) and opening
    // the encrypted database with the key it unseals.
    let open = median(5, || {
        Store::sign_in_as(&dir, "", BENCH_PASSPHRASE).unwrap();
    });
    let mut store = Store::sign_in_as(&dir, "", BENCH_PASSPHRASE).unwrap();
    store.set_clock(Clock::at(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    ));
    lists(&store, open, "the encrypted forum");

    // The same lists on a plain copy of the same data, to show what encryption costs.
    let plain_path = dir.join("plain-copy-for-bench.sqlite3");
    // The store's connection may not create files (it opens its database read-write only),
    // so the empty plain file is made first for ATTACH to fill.
    drop(rusqlite::Connection::open(&plain_path).unwrap());
    store
        .connection()
        .execute_batch(&format!(
            // sqlcipher_export copies the data, not the schema version.
            "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain');
             PRAGMA plain.user_version = {}; DETACH DATABASE plain;",
            plain_path.display(),
            forumdesk_core::schema_version()
        ))
        .unwrap();
    let mut plain = Store::open_plain_copy_for_bench(&plain_path).unwrap();
    plain.set_clock(Clock::at(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    ));
    lists(
        &plain,
        Duration::ZERO,
        "a plain (unencrypted) copy, for comparison",
    );
    drop(plain);
    let _ = std::fs::remove_file(&plain_path);

    // Backing up the whole forum while it is open, and restoring it.
    let t = Instant::now();
    let backup = store.backup_job().unwrap().run().unwrap();
    let backup_time = t.elapsed();
    let t = Instant::now();
    store
        .backup_restore(std::path::Path::new(&backup.path))
        .unwrap();
    let restore_time = t.elapsed();
    println!(
        "\nBack up the forum (checked, while open): {:.2} s, {:.1} MB",
        backup_time.as_secs_f64(),
        backup.size_bytes as f64 / 1e6
    );
    println!(
        "Restore it (after backing up the current state first): {:.2} s",
        restore_time.as_secs_f64()
    );

    // `forumdesk check` on the whole forum. The bench's claims were written straight in, as
    // an older forum's were, so the first check seals them "at upgrade" (one signature each);
    // the second is the check as it runs from then on.
    let t = Instant::now();
    let first = store.check_records().unwrap();
    let first_time = t.elapsed();
    let t = Instant::now();
    let again = store.check_records().unwrap();
    let again_time = t.elapsed();
    println!(
        "\nCheck the records (forumdesk check), first time, sealing the claims approved before seals: {:.1} s",
        first_time.as_secs_f64()
    );
    println!(
        "Check the records again: {:.1} s ({}; {} problems)",
        again_time.as_secs_f64(),
        again.checked.join("; "),
        again.problems.len() + first.problems.len()
    );
    // Importing a members CSV adds 10,000 members; a kept forum is put back as it was, so
    // the window's start-up is measured on the forum described above.
    import_bench(&mut store);
    if keep.is_some() {
        store
            .backup_restore(std::path::Path::new(&backup.path))
            .unwrap();
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// How many rows the window's paged lists show at a time.
const PAGE: i64 = 25;

/// The window's lists, timed on `store`.
fn lists(store: &Store, open: Duration, what: &str) {
    let month = "2026-10";
    let month_claims = store
        .claims_list(&ClaimFilter {
            month: month.into(),
            ..Default::default()
        })
        .unwrap();
    let claims = store
        .claims_page(&ClaimFilter::default(), 0, 1)
        .unwrap()
        .total;
    let last_page = (claims - 1).max(0) / PAGE * PAGE;
    let rows = vec![
        ("Sign in (key derivation and opening)", open),
        (
            "Who is using Forum Desk? (people list)",
            median(5, || drop(store.people_list().unwrap())),
        ),
        (
            "Members list (all 10,000)",
            median(5, || {
                drop(store.members_list(&MemberFilter::default()).unwrap())
            }),
        ),
        (
            "Members list, one page of 25 (the window's view)",
            median(5, || {
                drop(
                    store
                        .members_page(&MemberFilter::default(), 0, PAGE)
                        .unwrap(),
                )
            }),
        ),
        (
            "Members search (\"smith\")",
            median(5, || {
                drop(
                    store
                        .members_list(&MemberFilter {
                            text: "smith".into(),
                            ..Default::default()
                        })
                        .unwrap(),
                )
            }),
        ),
        (
            "Representatives list",
            median(5, || drop(store.reps_list().unwrap())),
        ),
        (
            "Groups list",
            median(5, || drop(store.groups_list().unwrap())),
        ),
        (
            "Representatives' readiness (training, agreements)",
            median(5, || drop(store.reps_readiness().unwrap())),
        ),
        (
            "Meetings list (all)",
            median(5, || {
                drop(store.meetings_list(&MeetingFilter::default()).unwrap())
            }),
        ),
        (
            "Meetings list, one page of 25 (the window's view)",
            median(5, || {
                drop(
                    store
                        .meetings_page(&MeetingFilter::default(), 0, PAGE)
                        .unwrap(),
                )
            }),
        ),
        (
            "Claims list, every claim (20 years)",
            median(3, || {
                drop(store.claims_list(&ClaimFilter::default()).unwrap())
            }),
        ),
        (
            "Claims list, first page of 25 (Approvals' view)",
            median(5, || {
                drop(store.claims_page(&ClaimFilter::default(), 0, PAGE).unwrap())
            }),
        ),
        (
            "Claims list, last page of 25",
            median(5, || {
                drop(
                    store
                        .claims_page(&ClaimFilter::default(), last_page, PAGE)
                        .unwrap(),
                )
            }),
        ),
        (
            "Claims' total, every claim (after the page is drawn)",
            median(3, || {
                std::hint::black_box(store.claims_total(&ClaimFilter::default()).unwrap());
            }),
        ),
        (
            "Claims list, one month's page",
            median(5, || {
                drop(
                    store
                        .claims_page(
                            &ClaimFilter {
                                month: month.into(),
                                ..Default::default()
                            },
                            0,
                            PAGE,
                        )
                        .unwrap(),
                )
            }),
        ),
        (
            "One month's claims list",
            median(5, || {
                drop(
                    store
                        .claims_list(&ClaimFilter {
                            month: month.into(),
                            ..Default::default()
                        })
                        .unwrap(),
                )
            }),
        ),
        (
            "Claims list, a middle page of 25",
            median(5, || {
                drop(
                    store
                        .claims_page(&ClaimFilter::default(), last_page / 2, PAGE)
                        .unwrap(),
                )
            }),
        ),
        (
            "Approver's queue",
            median(5, || drop(store.claims_queue().unwrap())),
        ),
        (
            "Open every claim of the month (with warnings)",
            median(3, || {
                for c in &month_claims {
                    store.claim_get(c.id).unwrap();
                }
            }),
        ),
    ];
    // The activity log and the waiting claims need someone signed in; the plain copy has
    // nobody.
    let mut rows = rows;
    if store.claims_waiting().is_ok() {
        rows.push((
            "Claims waiting past the payment target (Claims' notice)",
            median(5, || drop(store.claims_waiting().unwrap())),
        ));
    }
    if store.audit_page(0, PAGE).is_ok() {
        rows.push((
            "Activity log, one page of 25",
            median(5, || drop(store.audit_page(0, PAGE).unwrap())),
        ));
    }
    println!("\n{what}:\n{:<52} {:>10}", "What", "Median");
    for (what, d) in rows {
        println!("{what:<52} {:>7.1} ms", d.as_secs_f64() * 1000.0);
    }
    println!(
        "({} claims in {month}, {} lines)",
        month_claims.len(),
        month_claims.iter().map(|c| c.line_count).sum::<i64>()
    );
}

/// A members CSV of 10,000 new people (names with accents, postcodes, UK dates) imported into
/// the forum's 10,000: the preview, then the commit, as the window does it.
fn import_bench(store: &mut Store) {
    let mut csv = String::from("name,email,phone,postcode,joined_on,consent_email\n");
    for i in 0..MEMBERS {
        csv.push_str(&format!(
            "Zoë Ní Bhriain {i},new{i}@example.org,07700 9{:05},BN{} {}AB,15/03/2024,yes\n",
            i % 100_000,
            1 + i % 20,
            i % 10
        ));
    }
    let before = store.members_list(&MemberFilter::default()).unwrap().len();
    let t = Instant::now();
    let preview = store.members_import_preview(&csv).unwrap();
    let previewed = t.elapsed();
    assert_eq!((preview.adds, preview.errors), (MEMBERS as usize, 0));
    let done = store.members_import_commit(&csv).unwrap();
    let total = t.elapsed();
    assert_eq!(done.added, MEMBERS as usize);
    let after = store.members_list(&MemberFilter::default()).unwrap().len();
    println!(
        "\nMembers CSV import, {} new members into {before} (now {after}): preview {:.2} s, preview + commit {:.2} s",
        done.added,
        previewed.as_secs_f64(),
        total.as_secs_f64()
    );
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[runs / 2]
}

/// Bulk SQL in one transaction: going through the API row by row would take minutes and
/// measure the generator rather than the app.
fn build(dir: &std::path::Path) {
    let (mut store, _) = Store::create(
        dir,
        &SetupInput {
            forum_name: "Bench Forum".into(),
            your_name: "Chair 1".into(),
            your_email: String::new(),
            passphrase: BENCH_PASSPHRASE.into(),
        },
        KdfParams::REAL,
    )
    .unwrap();
    store.set_clock(Clock::at(
        chrono::NaiveDate::from_ymd_opt(2006, 1, 1).unwrap(),
    ));
    let tx = store.connection();
    tx.execute_batch("BEGIN").unwrap();
    let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
        "Wright", "Nowak", "O'Brien",
    ];
    let firsts = [
        "Amy", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hari", "Isla", "Jack", "Siobhán",
        "Zoë", "Łukasz",
    ];
    {
        let mut m = tx.prepare("INSERT INTO members (name, email, postcode, joined_on, status, consent_email) VALUES (?1, ?2, 'BN1 1AA', '2010-01-01', ?3, 1)").unwrap();
        for i in 2..=MEMBERS {
            let name = format!(
                "{} {}",
                firsts[(i as usize) % firsts.len()],
                surnames[(i as usize / 13) % surnames.len()]
            );
            m.execute(params![
                name,
                format!("member{i}@example.org"),
                if i % 10 == 0 { "lapsed" } else { "active" }
            ])
            .unwrap();
        }
        let mut r = tx.prepare("INSERT INTO reps (member_id, is_treasurer, started_on) VALUES (?1, ?2, '2006-01-01')").unwrap();
        for i in 2..=REPS {
            r.execute(params![i, i == 2]).unwrap();
        }
    }
    tx.execute_batch(
        "INSERT INTO funders (id, name) VALUES (1, 'County Council'), (2, 'NHS Board');
         INSERT INTO groups (id, name, funder_id, quorum_total) VALUES (1, 'Strategy Board', 1, 4), (2, 'Co-production Group', 1, 4),
            (3, 'Pathway Board', 2, 3), (4, 'Transport Workstream', 1, 2), (5, 'Short Breaks Group', 2, 2);
         INSERT INTO group_orgs (group_id, organisation, min_present) SELECT id, 'Forum', 1 FROM groups;",
    )
    .unwrap();
    let lines_per_claim = 8;
    let claims_needed = LINES / lines_per_claim;
    let months = YEARS * 12;
    let claims_per_month = claims_needed / months;
    {
        let mut meet = tx.prepare("INSERT INTO meetings (group_id, title, starts_at, ends_at, finalised_at) VALUES (?1, ?2, ?3, ?4, ?3)").unwrap();
        let mut claim = tx
            .prepare("INSERT INTO claims (rep_id, funder_id, month) VALUES (?1, ?2, ?3)")
            .unwrap();
        let mut line = tx
            .prepare(
                "INSERT INTO claim_lines (claim_id, line_date, kind, meeting_id, activity, minutes, time_basis, rate_pence, from_place, to_place,
                    miles_tenths, vehicle, passengers, first_band_tenths, after_band_tenths, first_band_pence, after_band_pence, passenger_pence,
                    amount_pence, policy_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, ?14, 25, ?15, ?16, 1, ?2)",
            )
            .unwrap();
        let mut approve = tx
            .prepare("UPDATE claims SET status = ?2, declaration = 'I declare', submitted_at = ?3, approved_by = 1, approved_at = ?3 WHERE id = ?1")
            .unwrap();
        for m in 0..months {
            // Twenty years ending in October 2026, the month measured below.
            let (y, mo) = (2006 + (m + 10) / 12, 1 + (m + 10) % 12);
            let month = format!("{y:04}-{mo:02}");
            let mut meeting_ids = Vec::new();
            for g in 1..=5 {
                let start = format!("{month}-{:02}T10:00", 3 + g * 4);
                meet.execute(params![
                    g,
                    format!("Group {g} meeting"),
                    start,
                    format!("{month}-{:02}T11:30", 3 + g * 4)
                ])
                .unwrap();
                meeting_ids.push((
                    tx.last_insert_rowid(),
                    format!("{month}-{:02}", 3 + g * 4),
                    if g == 3 || g == 5 { 2 } else { 1 },
                ));
            }
            let latest = m == months - 1;
            for c in 0..claims_per_month {
                let rep = 2 + (c % (REPS - 1));
                let funder = 1 + (c / (REPS - 1)) % 2;
                if claim.execute(params![rep, funder, month]).is_err() {
                    continue;
                }
                let cid = tx.last_insert_rowid();
                for k in 0..lines_per_claim {
                    let (mid, date, _) = &meeting_ids[(k as usize) % meeting_ids.len()];
                    if k % 2 == 0 {
                        line.execute(params![
                            cid,
                            date,
                            "time",
                            mid,
                            90 + k,
                            "hourly",
                            1500,
                            None::<String>,
                            None::<String>,
                            None::<i64>,
                            None::<String>,
                            None::<i64>,
                            None::<i64>,
                            None::<i64>,
                            None::<i64>,
                            2250 + k
                        ])
                        .unwrap();
                    } else {
                        let tenths = 100 + 17 * k + c % 50;
                        line.execute(params![
                            cid,
                            date,
                            "mileage",
                            mid,
                            None::<i64>,
                            None::<String>,
                            None::<i64>,
                            "Home",
                            "County Hall",
                            tenths,
                            "car",
                            0,
                            tenths,
                            45,
                            0,
                            (tenths * 45 + 5) / 10
                        ])
                        .unwrap();
                    }
                }
                let status = if latest && c % 3 == 0 {
                    "submitted"
                } else {
                    "approved"
                };
                approve
                    .execute(params![cid, status, format!("{month}-28T12:00:00")])
                    .unwrap();
            }
        }
        // Twenty years of activity from before the chained log: numbered before the entries
        // set-up just wrote, as an upgraded forum's older entries are.
        let mut audit = tx.prepare("INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id) VALUES (?1, ?2, 1, 'approved a claim', 'claim', ?3)").unwrap();
        for i in 0..20_000 {
            audit
                .execute(params![
                    i - 20_000,
                    format!("2020-01-01T00:{:02}:00", i % 60),
                    i
                ])
                .unwrap();
        }
    }
    // Claims approved before seals existed wait to be sealed, as the migration marks them.
    tx.execute_batch(
        "INSERT INTO claim_seals (claim_id, version, at_upgrade)
         SELECT id, 1, 1 FROM claims WHERE status IN ('approved', 'paid')",
    )
    .unwrap();
    tx.execute_batch("COMMIT").unwrap();
}
