//! The monthly claim pack a forum sends to its funder: a cover page with a
//! summary, one section per rep with every line, then the receipts.
//!
//! Totals are always worked out here from the lines themselves, so the
//! printed totals equal the sum of the printed lines to the penny.
//! [`claim_totals`] exposes the same sums for tests and for the app.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{ExportError, Result};
use crate::fonts::Weight;
use crate::format;
use crate::images::{self, Picture, PrintCopy, ReceiptKind};
use crate::layout::{Column, PageWriter, Row, Table, BODY};
use crate::progress::{Progress, Stage};
use crate::SignaturePanel;

// ---------------------------------------------------------------- inputs

/// Everything needed to produce one month's claim pack for one funder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimPackInput {
    /// The forum making the claim.
    pub forum: ForumDetails,
    /// Who is being asked to pay.
    pub funder: FunderDetails,
    /// The month the claims are for.
    pub month: ClaimMonth,
    /// A sentence about how and when to pay, printed on the cover, e.g.
    /// "Please pay within 30 days to Northshire PCF, sort code 12-34-56, account 12345678."
    pub payment_terms: String,
    /// The approved claims, one per rep. Usually only approved claims are
    /// included; `status` is printed as given.
    pub claims: Vec<RepClaim>,
    /// When the pack is generated (goes into the PDF's dates).
    pub generated_at: DateTime<Utc>,
    /// The visible "digitally signed" box for the last page, if the pack is
    /// going to be signed.
    pub signature_panel: Option<SignaturePanel>,
}

/// The forum's own details for the cover page.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ForumDetails {
    pub name: String,
    /// Postal address, one line per entry.
    pub address_lines: Vec<String>,
    pub charity_number: Option<String>,
    pub company_number: Option<String>,
}

/// The funder and the references they need to match the claim to a budget.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct FunderDetails {
    pub name: String,
    pub cost_code: Option<String>,
    /// Purchase order number or other reference.
    pub po_reference: Option<String>,
}

/// A calendar month, e.g. `{ year: 2026, month: 10 }` for October 2026.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct ClaimMonth {
    pub year: i32,
    /// 1 = January ... 12 = December.
    pub month: u32,
}

impl ClaimMonth {
    /// "October 2026".
    pub fn display(&self) -> String {
        format::month_name(self.year, self.month)
    }
}

/// One rep's claim for the month.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepClaim {
    /// The claim's database id (shown nowhere; useful for tracing).
    pub claim_id: i64,
    pub rep_name: String,
    /// Plain-English status, e.g. "Approved".
    pub status: String,
    pub lines: Vec<ClaimLine>,
    /// The rep's declaration, if they have made it.
    pub declaration: Option<Declaration>,
    /// Who approved the claim and when, if it has been approved.
    pub approval: Option<Approval>,
}

/// The rep's declaration that the claim is true.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Declaration {
    /// The exact wording the rep agreed to.
    pub text: String,
    /// When they agreed to it (UK time).
    pub made_at: NaiveDateTime,
}

/// Who approved a claim and when.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Approval {
    pub approved_by: String,
    /// UK time.
    pub approved_at: NaiveDateTime,
}

/// One line of a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimLine {
    /// The line's database id; reversals point at it.
    pub id: i64,
    /// The day the activity took place.
    pub date: NaiveDate,
    /// What the rep was doing.
    pub activity: LineActivity,
    /// What is being claimed and how it was worked out.
    pub kind: LineKind,
    /// The amount claimed in pence, as worked out by the core rules.
    /// Negative for a reversal.
    pub amount_pence: i64,
    /// If this line reverses (cancels) an earlier line, that line's id.
    pub reverses_line_id: Option<i64>,
    /// Warnings the approver saw and accepted for this line, in plain English.
    pub accepted_warnings: Vec<String>,
    /// Receipts attached to this line.
    pub receipts: Vec<Receipt>,
}

/// What the rep was doing: a forum meeting, or something else.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LineActivity {
    /// A meeting, e.g. title "SEND Partnership Board", group "Northshire County Council".
    Meeting { title: String, group: String },
    /// Any other activity, described in the rep's words.
    Other { description: String },
}

