//! The demo area's school term dates (dated data, as a forum types them in from its local
//! authority's website): the school years 2025/26, 2026/27 and 2027/28 for the fictional
//! Eastbridge, with each term's half term. Made up, in the usual pattern of English terms.

/// (name, first day, last day, half term first and last weekday)
pub const EASTBRIDGE_TERMS: [(&str, &str, &str, (&str, &str)); 9] = [
    (
        "Autumn term 2025",
        "2025-09-03",
        "2025-12-19",
        ("2025-10-27", "2025-10-31"),
    ),
    (
        "Spring term 2026",
        "2026-01-05",
        "2026-03-27",
        ("2026-02-16", "2026-02-20"),
    ),
    (
        "Summer term 2026",
        "2026-04-13",
        "2026-07-22",
        ("2026-05-25", "2026-05-29"),
    ),
    (
        "Autumn term 2026",
        "2026-09-03",
        "2026-12-18",
        ("2026-10-26", "2026-10-30"),
    ),
    (
        "Spring term 2027",
        "2027-01-04",
        "2027-03-25",
        ("2027-02-15", "2027-02-19"),
    ),
    (
        "Summer term 2027",
        "2027-04-12",
        "2027-07-21",
        ("2027-05-31", "2027-06-04"),
    ),
    (
        "Autumn term 2027",
        "2027-09-02",
        "2027-12-17",
        ("2027-10-25", "2027-10-29"),
    ),
    (
        "Spring term 2028",
        "2028-01-04",
        "2028-04-07",
        ("2028-02-14", "2028-02-18"),
    ),
    (
        "Summer term 2028",
        "2028-04-24",
        "2028-07-21",
        ("2028-05-29", "2028-06-02"),
    ),
];
