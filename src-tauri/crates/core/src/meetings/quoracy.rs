//! Quoracy: whether enough people, from the right organisations, attended.

use crate::model::GroupOrg;

/// The outcome, with the reason in plain English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoracy {
    pub quorate: bool,
    pub reason: String,
}

/// "At least 4 people, including at least 2 from Council, 2 from Forum and 1 from Health."
pub fn rule_text(total: i64, orgs: &[GroupOrg]) -> String {
    let parts: Vec<String> = orgs
        .iter()
        .filter(|o| o.min_present > 0)
        .map(|o| format!("at least {} from {}", o.min_present, o.organisation))
        .collect();
    let people = if total == 1 { "person" } else { "people" };
    match (total > 0, parts.is_empty()) {
        (false, true) => "No quorum is set for this group.".to_string(),
        (true, true) => format!("At least {total} {people}."),
        (true, false) => format!("At least {total} {people}, including {}.", join_and(&parts)),
        (false, false) => format!("{}.", capitalise(&join_and(&parts))),
    }
}

/// Works out quoracy from the organisations of the people who attended.
pub fn evaluate(total: i64, orgs: &[GroupOrg], attended_orgs: &[String]) -> Quoracy {
    let present = attended_orgs.len() as i64;
    let mut short = Vec::new();
    let mut counts = Vec::new();
    if present < total {
        short.push(format!("{present} present but {total} needed"));
    }
    for o in orgs.iter().filter(|o| o.min_present > 0) {
        let n = attended_orgs
            .iter()
            .filter(|a| a.trim().eq_ignore_ascii_case(&o.organisation))
            .count() as i64;
        counts.push(format!("{} {} of {}", o.organisation, n, o.min_present));
        if n < o.min_present {
            short.push(format!(
                "{n} from {} but {} needed",
                o.organisation, o.min_present
            ));
        }
    }
    let tally = if counts.is_empty() {
        format!("{present} present")
    } else {
        format!("{present} present ({})", counts.join(", "))
    };
    if short.is_empty() {
        Quoracy {
            quorate: true,
            reason: format!("Quorate: {tally}. Rule: {}", rule_text(total, orgs)),
        }
    } else {
        Quoracy {
            quorate: false,
            reason: format!(
                "Not quorate: {}. Rule: {}",
                join_and(&short),
                rule_text(total, orgs)
            ),
        }
    }
}

fn join_and(parts: &[String]) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs() -> Vec<GroupOrg> {
        vec![
            GroupOrg {
                organisation: "Council".into(),
                min_present: 2,
            },
            GroupOrg {
                organisation: "Forum".into(),
                min_present: 2,
            },
            GroupOrg {
                organisation: "Health".into(),
                min_present: 1,
            },
        ]
    }

    fn present(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn describes_the_rule() {
        assert_eq!(
            rule_text(4, &orgs()),
            "At least 4 people, including at least 2 from Council, at least 2 from Forum and at least 1 from Health."
        );
        assert_eq!(rule_text(0, &[]), "No quorum is set for this group.");
    }

    #[test]
    fn quorate_when_every_minimum_is_met() {
        let q = evaluate(
            4,
            &orgs(),
            &present(&["Council", "council", "Forum", "Forum", "Health"]),
        );
        assert!(q.quorate, "{}", q.reason);
        assert!(q
            .reason
            .starts_with("Quorate: 5 present (Council 2 of 2, Forum 2 of 2, Health 1 of 1)"));
    }

    #[test]
    fn not_quorate_names_what_is_missing() {
        // Enough people in all, but nobody from health.
        let q = evaluate(
            4,
            &orgs(),
            &present(&["Council", "Council", "Forum", "Forum", "Forum"]),
        );
        assert!(!q.quorate);
        assert!(
            q.reason.contains("0 from Health but 1 needed"),
            "{}",
            q.reason
        );
        // Every organisation present, but too few in all.
        let q = evaluate(
            6,
            &orgs(),
            &present(&["Council", "Council", "Forum", "Forum", "Health"]),
        );
        assert!(!q.quorate);
        assert!(q.reason.contains("5 present but 6 needed"), "{}", q.reason);
    }
}