/// What is being claimed. Decides the column on the cover summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LineKind {
    /// Time given, paid at an hourly or sessional rate. Column "Time".
    Time { basis: TimeBasis },
    /// Travel by own vehicle. Column "Mileage".
    Mileage {
        /// Where the journey started, e.g. "Home".
        from: String,
        /// Where it ended, e.g. "County Hall".
        to: String,
        /// Total distance in tenths of a mile (240 = 24.0 miles).
        miles_tenths: i64,
        /// "car", "motorcycle" or "bicycle".
        vehicle: String,
        /// How many forum passengers were carried.
        passengers: u32,
        /// How the miles were paid: usually one band, two if the journey
        /// crossed the 10,000-mile point in the tax year.
        bands: Vec<MileageBand>,
        /// Extra pence per passenger per mile (e.g. 5).
        passenger_pence_per_mile: i64,
    },
    /// Train, bus or taxi fares, or parking. Column "Fares and parking".
    FaresAndParking { description: String },
    /// Childcare or replacement care while the rep was on forum business.
    /// Column "Childcare".
    Childcare {
        /// Minutes of care.
        minutes: u32,
        /// What the rep actually paid, in pence.
        spent_pence: i64,
        /// The most the forum will pay for this, in pence.
        cap_pence: i64,
    },
    /// Anything else. Column "Other".
    Other { description: String },
}

/// How time was paid.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimeBasis {
    /// Paid by the hour: "90 minutes at £15.00 an hour".
    Hourly {
        minutes: u32,
        hourly_rate_pence: i64,
    },
    /// A fixed half-day session fee.
    HalfDay,
    /// A fixed full-day session fee.
    FullDay,
}

/// Part of a journey paid at one rate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MileageBand {
    /// Miles in this band, in tenths of a mile.
    pub miles_tenths: i64,
    /// Pence per mile for this band (e.g. 45, or 25 after 10,000 miles).
    pub pence_per_mile: i64,
    /// Which band this is, e.g. "first 10,000 miles this tax year".
    pub band: String,
}

/// A receipt file attached to a line: a JPEG or PNG picture, or a PDF.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Receipt {
    /// The file name as stored, e.g. "parking-03-10.jpg".
    pub file_name: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// The picture's print copy, made by [`crate::receipt_print_copy`] when
    /// the receipt was attached. The pack embeds it as it is, which is much
    /// quicker than shrinking the original. `None` for PDFs, and for
    /// receipts attached before print copies existed: the pack then makes
    /// one from `bytes` while it is built (the same picture, only slower).
    #[serde(default)]
    pub print_copy: Option<PrintCopy>,
}

// ---------------------------------------------------------------- totals

/// Amounts in pence per summary column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimTotals {
    pub time: i64,
    pub mileage: i64,
    pub fares_and_parking: i64,
    pub childcare: i64,
    pub other: i64,
    pub total: i64,
}

impl ClaimTotals {
    fn add_line(&mut self, line: &ClaimLine) {
        let a = line.amount_pence;
        let slot = match line.kind {
            LineKind::Time { .. } => &mut self.time,
            LineKind::Mileage { .. } => &mut self.mileage,
            LineKind::FaresAndParking { .. } => &mut self.fares_and_parking,
            LineKind::Childcare { .. } => &mut self.childcare,
            LineKind::Other { .. } => &mut self.other,
        };
        *slot = slot.saturating_add(a);
        self.total = self.total.saturating_add(a);
    }

    fn add(&mut self, o: &ClaimTotals) {
        self.time = self.time.saturating_add(o.time);
        self.mileage = self.mileage.saturating_add(o.mileage);
        self.fares_and_parking = self.fares_and_parking.saturating_add(o.fares_and_parking);
        self.childcare = self.childcare.saturating_add(o.childcare);
        self.other = self.other.saturating_add(o.other);
        self.total = self.total.saturating_add(o.total);
    }
}

