//! Which backups to keep: the last 10, the newest of each day for 14 days, of each month for
//! 24 months and of each year for 7 years (charities keep financial records for six). Then,
//! if the folder is over its size cap, the oldest go first, but the newest is always kept.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};

use super::{BACKUPS_DIR, BACKUP_EXT};

/// A backup file and when it was taken (from its name).
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    pub path: PathBuf,
    pub made_at: NaiveDateTime,
    pub size: u64,
}

/// `forumdesk-2026-12-01-170512.fdbackup`
pub(crate) fn file_name(at: NaiveDateTime) -> String {
    format!("forumdesk-{}.{BACKUP_EXT}", at.format("%Y-%m-%d-%H%M%S"))
}

fn made_at_of(name: &str) -> Option<NaiveDateTime> {
    let stem = name
        .strip_prefix("forumdesk-")?
        .strip_suffix(&format!(".{BACKUP_EXT}"))?;
    NaiveDateTime::parse_from_str(stem, "%Y-%m-%d-%H%M%S").ok()
}

/// The backups in `dir`, newest first.
pub(crate) fn list(dir: &Path) -> Vec<Kept> {
    let mut out: Vec<Kept> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let made_at = made_at_of(&name)?;
            let size = e.metadata().ok()?.len();
            Some(Kept {
                path: e.path(),
                made_at,
                size,
            })
        })
        .collect();
    out.sort_by_key(|k| std::cmp::Reverse(k.made_at));
    out
}

/// The newest backup's file name in a data folder, to name in a "damaged" message.
pub(crate) fn newest_backup_name(data_dir: &Path) -> Option<String> {
    list(&data_dir.join(BACKUPS_DIR))
        .first()
        .map(|k| k.path.display().to_string())
}

/// Which of `all` (newest first) the rotation keeps.
pub(crate) fn keep(all: &[Kept]) -> Vec<bool> {
    let mut keep = vec![false; all.len()];
    let Some(newest) = all.first().map(|k| k.made_at) else {
        return keep;
    };
    for k in keep.iter_mut().take(10) {
        *k = true;
    }
    // The newest backup of each period, for the last n periods.
    let mut by_period = |key: &dyn Fn(&NaiveDateTime) -> i64, within: i64| {
        let mut seen = std::collections::HashSet::new();
        let newest_key = key(&newest);
        for (i, b) in all.iter().enumerate() {
            let k = key(&b.made_at);
            if newest_key - k < within && seen.insert(k) {
                keep[i] = true;
            }
        }
    };
    by_period(&|t| t.date().num_days_from_ce() as i64, 14);
    by_period(&|t| t.year() as i64 * 12 + t.month0() as i64, 24);
    by_period(&|t| t.year() as i64, 7);
    keep
}

/// Applies the rotation, then the size cap (oldest first, never the newest). Returns what
/// was removed.
pub(crate) fn prune(dir: &Path, cap_bytes: u64) -> Vec<PathBuf> {
    let all = list(dir);
    let keep = keep(&all);
    let mut removed = Vec::new();
    let mut left: Vec<&Kept> = Vec::new();
    for (k, b) in keep.iter().zip(&all) {
        if *k {
            left.push(b);
        } else if std::fs::remove_file(&b.path).is_ok() {
            removed.push(b.path.clone());
        }
    }
    let mut total: u64 = left.iter().map(|b| b.size).sum();
    while total > cap_bytes && left.len() > 1 {
        let oldest = left.pop().expect("more than one left");
        if std::fs::remove_file(&oldest.path).is_ok() {
            removed.push(oldest.path.clone());
            total -= oldest.size;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn at(days_ago: i64, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
            - Duration::days(days_ago)
    }

    #[test]
    fn keeps_recent_daily_monthly_and_yearly() {
        // Every hour 8 to 17 for the last 40 days, then one a week back nine years.
        let mut all: Vec<Kept> = Vec::new();
        for d in 0..40 {
            for h in (8..=17).rev() {
                all.push(Kept {
                    path: PathBuf::new(),
                    made_at: at(d, h),
                    size: 1,
                });
            }
        }
        for w in 6..470 {
            all.push(Kept {
                path: PathBuf::new(),
                made_at: at(w * 7, 12),
                size: 1,
            });
        }
        all.sort_by_key(|k| std::cmp::Reverse(k.made_at));
        let keep = keep(&all);
        let kept: Vec<NaiveDateTime> = all
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(b, _)| b.made_at)
            .collect();
        // The last ten, all from today.
        assert!(kept[..10].iter().all(|t| t.date() == at(0, 8).date()));
        // One for each of the last 14 days.
        for d in 0..14 {
            assert!(kept.iter().any(|t| t.date() == at(d, 8).date()), "day {d}");
        }
        // Nothing older than seven years.
        assert!(kept.iter().all(|t| at(0, 8).year() - t.year() < 7));
        // A backup from each of the last 7 years.
        for y in 0..7 {
            assert!(kept.iter().any(|t| t.year() == 2026 - y), "year {y}");
        }
        // And far fewer than all of them.
        assert!(kept.len() < 10 + 14 + 24 + 7, "{}", kept.len());
    }

    #[test]
    fn names_round_trip() {
        let t = at(0, 9);
        assert_eq!(made_at_of(&file_name(t)), Some(t));
        assert_eq!(made_at_of("notes.txt"), None);
    }
}
