//! The Reports screen's tables and their CSVs, on the demo forum: every table is there, each
//! CSV's raw numbers equal the figures to the penny and the minute, bad dates are reported
//! beside their fields, an unknown table is refused, and a rep sees none of it.

use chrono::NaiveDate;
use forumdesk_core::model::{ReportFigures, REPORT_TABLE_KEYS};
use forumdesk_core::{
    create_demo_folder, format_hours, format_pence, Clock, CoreError, Destination, KdfParams,
    Store, DEMO_PASSPHRASE,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo(who: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    create_demo_folder(
        &dir.path().join("data"),
        today(),
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let mut store = Store::sign_in_as(&dir.path().join("data"), who, DEMO_PASSPHRASE).unwrap();
    store.set_clock(Clock::Fixed(today().and_hms_opt(9, 0, 0).unwrap()));
    store.set_exports_dir(dir.path().join("exports"));
    (dir, store)
}

/// A table's CSV as its heading row and its rows.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

fn csv_of(store: &Store, key: &str) -> (Vec<String>, Vec<Vec<String>>) {
    read_csv(
        &store
            .report_table_csv("01/04/2026", "31/03/2027", key)
            .unwrap(),
    )
}

/// (label, raw number, text) for a hours table's CSV: `Group,Hours,Minutes`.
fn hours_rows(store: &Store, key: &str) -> Vec<(String, i64, String)> {
    let (head, rows) = csv_of(store, key);
    assert_eq!(&head[1..], ["Hours", "Minutes"], "{key}");
    rows.into_iter()
        .map(|r| (r[0].clone(), r[2].parse().unwrap(), r[1].clone()))
        .collect()
}

#[test]
fn every_table_is_there_and_each_csv_equals_the_figures() {
    let (dir, mut store) = demo("");
    let f: ReportFigures = store.report_figures("01/04/2026", "31/03/2027").unwrap();
    let tables = store.report_tables("01/04/2026", "31/03/2027").unwrap();
    assert_eq!(
        (tables.from.as_str(), tables.to.as_str()),
        ("2026-04-01", "2027-03-31")
    );
    assert_eq!(
        tables
            .tables
            .iter()
            .map(|t| t.key.as_str())
            .collect::<Vec<_>>(),
        REPORT_TABLE_KEYS
    );
    for t in &tables.tables {
        assert!(!t.title.is_empty());
        for row in &t.rows {
            assert_eq!(row.len(), t.columns.len(), "{}", t.key);
        }
    }

    // Hours: every row of every hours table, to the minute, with the text the report shows.
    for (key, rows) in [
        ("hours_by_group", &f.hours_by_group),
        ("hours_by_funder", &f.hours_by_funder),
        ("hours_by_project", &f.hours_by_project),
        ("hours_by_month", &f.hours_by_month),
    ] {
        let want: Vec<_> = rows
            .iter()
            .map(|r| (r.label.clone(), r.value, format_hours(r.value)))
            .collect();
        assert!(!want.is_empty(), "the demo has {key}");
        assert_eq!(hours_rows(&store, key), want, "{key}");
    }
    let by_group: i64 = hours_rows(&store, "hours_by_group")
        .iter()
        .map(|r| r.1)
        .sum();
    assert_eq!(by_group, f.hours_total_minutes);

    // Summary: each figure's raw number.
    let (head, rows) = csv_of(&store, "summary");
    assert_eq!(head, ["Figure", "Value", "Number"]);
    let raw = |label: &str| -> String {
        rows.iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label} missing from {rows:?}"))[2]
            .clone()
    };
    for (label, value) in [
        ("Meetings held", f.meetings_held),
        ("Attendances at them", f.attendances),
        (
            "Met their notice and papers standards, or had an agreed exception",
            f.meetings_meeting_standards,
        ),
        ("Quorate", f.meetings_quorate),
        (
            "Hours given by reps (approved and paid claims)",
            f.hours_total_minutes,
        ),
        ("Claims paid", f.claims_paid),
        ("Amount paid", f.paid_pence),
        (
            "Days from submission to payment, all paid claims added up",
            f.days_to_pay_total,
        ),
        ("Active members", f.members_active),
        ("New members", f.new_members),
    ] {
        assert_eq!(raw(label), value.to_string(), "{label}");
    }
    assert!(f.paid_pence > 0 && f.meetings_held > 0);
    let amount = rows.iter().find(|r| r[0] == "Amount paid").unwrap();
    assert_eq!(amount[1], format_pence(f.paid_pence));
    let average = rows
        .iter()
        .find(|r| r[0] == "Average days from submission to payment")
        .unwrap();
    assert_eq!(Some(average[1].clone()), f.average_days_to_pay);
    assert_eq!(average[2], "", "an average has no whole-number raw value");

    // Spend against each budget, to the penny.
    let (head, rows) = csv_of(&store, "spend_by_budget");
    assert_eq!(
        head,
        ["Budget", "Spent", "Spent (pence)", "Spent of the budget"]
    );
    assert!(!f.spend_by_budget.is_empty());
    assert_eq!(
        rows.iter()
            .map(|r| (r[0].clone(), r[2].parse::<i64>().unwrap(), r[3].clone()))
            .collect::<Vec<_>>(),
        f.spend_by_budget
            .iter()
            .map(|r| (r.label.clone(), r.value, r.text.clone()))
            .collect::<Vec<_>>()
    );

    // Reach: members by area (adding up to the active members) and at each month's end,
    // and the steering group's figures in the summary.
    for (key, figures) in [
        ("members_by_area", &f.members_by_area),
        ("members_over_time", &f.members_over_time),
    ] {
        let (head, rows) = csv_of(&store, key);
        assert_eq!(head[1], "Members", "{key}");
        assert_eq!(
            rows.iter()
                .map(|r| (r[0].clone(), r[1].parse::<i64>().unwrap()))
                .collect::<Vec<_>>(),
            figures
                .iter()
                .map(|r| (r.label.clone(), r.value))
                .collect::<Vec<_>>(),
            "{key}"
        );
    }
    assert!(f.members_by_area.len() > 1, "the demo has areas");
    assert_eq!(
        f.members_by_area.iter().map(|r| r.value).sum::<i64>(),
        f.members_active
    );
    assert!(!f.members_over_time.is_empty());
    let (_, rows) = csv_of(&store, "summary");
    let steering = rows
        .iter()
        .find(|r| r[0] == "Steering group's active members today")
        .unwrap();
    assert_eq!(steering[2], f.steering_active.to_string());
    let needed = rows
        .iter()
        .find(|r| r[0] == "Steering group: the number the forum needs")
        .unwrap();
    assert_eq!(needed[2], f.steering_needed.to_string());
    assert!(f.steering_needed > 0, "the demo sets a number");

    // Projects, issues and "you said, we did".
    let (_, rows) = csv_of(&store, "projects");
    assert_eq!(rows.len(), f.projects.len());
    for (r, p) in rows.iter().zip(&f.projects) {
        assert_eq!(r[0], p.name);
        assert_eq!(r[1], p.planned_level);
        assert_eq!(
            Some(r[2].clone()).filter(|s| s != "No feedback"),
            p.reached_level
        );
        assert_eq!(
            Some(r[3].clone()).filter(|s| !s.is_empty()),
            p.average_rating
        );
        assert_eq!(r[4], p.feedback_forms.to_string());
    }
    assert!(rows.iter().any(|r| r[3] == "7.5"), "{rows:?}");
    let (head, rows) = csv_of(&store, "top_issues");
    assert_eq!(head, ["Theme", "Times raised", "Families"]);
    assert_eq!(rows[0][0], "EHCP delays");
    assert_eq!(rows[0][2], "32");
    assert_eq!(rows.len(), f.top_issues.len());
    let (_, rows) = csv_of(&store, "outcomes");
    assert_eq!(rows.len(), f.outcomes.len());
    assert!(rows
        .iter()
        .any(|r| r[0] == "Parents who work cannot come to daytime meetings."));

    // Saving: one file per table, each the same bytes as the table's CSV.
    let saved = store
        .export_report_tables_csv(
            "01/04/2026",
            "31/03/2027",
            &Destination::Folder(dir.path().join("csvs")),
        )
        .unwrap();
    assert_eq!(saved.len(), REPORT_TABLE_KEYS.len());
    for (s, key) in saved.iter().zip(REPORT_TABLE_KEYS) {
        assert!(
            s.path
                .ends_with(&format!("report-{key}-2026-04-01-to-2027-03-31.csv")),
            "{}",
            s.path
        );
        assert_eq!(
            std::fs::read(&s.path).unwrap(),
            store
                .report_table_csv("01/04/2026", "31/03/2027", key)
                .unwrap()
        );
    }
    let one = store
        .export_report_table_csv(
            "01/04/2026",
            "31/03/2027",
            "hours_by_funder",
            &Destination::ExportsFolder,
        )
        .unwrap();
    assert!(std::path::Path::new(&one.path).starts_with(dir.path().join("exports")));
}

#[test]
fn bad_dates_are_reported_beside_their_fields() {
    let (_dir, store) = demo("");
    let err = store.report_tables("31/02/2026", "soon").unwrap_err();
    let fields: Vec<_> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["from", "to"], "{err:?}");
    assert_eq!(
        store
            .report_table_csv("01/04/2026", "", "summary")
            .unwrap_err()
            .field(),
        Some("to")
    );
    assert_eq!(
        store
            .report_tables("01/04/2026", "31/03/2026")
            .unwrap_err()
            .field(),
        Some("to"),
        "an end before the start"
    );
}