/// One rep's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepTotals {
    pub claim_id: i64,
    pub rep_name: String,
    pub totals: ClaimTotals,
}

/// Everything the cover page adds up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackTotals {
    pub reps: Vec<RepTotals>,
    pub grand: ClaimTotals,
    /// Number of receipt files attached across all lines.
    pub receipts: usize,
}

/// Adds up the pack from its lines. The renderer and the CSV use this, so
/// what they print always matches.
pub fn claim_totals(input: &ClaimPackInput) -> PackTotals {
    let mut grand = ClaimTotals::default();
    let mut receipts = 0;
    let reps = input
        .claims
        .iter()
        .map(|claim| {
            let mut totals = ClaimTotals::default();
            for line in &claim.lines {
                totals.add_line(line);
                receipts += line.receipts.len();
            }
            grand.add(&totals);
            RepTotals {
                claim_id: claim.claim_id,
                rep_name: claim.rep_name.clone(),
                totals,
            }
        })
        .collect();
    PackTotals {
        reps,
        grand,
        receipts,
    }
}

// ---------------------------------------------------------------- wording

/// The summary column a line belongs to, as a word for people.
pub(crate) fn kind_label(kind: &LineKind) -> &'static str {
    match kind {
        LineKind::Time { .. } => "Time",
        LineKind::Mileage { .. } => "Mileage",
        LineKind::FaresAndParking { .. } => "Fares and parking",
        LineKind::Childcare { .. } => "Childcare",
        LineKind::Other { .. } => "Other",
    }
}

/// "SEND Partnership Board (Northshire County Council)" or the description.
pub(crate) fn activity_text(activity: &LineActivity) -> String {
    match activity {
        LineActivity::Meeting { title, group } if group.trim().is_empty() => title.clone(),
        LineActivity::Meeting { title, group } => format!("{title} ({group})"),
        LineActivity::Other { description } => description.clone(),
    }
}

/// How the amount was worked out, in words.
pub(crate) fn details_text(kind: &LineKind) -> String {
    match kind {
        LineKind::Time {
            basis:
                TimeBasis::Hourly {
                    minutes,
                    hourly_rate_pence,
                },
        } => {
            format!(
                "{minutes} minutes at {} an hour",
                format::money(*hourly_rate_pence)
            )
        }
        LineKind::Time {
            basis: TimeBasis::HalfDay,
        } => "Half day".to_string(),
        LineKind::Time {
            basis: TimeBasis::FullDay,
        } => "Full day".to_string(),
        LineKind::Mileage {
            from,
            to,
            miles_tenths,
            vehicle,
            passengers,
            bands,
            passenger_pence_per_mile,
        } => {
            let people = match passengers {
                0 => "no passengers".to_string(),
                1 => "1 passenger".to_string(),
                n => format!("{n} passengers"),
            };
            let mut out = format!(
                "{from} → {to}, {} miles, {vehicle}, {people}",
                format::tenths(*miles_tenths)
            );
            let bands: Vec<String> = bands
                .iter()
                .map(|b| {
                    let label = if b.band.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", b.band)
                    };
                    format!(
                        "{} miles at {}{label}",
                        format::tenths(b.miles_tenths),
                        format::rate_pence(b.pence_per_mile)
                    )
                })
                .collect();
            if !bands.is_empty() {
                out.push_str("; ");
                out.push_str(&bands.join(", "));
            }
            if *passengers > 0 {
                let each = if *passengers > 1 { " each" } else { "" };
                out.push_str(&format!(
                    ", passenger {} a mile{each}",
                    format::rate_pence(*passenger_pence_per_mile)
                ));
            }
            out
        }
        LineKind::FaresAndParking { description } => description.clone(),
        LineKind::Childcare {
            minutes,
            spent_pence,
            cap_pence,
        } => {
            let hours = format::tenths((i64::from(*minutes) * 10 + 30) / 60);
            let capped = if spent_pence > cap_pence {
                ", so the cap applies"
            } else {
                ""
            };
            format!(
                "{hours} hours of childcare, {} spent, cap {}{capped}",
                format::money(*spent_pence),
                format::money(*cap_pence)
            )
        }
        LineKind::Other { description } => description.clone(),
    }
}

