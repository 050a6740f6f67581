//! The demo forum's reach: Eastbridge's areas (one retired after the council's boundary
//! change, still kept by the members who chose it), reach details with recorded consent on
//! about two thirds of the members, and the Co-production Group as the steering group,
//! needing one more active member than it has, so the warning shows.

use crate::model::ReachInput;
use crate::reach::kinds::{HeardVia, Involvement};
use crate::store::{Result, Store};

const AREAS: [&str; 5] = [
    "North Eastbridge",
    "South Eastbridge",
    "Riverside",
    "Market Hadley",
    "Old Town",
];

/// Adds the areas and members' details, acting as the chair. `members` in the demo's
/// order; `steering` the steering group with its number of active reps.
pub(super) fn add(store: &mut Store, members: &[i64], steering: i64) -> Result<()> {
    let mut ids = Vec::new();
    for a in AREAS {
        ids.push(store.area_save(None, a)?.id);
    }
    for (i, m) in members.iter().enumerate() {
        // One member in three has not given reach details.
        if i % 3 == 2 {
            continue;
        }
        let heard = HeardVia::ALL[i % HeardVia::ALL.len()];
        store.member_reach_save(&ReachInput {
            member_id: *m,
            consent: true,
            // One in seven chose not to give their area.
            area_id: (i % 7 != 6).then(|| ids[i % ids.len()]),
            heard_via: heard.as_str().into(),
            heard_detail: if heard == HeardVia::Other {
                "A leaflet at the library".into()
            } else {
                String::new()
            },
            involvement: Involvement::ALL[(i / 2) % Involvement::ALL.len()]
                .as_str()
                .into(),
        })?;
    }
    // Old Town became part of Riverside: no longer offered, still counted for its members.
    store.area_retire(ids[4], true)?;
    let active = store.steering_set(Some(steering), "0")?.active;
    store.steering_set(Some(steering), &(active + 1).to_string())?;
    Ok(())
}
