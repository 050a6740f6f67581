//! What a project's feedback adds up to: the average rating (exact, shown to one decimal),
//! the level it reached against the level planned, and each organisation's answers.

use rusqlite::Connection;

use crate::model::{
    Answer, AnswerCounts, Feedback, FeedbackSummary, Ladder, LevelCount, OrganisationFeedback,
};
use crate::store::Result;
use crate::text::{div_round, format_tenths};

pub(crate) fn summary(
    conn: &Connection,
    project_id: i64,
    planned: Ladder,
) -> Result<FeedbackSummary> {
    Ok(summarise(
        planned,
        &super::feedback::forms(conn, project_id)?,
    ))
}

/// A summary with no forms yet.
pub(crate) fn empty(planned: Ladder) -> FeedbackSummary {
    summarise(planned, &[])
}

/// The summary of `forms` (any order) for a project planned at `planned`.
pub(crate) fn summarise(planned: Ladder, forms: &[Feedback]) -> FeedbackSummary {
    let count = forms.len() as i64;
    let sum: i64 = forms.iter().map(|f| f.rating).sum();
    let all_levels = spread(forms.iter());
    let reached = most_common(&all_levels);
    let mut orgs: Vec<String> = Vec::new();
    for f in forms {
        if !orgs.iter().any(|o| o.eq_ignore_ascii_case(&f.organisation)) {
            orgs.push(f.organisation.clone());
        }
    }
    orgs.sort_by_key(|o| o.to_lowercase());
    let by_organisation = orgs
        .into_iter()
        .map(|org| {
            let mine: Vec<&Feedback> = forms
                .iter()
                .filter(|f| f.organisation.eq_ignore_ascii_case(&org))
                .collect();
            let n = mine.len() as i64;
            let s: i64 = mine.iter().map(|f| f.rating).sum();
            OrganisationFeedback {
                organisation: org,
                forms: n,
                rating_sum: s,
                average_rating: average(s, n).unwrap_or_default(),
                remit_clear: answers(mine.iter().map(|f| f.remit_clear)),
                meetings_effective: answers(mine.iter().map(|f| f.meetings_effective)),
                communication_effective: answers(mine.iter().map(|f| f.communication_effective)),
                reached: spread(mine.iter().copied()),
            }
        })
        .collect();
    FeedbackSummary {
        forms: count,
        rating_sum: sum,
        average_rating: average(sum, count),
        planned_level: planned,
        reached_level: reached,
        against_plan: reached.map(|r| against_plan(planned, r)),
        reached_spread: all_levels,
        by_organisation,
    }
}

/// The exact average `sum ÷ count` shown to one decimal, rounded half away from zero
/// ("7.3"); None with nothing to average.
pub(crate) fn average(sum: i64, count: i64) -> Option<String> {
    (count > 0).then(|| format_tenths(div_round(sum * 10, count)))
}

/// Every level, lowest first, with how many forms chose it.
fn spread<'a>(forms: impl Iterator<Item = &'a Feedback> + Clone) -> Vec<LevelCount> {
    Ladder::ALL
        .iter()
        .map(|&level| LevelCount {
            level,
            label: level.label().to_string(),
            count: forms.clone().filter(|f| f.reached_level == level).count() as i64,
        })
        .collect()
}

/// The level chosen most often; a tie goes to the lower level, so the forum never claims
/// more than its partners agree on.
pub(crate) fn most_common(spread: &[LevelCount]) -> Option<Ladder> {
    let top = spread.iter().map(|c| c.count).max().unwrap_or(0);
    (top > 0)
        .then(|| spread.iter().find(|c| c.count == top).map(|c| c.level))
        .flatten()
}

/// "Reached the planned level (Co-design)" or how far it fell short or went beyond.
pub(crate) fn against_plan(planned: Ladder, reached: Ladder) -> String {
    match reached.rung().cmp(&planned.rung()) {
        std::cmp::Ordering::Equal => format!("Reached the planned level ({})", planned.label()),
        std::cmp::Ordering::Less => format!(
            "Below the planned level: reached {}, planned {}",
            reached.label(),
            planned.label()
        ),
        std::cmp::Ordering::Greater => format!(
            "Above the planned level: reached {}, planned {}",
            reached.label(),
            planned.label()
        ),
    }
}