/// Details plus, for a reversal, which line it corrects.
pub(crate) fn line_details(line: &ClaimLine, all_lines: &[&ClaimLine]) -> String {
    let base = details_text(&line.kind);
    match line.reverses_line_id {
        None => base,
        Some(target) => match all_lines.iter().find(|l| l.id == target) {
            Some(t) => format!("Reverses line of {}: {base}", format::date(t.date)),
            None => format!("Reverses an earlier line (number {target}): {base}"),
        },
    }
}

/// Lines in date order, each reversal placed straight after the line it corrects.
fn ordered_lines(lines: &[ClaimLine]) -> Vec<&ClaimLine> {
    let mut sorted: Vec<&ClaimLine> = lines.iter().collect();
    sorted.sort_by_key(|l| (l.date, l.id));
    let ids: Vec<i64> = sorted.iter().map(|l| l.id).collect();
    let (reversals, mut ordered): (Vec<&ClaimLine>, Vec<&ClaimLine>) = sorted
        .into_iter()
        .partition(|l| l.reverses_line_id.is_some_and(|t| ids.contains(&t)));
    for rev in reversals {
        let target = rev.reverses_line_id;
        // After the target and after any earlier reversals of the same target.
        let pos = ordered
            .iter()
            .rposition(|l| Some(l.id) == target || l.reverses_line_id == target)
            .map_or(ordered.len(), |p| p + 1);
        ordered.insert(pos, rev);
    }
    ordered
}

// ---------------------------------------------------------------- render

/// Renders the claim pack as an unsigned PDF.
pub fn render_claim_pack(input: &ClaimPackInput) -> Result<Vec<u8>> {
    render_claim_pack_with(input, &Progress::new())
}

/// Renders one rep's claim as the readable form inside a signed claim file: the same layout
/// as the pack, called a claim form, so a person can read it without Forum Desk.
pub fn render_claim_form(input: &ClaimPackInput) -> Result<Vec<u8>> {
    render_titled(input, "claim form", &Progress::new())
}

/// [`render_claim_pack`], counting receipts and pages in `progress` as they are done and
/// stopping with [`ExportError::Cancelled`] when it is cancelled.
pub fn render_claim_pack_with(input: &ClaimPackInput, progress: &Progress) -> Result<Vec<u8>> {
    render_titled(input, "claim pack", progress)
}

fn render_titled(input: &ClaimPackInput, what: &str, progress: &Progress) -> Result<Vec<u8>> {
    if !(1..=12).contains(&input.month.month) {
        return Err(ExportError::InvalidInput(format!(
            "the claim month must be between 1 and 12, not {}",
            input.month.month
        )));
    }
    let totals = claim_totals(input);
    let month = input.month.display();
    let mut w = PageWriter::new(
        &format!("{} {what}, {month}", input.forum.name),
        format!("{} · {month} {what}", input.forum.name),
        None,
        input.generated_at,
    )?;
    cover_page(&mut w, input, &totals);
    for (claim, rep_totals) in input.claims.iter().zip(&totals.reps) {
        rep_section(&mut w, claim, &rep_totals.totals);
    }
    receipts_section(&mut w, input, progress)?;
    if let Some(panel) = &input.signature_panel {
        w.signature_panel(panel);
    }
    w.finish_with(progress)
}