#[test]
fn an_unknown_table_is_refused_and_nothing_is_saved() {
    let (dir, mut store) = demo("");
    for key in ["members", "../../secrets", ""] {
        match store.export_report_table_csv(
            "01/04/2026",
            "31/03/2027",
            key,
            &Destination::ExportsFolder,
        ) {
            Err(CoreError::NotFound(message)) => {
                assert!(message.contains("no report table"), "{message}")
            }
            other => panic!("{key:?}: {other:?}"),
        }
    }
    assert!(!dir.path().join("exports").exists());
}

#[test]
fn a_rep_sees_no_report() {
    let (dir, mut store) = demo("Łukasz Nowak");
    assert!(matches!(
        store.report_tables("01/04/2026", "31/03/2027"),
        Err(CoreError::NotAllowed(_))
    ));
    // Refused before the dates are read: a rep learns nothing from a wrong date either.
    assert!(matches!(
        store.report_table_csv("nonsense", "", "summary"),
        Err(CoreError::NotAllowed(_))
    ));
    assert!(matches!(
        store.export_report_tables_csv(
            "01/04/2026",
            "31/03/2027",
            &Destination::Folder(dir.path().join("csvs"))
        ),
        Err(CoreError::NotAllowed(_))
    ));
    assert!(!dir.path().join("csvs").exists());
}

#[test]
fn text_a_spreadsheet_would_run_is_neutralised_in_a_table_csv() {
    let (_dir, mut store) = demo("");
    store
        .issue_save(&forumdesk_core::model::IssueInput {
            theme: "=HYPERLINK(\"http://example.invalid\",\"Click\")".into(),
            families: "500".into(),
            raised_on: "01/05/2026".into(),
            ..Default::default()
        })
        .unwrap();
    let (_, rows) = csv_of(&store, "top_issues");
    assert_eq!(
        rows[0],
        [
            "'=HYPERLINK(\"http://example.invalid\",\"Click\")",
            "1",
            "500"
        ]
    );
    // The screen shows it as typed: only the file is neutralised.
    let tables = store.report_tables("01/04/2026", "31/03/2027").unwrap();
    let issues = tables
        .tables
        .iter()
        .find(|t| t.key == "top_issues")
        .unwrap();
    assert!(issues.rows[0][0].text.starts_with("=HYPERLINK"));
}
