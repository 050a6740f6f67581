//! How each kind of claim line is worked out, to the penny. Pure functions over a policy,
//! so the rules are tested without a database. Rounding is half away from zero at the very
//! end of each sum, so a reversal is always the exact negative of its line.

use super::kinds::{TimeBasis, Vehicle};
use crate::model::Policy;
use crate::store::{CoreError, Result};
use crate::text::div_round;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeCalc {
    pub rate_pence: i64,
    pub amount_pence: i64,
}

/// Recognition payment for time: by the hour, or a fixed half or full day.
pub fn time(minutes: i64, basis: TimeBasis, p: &Policy) -> Result<TimeCalc> {
    match basis {
        TimeBasis::Hourly => Ok(TimeCalc {
            rate_pence: p.recognition_hourly_pence,
            amount_pence: div_round(minutes * p.recognition_hourly_pence, 60),
        }),
        TimeBasis::HalfDay | TimeBasis::FullDay => {
            let fixed = if basis == TimeBasis::HalfDay {
                p.recognition_half_day_pence
            } else {
                p.recognition_full_day_pence
            };
            let fixed = fixed.ok_or_else(|| {
                CoreError::invalid(
                    "time_basis",
                    format!(
                        "The payment policy from {} has no {} amount. Claim by the hour, or add the amount in Settings.",
                        p.effective_from,
                        if basis == TimeBasis::HalfDay { "half-day" } else { "full-day" }
                    ),
                )
            })?;
            Ok(TimeCalc {
                rate_pence: fixed,
                amount_pence: fixed,
            })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MileageCalc {
    /// The size of the car band, in miles, that this journey was worked out with.
    pub band_miles: Option<i64>,
    pub first_band_tenths: i64,
    pub after_band_tenths: i64,
    pub first_band_pence: i64,
    pub after_band_pence: i64,
    pub passenger_pence: i64,
    pub amount_pence: i64,
}

/// HMRC mileage: cars and vans are paid the first-band rate up to the band limit (10,000
/// miles) in the tax year and the lower rate after; `earlier_car_tenths` is what the rep has
/// already driven for the forum this tax year. Motorcycles and bicycles have one rate.
/// Each passenger adds the passenger rate per mile.
pub fn mileage(
    tenths: i64,
    vehicle: Vehicle,
    passengers: i64,
    earlier_car_tenths: i64,
    p: &Policy,
) -> Result<MileageCalc> {
    let (first, after, r1, r2) = match vehicle {
        Vehicle::Car => {
            let band = p.car_band_miles * 10;
            let left_in_band = (band - earlier_car_tenths.max(0)).clamp(0, tenths);
            (
                left_in_band,
                tenths - left_in_band,
                p.car_first_band_pence,
                p.car_after_band_pence,
            )
        }
        Vehicle::Motorcycle => (tenths, 0, p.motorcycle_pence, p.motorcycle_pence),
        Vehicle::Bicycle => (tenths, 0, p.bicycle_pence, p.bicycle_pence),
    };
    if passengers > 0 && vehicle == Vehicle::Bicycle {
        return Err(CoreError::invalid(
            "passengers",
            "Passengers cannot be claimed on a bicycle.",
        ));
    }
    let passenger_rate = if passengers > 0 { p.passenger_pence } else { 0 };
    // Sum in tenths of a penny-mile, then round once.
    let tenth_pence = first * r1 + after * r2 + tenths * passengers * passenger_rate;
    Ok(MileageCalc {
        band_miles: (vehicle == Vehicle::Car).then_some(p.car_band_miles),
        first_band_tenths: first,
        after_band_tenths: after,
        first_band_pence: r1,
        after_band_pence: r2,
        passenger_pence: passenger_rate,
        amount_pence: div_round(tenth_pence, 10),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildcareCalc {
    pub cap_pence: i64,
    pub amount_pence: i64,
}

/// Childcare is paid as spent, up to the policy's cap per hour of care.
pub fn childcare(minutes: i64, spent_pence: i64, p: &Policy) -> ChildcareCalc {
    let cap = div_round(minutes * p.childcare_cap_hourly_pence, 60);
    ChildcareCalc {
        cap_pence: cap,
        amount_pence: spent_pence.min(cap),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::kinds::{TimeBasis, Vehicle};
    use crate::forum::policies::default_policy;

    #[test]
    fn time_by_the_hour_rounds_to_the_penny() {
        let mut p = default_policy();
        p.recognition_hourly_pence = 1375; // £13.75 an hour
                                           // 50 minutes = 1145.8333p -> 1146p
        assert_eq!(
            time(50, TimeBasis::Hourly, &p).unwrap(),
            TimeCalc {
                rate_pence: 1375,
                amount_pence: 1146
            }
        );
        assert_eq!(
            time(90, TimeBasis::Hourly, &default_policy())
                .unwrap()
                .amount_pence,
            2250
        );
        assert_eq!(
            time(200, TimeBasis::HalfDay, &default_policy())
                .unwrap()
                .amount_pence,
            5000
        );
        p.recognition_full_day_pence = None;
        let e = time(400, TimeBasis::FullDay, &p).unwrap_err();
        assert_eq!(e.field(), Some("time_basis"));
    }

    #[test]
    fn car_mileage_splits_across_the_10000_mile_band() {
        let p = default_policy();
        // Within the band: 24.5 miles at 45p = 1102.5p -> 1103p.
        let m = mileage(245, Vehicle::Car, 0, 0, &p).unwrap();
        assert_eq!(
            (m.first_band_tenths, m.after_band_tenths, m.amount_pence),
            (245, 0, 1103)
        );
        // 9,990 miles already driven: 10 miles at 45p and 20 at 25p = 450 + 500.
        let m = mileage(300, Vehicle::Car, 0, 99_900, &p).unwrap();
        assert_eq!(
            (m.first_band_tenths, m.after_band_tenths, m.amount_pence),
            (100, 200, 950)
        );
        // Past the band altogether.
        assert_eq!(
            mileage(100, Vehicle::Car, 0, 120_000, &p)
                .unwrap()
                .amount_pence,
            250
        );
    }

    #[test]
    fn passengers_add_5p_a_mile_each_and_other_vehicles_have_one_rate() {
        let p = default_policy();
        // 30 miles, 2 passengers: 30*45 + 30*2*5 = 1350 + 300
        assert_eq!(
            mileage(300, Vehicle::Car, 2, 0, &p).unwrap().amount_pence,
            1650
        );
        assert_eq!(
            mileage(100, Vehicle::Motorcycle, 0, 999_999, &p)
                .unwrap()
                .amount_pence,
            240
        );
        assert_eq!(
            mileage(55, Vehicle::Bicycle, 0, 0, &p)
                .unwrap()
                .amount_pence,
            110
        );
        assert!(mileage(55, Vehicle::Bicycle, 1, 0, &p).is_err());
    }

    #[test]
    fn childcare_is_capped_per_hour() {
        let p = default_policy(); // £12.00 an hour cap
        assert_eq!(
            childcare(180, 3000, &p),
            ChildcareCalc {
                cap_pence: 3600,
                amount_pence: 3000
            }
        );
        assert_eq!(
            childcare(150, 4000, &p),
            ChildcareCalc {
                cap_pence: 3000,
                amount_pence: 3000
            }
        );
    }
}