fn cover_page(w: &mut PageWriter, input: &ClaimPackInput, totals: &PackTotals) {
    let forum = &input.forum;
    w.heading(&forum.name, 1);
    for line in &forum.address_lines {
        w.paragraph(line, BODY, Weight::Regular);
    }
    if let Some(n) = &forum.charity_number {
        w.paragraph(
            &format!("Registered charity number {n}"),
            BODY,
            Weight::Regular,
        );
    }
    if let Some(n) = &forum.company_number {
        w.paragraph(&format!("Company number {n}"), BODY, Weight::Regular);
    }
    w.heading(
        &format!("Expenses and time claim for {}", input.month.display()),
        2,
    );
    w.label_value("Funder", &input.funder.name);
    if let Some(c) = &input.funder.cost_code {
        w.label_value("Cost code", c);
    }
    if let Some(p) = &input.funder.po_reference {
        w.label_value("Purchase order / reference", p);
    }
    w.label_value("Claim month", &input.month.display());
    w.label_value(
        "Prepared on",
        &format::date_time(format::uk_local(input.generated_at)),
    );
    w.space(6.0);

    w.heading("Summary", 2);
    if input.claims.is_empty() {
        w.paragraph(
            "There are no approved claims for this month.",
            BODY,
            Weight::Regular,
        );
    }
    let money_cols = [
        "Time",
        "Mileage",
        "Fares and parking",
        "Childcare",
        "Other",
        "Total",
    ];
    let mut columns = vec![Column::left("Rep", 2.2)];
    columns.extend(money_cols.iter().map(|t| Column::right(t, 1.25)));
    let amounts = |t: &ClaimTotals| {
        [
            t.time,
            t.mileage,
            t.fares_and_parking,
            t.childcare,
            t.other,
            t.total,
        ]
        .map(format::money)
        .to_vec()
    };
    let mut rows: Vec<Row> = totals
        .reps
        .iter()
        .map(|r| {
            let mut cells = vec![r.rep_name.clone()];
            cells.extend(amounts(&r.totals));
            Row::plain(cells)
        })
        .collect();
    let mut grand = vec!["Total for the month".to_string()];
    grand.extend(amounts(&totals.grand));
    rows.push(Row {
        cells: grand,
        bold: true,
        shaded: true,
    });
    w.table(&Table {
        columns,
        rows,
        size: 8.5,
    });

    w.heading("Approvals", 3);
    let approval_rows = input
        .claims
        .iter()
        .map(|c| {
            let (by, at) = match &c.approval {
                Some(a) => (a.approved_by.clone(), format::date_time(a.approved_at)),
                None => ("Not yet approved".to_string(), String::new()),
            };
            let receipts: usize = c.lines.iter().map(|l| l.receipts.len()).sum();
            Row::plain(vec![
                c.rep_name.clone(),
                c.status.clone(),
                by,
                at,
                receipts.to_string(),
            ])
        })
        .collect();
    w.table(&Table {
        columns: vec![
            Column::left("Rep", 2.0),
            Column::left("Status", 1.2),
            Column::left("Approved by", 2.0),
            Column::left("Approved on", 1.5),
            Column::right("Receipts", 1.0),
        ],
        rows: approval_rows,
        size: 8.5,
    });
    let receipt_word = if totals.receipts == 1 {
        "receipt"
    } else {
        "receipts"
    };
    w.paragraph(
        &format!(
            "Number of receipts enclosed: {} {receipt_word}.",
            totals.receipts
        ),
        BODY,
        Weight::Bold,
    );
    w.space(4.0);
    w.paragraph(
        &format!("Payment terms: {}", input.payment_terms),
        BODY,
        Weight::Regular,
    );
}

