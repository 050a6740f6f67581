//! Quoracy: whether enough members of the group, from the right partner organisations,
//! attended. Guests do not count. Someone counts for a partner when their organisation is
//! the partner's name or one of its departments or other names ("ESCC Education" for "ESCC").

use crate::model::{GroupOrg, Membership};

/// The outcome, with the reason in plain English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoracy {
    pub quorate: bool,
    pub reason: String,
}

/// The partner an organisation's name counts for: the partner's own name or one of its
/// aliases, ignoring case and spaces at either end.
pub fn partner_of<'a>(orgs: &'a [GroupOrg], organisation: &str) -> Option<&'a GroupOrg> {
    let o = organisation.trim();
    if o.is_empty() {
        return None;
    }
    orgs.iter().find(|p| {
        p.organisation.trim().eq_ignore_ascii_case(o)
            || p.aliases.iter().any(|a| a.trim().eq_ignore_ascii_case(o))
    })
}

/// "At least 4 members, including at least 2 from ESCC, at least 2 from ESPCF and at least 1
/// from NHS Sussex. Guests do not count."
pub fn rule_text(total: i64, orgs: &[GroupOrg]) -> String {
    let parts: Vec<String> = orgs
        .iter()
        .filter(|o| o.min_present > 0)
        .map(|o| format!("at least {} from {}", o.min_present, o.organisation))
        .collect();
    let members = if total == 1 { "member" } else { "members" };
    match (total > 0, parts.is_empty()) {
        (false, true) => "No quorum is set for this group.".to_string(),
        (true, true) => format!("At least {total} {members}. Guests do not count."),
        (true, false) => format!(
            "At least {total} {members}, including {}. Guests do not count.",
            join_and(&parts)
        ),
        (false, false) => format!("{}. Guests do not count.", capitalise(&join_and(&parts))),
    }
}

/// Works out quoracy from the organisation and membership of each person who attended.
pub fn evaluate(total: i64, orgs: &[GroupOrg], attended: &[(String, Membership)]) -> Quoracy {
    let members: Vec<&String> = attended
        .iter()
        .filter(|(_, m)| *m == Membership::Member)
        .map(|(o, _)| o)
        .collect();
    let guests = attended.len() - members.len();
    let present = members.len() as i64;
    let mut short = Vec::new();
    let mut counts = Vec::new();
    if present < total {
        short.push(format!(
            "{present} {} present but {total} needed",
            noun(present)
        ));
    }
    for o in orgs.iter().filter(|o| o.min_present > 0) {
        let n = members
            .iter()
            .filter(|a| partner_of(orgs, a).is_some_and(|p| p.organisation == o.organisation))
            .count() as i64;
        counts.push(format!("{} {} of {}", o.organisation, n, o.min_present));
        if n < o.min_present {
            short.push(format!(
                "{n} from {} but {} needed",
                o.organisation, o.min_present
            ));
        }
    }
    let mut tally = format!("{present} {} present", noun(present));
    if !counts.is_empty() {
        tally.push_str(&format!(" ({})", counts.join(", ")));
    }
    match guests {
        0 => {}
        1 => tally.push_str("; 1 guest not counted"),
        n => tally.push_str(&format!("; {n} guests not counted")),
    }
    if short.is_empty() {
        Quoracy {
            quorate: true,
            reason: format!("Quorate: {tally}."),
        }
    } else {
        Quoracy {
            quorate: false,
            reason: format!("Not quorate: {}. {}.", join_and(&short), capitalise(&tally)),
        }
    }
}

fn noun(n: i64) -> &'static str {
    if n == 1 {
        "member"
    } else {
        "members"
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

    fn org(name: &str, min: i64, aliases: &[&str]) -> GroupOrg {
        GroupOrg {
            organisation: name.into(),
            min_present: min,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        }
    }

    /// The handbook's terms of reference: 4 members, two each from ESCC and ESPCF, one from
    /// health.
    fn handbook() -> Vec<GroupOrg> {
        vec![
            org("ESPCF", 2, &[]),
            org(
                "ESCC",
                2,
                &["ESCC Education", "ESCC Children's Social Care"],
            ),
            org("NHS Sussex", 1, &["Health"]),
            org("Amaze", 0, &[]),
        ]
    }

    fn members(list: &[&str]) -> Vec<(String, Membership)> {
        list.iter()
            .map(|s| (s.to_string(), Membership::Member))
            .collect()
    }

    #[test]
    fn describes_the_rule() {
        assert_eq!(
            rule_text(4, &handbook()),
            "At least 4 members, including at least 2 from ESPCF, at least 2 from ESCC and at least 1 from NHS Sussex. Guests do not count."
        );
        assert_eq!(rule_text(0, &[]), "No quorum is set for this group.");
    }

    #[test]
    fn departments_count_for_their_partner() {
        let q = evaluate(
            4,
            &handbook(),
            &members(&[
                "ESPCF",
                "espcf",
                "ESCC Education",
                "ESCC Children's Social Care",
                "NHS Sussex",
            ]),
        );
        assert!(q.quorate, "{}", q.reason);
        assert_eq!(
            q.reason,
            "Quorate: 5 members present (ESPCF 2 of 2, ESCC 2 of 2, NHS Sussex 1 of 1)."
        );
    }

    #[test]
    fn guests_do_not_count_and_the_reason_says_so() {
        let mut people = members(&["ESPCF", "ESPCF", "ESCC", "ESCC Education"]);
        people.push(("NHS Sussex".into(), Membership::Guest));
        let q = evaluate(4, &handbook(), &people);
        assert!(!q.quorate);
        assert_eq!(
            q.reason,
            "Not quorate: 0 from NHS Sussex but 1 needed. 4 members present (ESPCF 2 of 2, ESCC 2 of 2, NHS Sussex 0 of 1); 1 guest not counted."
        );
        people.push(("Health".into(), Membership::Member));
        let q = evaluate(4, &handbook(), &people);
        assert!(q.quorate, "{}", q.reason);
        assert!(q.reason.ends_with("; 1 guest not counted."), "{}", q.reason);
    }

    #[test]
    fn not_quorate_names_what_is_missing() {
        let q = evaluate(
            6,
            &handbook(),
            &members(&["ESCC", "ESCC", "ESPCF", "ESPCF", "Health"]),
        );
        assert!(!q.quorate);
        assert!(
            q.reason.contains("5 members present but 6 needed"),
            "{}",
            q.reason
        );
        // A name that is not a partner or a department counts towards the total only.
        let q = evaluate(
            4,
            &handbook(),
            &members(&["ESCC", "Eastbridge Council", "ESPCF", "ESPCF", "Health"]),
        );
        assert!(!q.quorate);
        assert!(
            q.reason.contains("1 from ESCC but 2 needed"),
            "{}",
            q.reason
        );
    }
}