fn answers(list: impl Iterator<Item = Answer>) -> AnswerCounts {
    let mut c = AnswerCounts::default();
    for a in list {
        match a {
            Answer::Yes => c.yes += 1,
            Answer::Partly => c.partly += 1,
            Answer::No => c.no += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(org: &str, rating: i64, reached: Ladder, remit: Answer) -> Feedback {
        Feedback {
            id: 0,
            project_id: 1,
            given_on: "2026-10-01".into(),
            organisation: org.into(),
            role: String::new(),
            remit_clear: remit,
            remit_comment: String::new(),
            meetings_effective: Answer::Yes,
            meetings_comment: String::new(),
            communication_effective: Answer::No,
            communication_comment: String::new(),
            impact: String::new(),
            learning: String::new(),
            rating,
            reached_level: reached,
            top_tips: String::new(),
        }
    }

    #[test]
    fn the_average_is_exact_and_shown_to_one_decimal_half_away_from_zero() {
        assert_eq!(average(0, 0), None);
        assert_eq!(average(22, 3).as_deref(), Some("7.3")); // 7.333…
        assert_eq!(average(23, 3).as_deref(), Some("7.7")); // 7.666…
        assert_eq!(average(15, 2).as_deref(), Some("7.5"));
        assert_eq!(average(29, 4).as_deref(), Some("7.3")); // 7.25 rounds up
        assert_eq!(average(0, 4).as_deref(), Some("0.0"));
        assert_eq!(average(10, 1).as_deref(), Some("10.0"));
    }

    #[test]
    fn the_reached_level_is_the_most_common_and_a_tie_goes_to_the_lower_level() {
        use Ladder::*;
        let s = summarise(CoProduction, &[]);
        assert_eq!(
            (s.reached_level, s.average_rating, s.against_plan),
            (None, None, None)
        );
        assert_eq!(s.reached_spread.len(), 5);

        let forms = [
            form("ESCC", 8, CoDesign, Answer::Yes),
            form("escc", 7, CoDesign, Answer::Partly),
            form("NHS Sussex", 6, Engagement, Answer::No),
            form("Forum", 9, CoProduction, Answer::Yes),
        ];
        let s = summarise(CoProduction, &forms);
        assert_eq!(s.forms, 4);
        assert_eq!(s.rating_sum, 30);
        assert_eq!(s.average_rating.as_deref(), Some("7.5"));
        assert_eq!(s.reached_level, Some(CoDesign));
        assert_eq!(
            s.against_plan.as_deref(),
            Some("Below the planned level: reached Co-design, planned Co-production")
        );
        let counts: Vec<i64> = s.reached_spread.iter().map(|c| c.count).collect();
        assert_eq!(counts, [0, 0, 1, 2, 1]);
        // Organisations are grouped whatever their case, in name order.
        let orgs: Vec<(&str, i64, &str)> = s
            .by_organisation
            .iter()
            .map(|o| (o.organisation.as_str(), o.forms, o.average_rating.as_str()))
            .collect();
        assert_eq!(
            orgs,
            [
                ("ESCC", 2, "7.5"),
                ("Forum", 1, "9.0"),
                ("NHS Sussex", 1, "6.0")
            ]
        );
        let escc = &s.by_organisation[0];
        assert_eq!(
            escc.remit_clear,
            AnswerCounts {
                yes: 1,
                partly: 1,
                no: 0
            }
        );
        assert_eq!(
            escc.communication_effective,
            AnswerCounts {
                yes: 0,
                partly: 0,
                no: 2
            }
        );
        assert_eq!(
            escc.reached.iter().map(|c| c.count).collect::<Vec<_>>(),
            [0, 0, 0, 2, 0]
        );

        // A tie between Engagement and Co-design is reported as Engagement.
        let tie = [
            form("A", 5, CoDesign, Answer::Yes),
            form("B", 5, Engagement, Answer::Yes),
        ];
        assert_eq!(summarise(Engagement, &tie).reached_level, Some(Engagement));
        assert_eq!(
            summarise(Engagement, &tie).against_plan.as_deref(),
            Some("Reached the planned level (Engagement)")
        );
        assert_eq!(
            summarise(Consultation, &tie).against_plan.as_deref(),
            Some("Above the planned level: reached Engagement, planned Consultation")
        );
    }
}
