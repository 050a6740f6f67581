//! The demo forum's co-production projects: the neurodevelopmental pathway redesign, with
//! monitoring entries (one escalation still open) and feedback from three organisations, and
//! a one-off consultation on home-to-school transport information. Their groups' meetings
//! are linked, so the claim lines made at those meetings count for them. Also the issues
//! log (numbers only) and "you said, we did" entries, one following up a meeting's decision.

use chrono::{Duration, NaiveDate};

use crate::model::{FeedbackInput, IssueInput, MonitoringInput, OutcomeInput, ProjectInput};
use crate::store::{Result, Store};
use crate::text::dates;

/// Adds the projects, acting as the chair. `meetings` are the demo's (id, group, day, past).
pub(super) fn add(
    store: &mut Store,
    today: NaiveDate,
    strategy: i64,
    pathway: i64,
    meetings: &[(i64, i64, NaiveDate, bool)],
) -> Result<()> {
    let day = |d: NaiveDate| dates::iso(d.min(today));
    let first = meetings.iter().map(|m| m.2).min().unwrap_or(today);
    let nd = store
        .project_save(&ProjectInput {
            name: "Neurodevelopmental pathway redesign".into(),
            lead_contacts: "Dr Priya Raman (ICB), Siobhán Ní Bhriain (forum)".into(),
            contact_info: "cyp.pathway@nhs.example, 01273 000111".into(),
            organisations: "NHS Eastbridge Integrated Care Board, Eastbridge County Council, Eastbridge Parent Carer Forum".into(),
            departments: "CYP commissioning; Educational Psychology; Community Paediatrics".into(),
            group_ids: vec![pathway],
            aim: "Shorter waits for autism and ADHD assessment, with support offered while families wait.".into(),
            planned_level: "co_production".into(),
            success: "Waiting times published monthly; a 'waiting well' offer designed with parent carers; fewer complaints.".into(),
            ongoing: false,
            timeframe: "18 months".into(),
            meetings_per_year: "10".into(),
            meeting_plans: "Monthly, 20th, 10:00 at Eastbridge General Hospital or online".into(),
            other_info: "Parent carers asked for evening sessions: two of the year's meetings will be at 18:30.".into(),
            started_on: dates::iso(first - Duration::days(120)),
            ..Default::default()
        })?
        .id;
    let transport = store
        .project_save(&ProjectInput {
            name: "Home to school transport information".into(),
            lead_contacts: "Transport team lead (council)".into(),
            organisations: "Eastbridge County Council".into(),
            departments: "Home to School Transport".into(),
            group_ids: vec![strategy],
            aim: "Rewrite the transport pages and letters so families know what they can ask for."
                .into(),
            planned_level: "consultation".into(),
            success: "New letters tested with ten families before use.".into(),
            ongoing: false,
            timeframe: "6 months".into(),
            meetings_per_year: "4".into(),
            started_on: dates::iso(first - Duration::days(30)),
            ..Default::default()
        })?
        .id;
    for (mid, gid, _, _) in meetings {
        if *gid == pathway {
            store.project_link_meeting(*mid, Some(nd))?;
        } else if *gid == strategy {
            store.project_link_meeting(*mid, Some(transport))?;
        }
    }

    store.monitoring_save(&MonitoringInput {
        project_id: nd,
        entry_on: day(first - Duration::days(40)),
        going_well: "Clinicians came to the forum's coffee morning and heard 30 families.".into(),
        going_less_well: "Papers arrive late, so reps cannot ask families before meetings.".into(),
        next_steps: "Draft the 'waiting well' offer together.".into(),
        learning: "Evening meetings doubled the number of parents taking part.".into(),
        ..Default::default()
    })?;
    store.monitoring_save(&MonitoringInput {
        project_id: nd,
        entry_on: day(first + Duration::days(3)),
        going_well: "The waiting well offer has a first draft.".into(),
        barriers_risks: "Funding for the offer after March is not agreed.".into(),
        missing_input: "Schools: no SENCO has come to a meeting.".into(),
        escalation:
            "Ask the SEND Strategy Board to confirm funding for the waiting well offer after March."
                .into(),
        embedding: "The offer would be written into the ICB's service specification.".into(),
        ..Default::default()
    })?;
    store.monitoring_save(&MonitoringInput {
        project_id: transport,
        entry_on: day(first + Duration::days(5)),
        going_well: "Eight families have read the new letters.".into(),
        next_steps: "Two more families; then the council signs the letters off.".into(),
        ..Default::default()
    })?;

    let given = day(first + Duration::days(10));
    let form =
        |org: &str, role: &str, rating: &str, level: &str, answers: [&str; 3]| FeedbackInput {
            project_id: nd,
            given_on: given.clone(),
            organisation: org.into(),
            role: role.into(),
            remit_clear: answers[0].into(),
            meetings_effective: answers[1].into(),
            communication_effective: answers[2].into(),
            rating: rating.into(),
            reached_level: level.into(),
            ..Default::default()
        };
    store.feedback_save(&FeedbackInput {
        impact: "Families' words are in the new pathway leaflet.".into(),
        top_tips: "Send papers two weeks ahead so reps can ask families.".into(),
        ..form(
            "Eastbridge Parent Carer Forum",
            "Rep",
            "8",
            "co_design",
            ["yes", "partly", "yes"],
        )
    })?;
    store.feedback_save(&FeedbackInput {
        learning: "Evening meetings work.".into(),
        ..form(
            "Eastbridge Parent Carer Forum",
            "Chair",
            "9",
            "co_production",
            ["yes", "yes", "yes"],
        )
    })?;
    store.feedback_save(&FeedbackInput {
        impact: "The pathway now has a parent carer on the triage panel.".into(),
        top_tips: "Agree the ladder level at the first meeting.".into(),
        ..form(
            "NHS Eastbridge Integrated Care Board",
            "Commissioning manager",
            "7",
            "co_design",
            ["yes", "yes", "partly"],
        )
    })?;
    store.feedback_save(&FeedbackInput {
        learning: "We joined late; the remit was not clear to us.".into(),
        ..form(
            "Eastbridge County Council",
            "Educational psychologist",
            "6",
            "engagement",
            ["no", "partly", "partly"],
        )
    })?;

    let issue =
        |theme: &str, service: &str, families: &str, on: NaiveDate, group: i64, outcome: &str| {
            IssueInput {
                theme: theme.into(),
                service: service.into(),
                families: families.into(),
                raised_on: day(on),
                group_id: Some(group),
                outcome: outcome.into(),
                ..Default::default()
            }
        };
    store.issue_save(&issue(
        "EHCP delays",
        "SEND Assessment Team",
        "23",
        first - Duration::days(60),
        strategy,
        "Raised at the board; the council now publishes monthly timeliness figures.",
    ))?;
    let transport_issue = store.issue_save(&issue(
        "Transport",
        "Home to School Transport",
        "11",
        first - Duration::days(35),
        strategy,
        "Became the transport information project.",
    ))?;
    store.issue_save(&issue(
        "CAMHS waiting times",
        "CAMHS",
        "17",
        first - Duration::days(20),
        pathway,
        "",
    ))?;
    store.issue_save(&issue(
        "EHCP delays",
        "SEND Assessment Team",
        "9",
        first + Duration::days(4),
        strategy,
        "",
    ))?;

    // A decision from a finalised meeting's notes, followed up in one step.
    let decided = meetings
        .iter()
        .filter(|m| m.3)
        .filter_map(|m| store.meeting_get(m.0).ok())
        .find(|m| m.finalised_at.is_some() && m.decisions.iter().any(|d| !d.confidential));
    if let Some(m) = decided {
        let d = m
            .decisions
            .iter()
            .find(|d| !d.confidential)
            .map(|d| d.id)
            .unwrap_or_default();
        let o = store.outcome_from_decision(d)?;
        let met = m
            .starts_at
            .get(..10)
            .and_then(|s| dates::parse_date("d", s).ok())
            .unwrap_or(today);
        store.outcome_save(&OutcomeInput {
            id: Some(o.id),
            said: o.said.clone(),
            said_on: o.said_on.clone(),
            source: "meeting".into(),
            meeting_id: o.meeting_id,
            changed: true,
            we_did: "Done: the change is in place and was reported back at the next meeting."
                .into(),
            decided_by: m.group_name.clone(),
            told_on: day(met + Duration::days(14)),
            ..Default::default()
        })?;
    }
    store.outcome_save(&OutcomeInput {
        said: "Letters about school transport are hard to understand.".into(),
        said_on: day(first - Duration::days(35)),
        source: "issues_log".into(),
        issue_id: Some(transport_issue.id),
        changed: true,
        we_did: "The council is rewriting the letters with families (the transport information project).".into(),
        decided_by: "Head of Home to School Transport".into(),
        told_on: day(first - Duration::days(10)),
        ..Default::default()
    })?;
    store.outcome_save(&OutcomeInput {
        said: "Parents who work cannot come to daytime meetings.".into(),
        said_on: day(first - Duration::days(50)),
        source: "survey".into(),
        source_detail: "Annual members' survey".into(),
        changed: true,
        we_did: "Two pathway meetings a year are now in the evening.".into(),
        decided_by: "Neurodevelopmental Pathway Board".into(),
        told_on: day(first - Duration::days(30)),
        ..Default::default()
    })?;
    store.outcome_save(&OutcomeInput {
        said: "Families want support while they wait for an assessment.".into(),
        said_on: day(first),
        source: "project".into(),
        project_id: Some(nd),
        changed: false,
        we_did:
            "Not yet: funding after March is not agreed (escalated to the SEND Strategy Board)."
                .into(),
        decided_by: "NHS Eastbridge ICB".into(),
        ..Default::default()
    })?;
    Ok(())
}