fn rep_section(w: &mut PageWriter, claim: &RepClaim, totals: &ClaimTotals) {
    w.new_page();
    w.heading(&format!("Claim from {}", claim.rep_name), 1);
    w.label_value("Status", &claim.status);
    let lines = ordered_lines(&claim.lines);
    let mut rows = Vec::new();
    for line in &lines {
        let mut details = format!("{}: {}", kind_label(&line.kind), line_details(line, &lines));
        for warning in &line.accepted_warnings {
            details.push_str(&format!("\nWarning accepted by the approver: {warning}"));
        }
        rows.push(Row {
            cells: vec![
                format::date(line.date),
                activity_text(&line.activity),
                details,
                format::money(line.amount_pence),
            ],
            bold: false,
            shaded: line.reverses_line_id.is_some(),
        });
    }
    rows.push(Row {
        cells: vec![
            String::new(),
            format!("Total for {}", claim.rep_name),
            String::new(),
            format::money(totals.total),
        ],
        bold: true,
        shaded: true,
    });
    w.table(&Table {
        columns: vec![
            Column::left("Date", 1.15),
            Column::left("Activity", 2.6),
            Column::left("Details", 4.6),
            Column::right("Amount", 1.35),
        ],
        rows,
        size: 8.5,
    });
    match &claim.declaration {
        Some(d) => {
            w.heading("Declaration", 3);
            w.paragraph(&d.text, BODY, Weight::Regular);
            w.paragraph(
                &format!(
                    "Made by {} on {}.",
                    claim.rep_name,
                    format::date_time(d.made_at)
                ),
                BODY,
                Weight::Regular,
            );
        }
        None => w.paragraph(
            "The rep has not yet made the declaration.",
            BODY,
            Weight::Bold,
        ),
    }
    match &claim.approval {
        Some(a) => {
            w.heading("Approval", 3);
            w.paragraph(
                &format!(
                    "Approved by {} on {}.",
                    a.approved_by,
                    format::date_time(a.approved_at)
                ),
                BODY,
                Weight::Regular,
            );
        }
        None => w.paragraph("This claim has not yet been approved.", BODY, Weight::Bold),
    }
}

fn receipts_section(w: &mut PageWriter, input: &ClaimPackInput, progress: &Progress) -> Result<()> {
    let all: Vec<(&RepClaim, &ClaimLine, &Receipt)> = input
        .claims
        .iter()
        .flat_map(|c| ordered_lines(&c.lines).into_iter().map(move |l| (c, l)))
        .flat_map(|(c, l)| l.receipts.iter().map(move |r| (c, l, r)))
        .collect();
    if all.is_empty() {
        return Ok(());
    }
    let count = all.len();
    // Pictures are ready first (on all cores, for receipts that need a print
    // copy made now); layout then places them in order.
    let receipts: Vec<&Receipt> = all.iter().map(|(_, _, r)| *r).collect();
    progress.receipts_total(count);
    progress.stage(Stage::Receipts);
    let prepared = prepare_receipts(&receipts, progress)?;
    // Files that cannot be shown as pictures are listed together on one page.
    let mut listed: Vec<(usize, String)> = Vec::new();
    for (i, ((claim, line, receipt), picture)) in all.into_iter().zip(prepared).enumerate() {
        let number = i + 1;
        let caption = vec![
            format!("Receipt {number} of {count}: {}", receipt.file_name),
            format!(
                "{} · {} · {} · {} · {}",
                claim.rep_name,
                format::date(line.date),
                activity_text(&line.activity),
                details_text(&line.kind),
                format::money(line.amount_pence)
            ),
        ];
        let note = match picture {
            Prepared::Picture(picture) => {
                w.image_page(picture, &caption);
                continue;
            }
            Prepared::Unreadable(e) => format!("This receipt could not be shown. {e}"),
            Prepared::Pdf => {
                format!("This receipt is a PDF file and is enclosed separately: {}", receipt.file_name)
            }
            Prepared::Unknown => format!(
                "This receipt is not a picture or PDF this app can show and is enclosed separately: {}",
                receipt.file_name
            ),
        };
        listed.push((number, format!("{}\n{}\n{note}", caption[0], caption[1])));
    }
    if !listed.is_empty() {
        w.new_page();
        w.heading("Receipts enclosed separately", 2);
        for (_, text) in listed {
            w.paragraph(&text, BODY, Weight::Regular);
            w.space(6.0);
        }
    }
    Ok(())
}

/// A receipt ready for the page.
enum Prepared {
    Picture(Picture),
    Unreadable(ExportError),
    Pdf,
    Unknown,
}

