//! A line in words: how its amount was worked out. The one description the window, the
//! claim pack and the finance CSV all show.

use super::kinds::{LineKind, TimeBasis, Vehicle};
use super::lines::LineFields;
use crate::text::{duration_text, format_pence, format_tenths, group_thousands};

/// E.g. "Home → County Hall, 24.5 miles by car with 1 passenger: 24.5 miles at 45p (first
/// 10,000 miles this tax year) + passengers 5p a mile each". Reversals describe the journey or
/// time itself; their amount carries the minus sign.
pub fn line_details(l: &LineFields) -> String {
    let mut s = match l.kind {
        LineKind::Time => match l.time_basis {
            Some(TimeBasis::HalfDay) => {
                format!("Half day: {}", format_pence(l.rate_pence.unwrap_or(0)))
            }
            Some(TimeBasis::FullDay) => {
                format!("Full day: {}", format_pence(l.rate_pence.unwrap_or(0)))
            }
            _ => format!(
                "{} at {} an hour",
                duration_text(l.minutes.unwrap_or(0).abs()),
                format_pence(l.rate_pence.unwrap_or(0))
            ),
        },
        LineKind::Mileage => mileage_details(l),
        LineKind::Childcare => {
            let spent = l.entered_pence.unwrap_or(0).abs();
            let cap = l.cap_pence.unwrap_or(0).abs();
            let mut s = format!(
                "{} hours of childcare, {} spent",
                format_tenths(l.minutes.unwrap_or(0).abs() / 6),
                format_pence(spent)
            );
            if spent > cap {
                s.push_str(&format!(", capped at {}", format_pence(cap)));
            } else {
                s.push_str(&format!(" (cap {})", format_pence(cap)));
            }
            s
        }
        LineKind::Fares => "Fares".to_string(),
        LineKind::Parking => "Parking".to_string(),
        LineKind::Other => l.description.clone(),
    };
    if !l.description.is_empty() && l.kind != LineKind::Other {
        s.push_str(&format!(". {}", l.description));
    }
    s
}

fn mileage_details(l: &LineFields) -> String {
    let vehicle = l.vehicle.unwrap_or(Vehicle::Car);
    let passengers = l.passengers.unwrap_or(0);
    let mut s = format!(
        "{} → {}, {} miles by {}",
        l.from_place.as_deref().unwrap_or(""),
        l.to_place.as_deref().unwrap_or(""),
        format_tenths(l.miles_tenths.unwrap_or(0).abs()),
        vehicle.label().to_lowercase()
    );
    if passengers > 0 {
        s.push_str(&format!(
            " with {passengers} passenger{}",
            if passengers == 1 { "" } else { "s" }
        ));
    }
    // The band size the line was worked out with, never today's policy.
    let band = l
        .band_miles
        .filter(|_| vehicle == Vehicle::Car)
        .map(|miles| format_tenths(miles * 10).trim_end_matches(".0").to_string())
        .map(|miles| group_thousands(&miles));
    let mut parts = Vec::new();
    let first = l.first_band_tenths.unwrap_or(0).abs();
    let after = l.after_band_tenths.unwrap_or(0).abs();
    if first > 0 {
        let note = band
            .as_ref()
            .map(|b| format!(" (first {b} miles this tax year)"))
            .unwrap_or_default();
        parts.push(format!(
            "{} miles at {}{note}",
            format_tenths(first),
            pence(l.first_band_pence.unwrap_or(0)),
        ));
    }
    if after > 0 {
        let note = band
            .as_ref()
            .map(|b| format!(" (over {b} miles this tax year)"))
            .unwrap_or_default();
        parts.push(format!(
            "{} miles at {}{note}",
            format_tenths(after),
            pence(l.after_band_pence.unwrap_or(0)),
        ));
    }
    if passengers > 0 {
        parts.push(format!(
            "passengers {} a mile each",
            pence(l.passenger_pence.unwrap_or(0))
        ));
    }
    s.push_str(": ");
    s.push_str(&parts.join(" + "));
    s
}

/// Rates under a pound read as pence ("45p"), as HMRC writes them.
fn pence(p: i64) -> String {
    if p.abs() < 100 {
        format!("{p}p")
    } else {
        format_pence(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn car(band_miles: i64, first: i64, after: i64) -> LineFields {
        LineFields {
            kind: LineKind::Mileage,
            from_place: Some("Home".into()),
            to_place: Some("County Hall".into()),
            miles_tenths: Some(first + after),
            vehicle: Some(Vehicle::Car),
            passengers: Some(1),
            band_miles: Some(band_miles),
            first_band_tenths: Some(first),
            after_band_tenths: Some(after),
            first_band_pence: Some(45),
            after_band_pence: Some(25),
            passenger_pence: Some(5),
            ..LineFields::default()
        }
    }

    #[test]
    fn names_the_band_the_line_was_made_with() {
        assert_eq!(
            line_details(&car(10_000, 245, 0)),
            "Home → County Hall, 24.5 miles by car with 1 passenger: 24.5 miles at 45p (first 10,000 miles this tax year) + passengers 5p a mile each"
        );
        let five = line_details(&car(5_000, 100, 200));
        assert!(five.contains("(first 5,000 miles this tax year)"), "{five}");
        assert!(
            five.contains("20.0 miles at 25p (over 5,000 miles this tax year)"),
            "{five}"
        );
        assert!(!five.contains("10,000"), "{five}");
    }

    #[test]
    fn reversals_read_like_their_line() {
        let mut l = car(10_000, 245, 0).reversed(7, "wrong day");
        l.amount_pence = -1103;
        let text = line_details(&l);
        assert!(
            text.starts_with("Home → County Hall, 24.5 miles by car"),
            "{text}"
        );
        assert!(text.ends_with(". Reversal: wrong day"), "{text}");
    }
}