/// Gets each receipt ready: a picture's stored print copy is embedded as it
/// is; a picture without a usable one has a print copy made now.
fn prepare_receipt(r: &Receipt) -> Prepared {
    match images::receipt_kind(&r.bytes) {
        ReceiptKind::Jpeg | ReceiptKind::Png => {
            let stored = r
                .print_copy
                .as_ref()
                .and_then(|copy| images::stored_picture(copy, &r.bytes));
            if let Some(picture) = stored {
                return Prepared::Picture(picture);
            }
            let made = images::receipt_print_copy(&r.file_name, &r.bytes).and_then(|copy| {
                images::picture(&copy).ok_or_else(|| ExportError::BadReceipt {
                    file_name: r.file_name.clone(),
                    reason: "its print copy could not be embedded".into(),
                })
            });
            match made {
                Ok(picture) => Prepared::Picture(picture),
                Err(e) => Prepared::Unreadable(e),
            }
        }
        ReceiptKind::Pdf => Prepared::Pdf,
        ReceiptKind::Unknown => Prepared::Unknown,
    }
}

/// Prepares receipts on all cores, keeping their order. Each thread takes
/// the next receipt not yet taken, so one slow receipt does not leave the
/// other cores idle. Each receipt done is counted in `progress`; no thread
/// starts another receipt once it is cancelled.
fn prepare_receipts(receipts: &[&Receipt], progress: &Progress) -> Result<Vec<Prepared>> {
    // If a decoder ever panics, mark that receipt as unreadable rather than
    // lose the whole pack.
    let prepare = |r: &Receipt| {
        let prepared =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepare_receipt(r)))
                .unwrap_or_else(|_| {
                    Prepared::Unreadable(ExportError::BadReceipt {
                        file_name: r.file_name.clone(),
                        reason: "the picture decoder failed".into(),
                    })
                });
        progress.receipt_done();
        prepared
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
        .min(receipts.len());
    if threads < 2 {
        let mut done = Vec::with_capacity(receipts.len());
        for r in receipts {
            progress.check()?;
            done.push(prepare(r));
        }
        return Ok(done);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            if progress.is_cancelled() {
                return done;
            }
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(r) = receipts.get(i) else {
                return done;
            };
            done.push((i, prepare(r)));
        }
    };
    let mut slots: Vec<Option<Prepared>> = receipts.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        for handle in handles {
            for (i, prepared) in handle.join().unwrap_or_default() {
                slots[i] = Some(prepared);
            }
        }
    });
    // Cancelled part-way: some slots are empty because nobody took them, not
    // because a decoder failed.
    progress.check()?;
    Ok(slots
        .into_iter()
        .zip(receipts)
        .map(|(slot, r)| {
            slot.unwrap_or_else(|| {
                Prepared::Unreadable(ExportError::BadReceipt {
                    file_name: r.file_name.clone(),
                    reason: "the picture decoder failed".into(),
                })
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: i64, day: u32, amount: i64, reverses: Option<i64>) -> ClaimLine {
        ClaimLine {
            id,
            date: NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            activity: LineActivity::Other {
                description: "Visit".into(),
            },
            kind: LineKind::Other {
                description: "Stamps".into(),
            },
            amount_pence: amount,
            reverses_line_id: reverses,
            accepted_warnings: vec![],
            receipts: vec![],
        }
    }

    #[test]
    fn reversal_follows_its_line() {
        let lines = vec![
            line(1, 3, 500, None),
            line(2, 5, 700, None),
            line(3, 20, -500, Some(1)),
        ];
        let order: Vec<i64> = ordered_lines(&lines).iter().map(|l| l.id).collect();
        assert_eq!(order, vec![1, 3, 2]);
        let all: Vec<&ClaimLine> = lines.iter().collect();
        assert!(line_details(&lines[2], &all).starts_with("Reverses line of 03/10/2026"));
    }

    #[test]
    fn mileage_wording() {
        let kind = LineKind::Mileage {
            from: "Home".into(),
            to: "County Hall".into(),
            miles_tenths: 240,
            vehicle: "car".into(),
            passengers: 1,
            bands: vec![MileageBand {
                miles_tenths: 240,
                pence_per_mile: 45,
                band: String::new(),
            }],
            passenger_pence_per_mile: 5,
        };
        assert_eq!(
            details_text(&kind),
            "Home → County Hall, 24.0 miles, car, 1 passenger; 24.0 miles at 45p, passenger 5p a mile"
        );
    }
}
