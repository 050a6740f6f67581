//! A small page writer over printpdf's low-level `Op` API.
//!
//! printpdf places text but does not wrap or paginate it, so this module does
//! both: it measures text with the fonts' glyph widths, breaks lines and
//! pages, and draws simple tables. Everything is laid out first into a list
//! of pages; only when the page count is known are the footers ("Page 3 of
//! 12") and watermarks added and the PDF written.

use chrono::{DateTime, Utc};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, XObjectId,
    XObjectTransform,
};

use crate::error::{ExportError, Result};
use crate::fonts::{self, Weight};
use crate::images::Picture;
use crate::progress::{Progress, Stage};
use crate::SignaturePanel;

/// A4 in points.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
/// Left and right margin.
pub const MARGIN_X: f32 = 50.0;
/// Content starts this far below the top edge.
const MARGIN_TOP: f32 = 50.0;
/// Content stops this far above the bottom edge, leaving room for the footer.
const MARGIN_BOTTOM: f32 = 62.0;
/// Baseline of the footer text.
const FOOTER_Y: f32 = 30.0;
/// Width available for content.
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Body text size.
pub const BODY: f32 = 10.0;
/// Space between lines as a multiple of the font size.
const LEADING: f32 = 1.35;

/// Space between a picture's caption and the picture.
const PICTURE_GAP: f32 = 6.0;
/// The widest a picture is ever drawn, in points: the content width.
pub const PICTURE_MAX_W: f32 = CONTENT_W;
/// The tallest a picture is ever drawn, in points: the page's content height
/// less the shortest caption [`PageWriter::image_page`] draws (two lines of
/// body text) and the gap below it. Receipts' print copies are sized from
/// this and [`PICTURE_MAX_W`] (see `images::print_size_limit`).
pub const PICTURE_MAX_H: f32 =
    PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - 2.0 * BODY * LEADING - PICTURE_GAP;

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One column of a [`Table`]. `width` is a share of the content width; the
/// shares are scaled to fill the page.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn left(title: &str, width: f32) -> Column {
        Column {
            title: title.to_string(),
            width,
            align: Align::Left,
        }
    }
    pub fn right(title: &str, width: f32) -> Column {
        Column {
            title: title.to_string(),
            width,
            align: Align::Right,
        }
    }
}

/// One row of a [`Table`].
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<String>,
    /// Totals rows are bold.
    pub bold: bool,
    /// Shaded rows stand out, e.g. reversals or totals.
    pub shaded: bool,
}

impl Row {
    pub fn plain(cells: Vec<String>) -> Row {
        Row {
            cells,
            bold: false,
            shaded: false,
        }
    }
}

/// A simple table: header row repeated on each page it spans.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub size: f32,
}

/// Something drawn on a page, in points from the bottom-left corner.
#[derive(Debug, Clone)]
enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
        grey: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: bool,
    },
    Image {
        id: XObjectId,
        x: f32,
        y: f32,
        scale: f32,
    },
}

/// Lays out a document page by page, then writes it.
pub struct PageWriter {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    pages: Vec<Vec<Item>>,
    /// Top of the next line, in points from the bottom of the page.
    cursor: f32,
    footer_left: String,
    watermark: Option<String>,
    generated_at: DateTime<Utc>,
}

impl PageWriter {
    /// Starts a document with one empty page.
    ///
    /// `footer_left` appears at the bottom of every page next to the page
    /// number; `watermark` (e.g. "DRAFT") is drawn large and light behind
    /// every page's content.
    pub fn new(
        title: &str,
        footer_left: String,
        watermark: Option<&str>,
        generated_at: DateTime<Utc>,
    ) -> Result<PageWriter> {
        let mut doc = PdfDocument::new(title);
        let regular = load_font(&mut doc, fonts::DEJAVU_SANS)?;
        let bold = load_font(&mut doc, fonts::DEJAVU_SANS_BOLD)?;
        Ok(PageWriter {
            doc,
            regular,
            bold,
            pages: vec![Vec::new()],
            cursor: PAGE_H - MARGIN_TOP,
            footer_left,
            watermark: watermark.map(str::to_string),
            generated_at,
        })
    }

    fn page(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Whether nothing has been drawn on the current page yet.
    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.is_empty())
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn new_page(&mut self) {
        if !self.page_is_empty() {
            self.pages.push(Vec::new());
        }
        self.cursor = PAGE_H - MARGIN_TOP;
    }

    /// Makes sure `height` points fit on the current page, else breaks.
    pub fn ensure(&mut self, height: f32) {
        if self.cursor - height < MARGIN_BOTTOM {
            self.new_page();
        }
    }

    /// Vertical space.
    pub fn space(&mut self, height: f32) {
        self.cursor -= height;
    }

    /// A single line of text at `x` (no wrapping); moves the cursor down.
    fn line_at(&mut self, x: f32, text: &str, size: f32, weight: Weight, grey: f32) {
        let lh = size * LEADING;
        self.ensure(lh);
        let y = self.cursor - size;
        self.page().push(Item::Text {
            x,
            y,
            size,
            weight,
            text: text.to_string(),
            grey,
        });
        self.cursor -= lh;
    }

    /// Wrapped text across the content width.
    pub fn paragraph(&mut self, text: &str, size: f32, weight: Weight) {
        self.paragraph_indented(text, size, weight, 0.0, 0.0);
    }

    /// Wrapped text, indented from the left margin, optionally greyed.
    pub fn paragraph_indented(
        &mut self,
        text: &str,
        size: f32,
        weight: Weight,
        indent: f32,
        grey: f32,
    ) {
        for line in wrap(text, size, weight, CONTENT_W - indent) {
            self.line_at(MARGIN_X + indent, &line, size, weight, grey);
        }
    }

    /// A heading; level 1 is the largest. Kept with at least a few lines of
    /// what follows so it never sits alone at the bottom of a page.
    pub fn heading(&mut self, text: &str, level: u8) {
        let size = match level {
            1 => 18.0,
            2 => 14.0,
            _ => 11.5,
        };
        if !self.page_is_empty() {
            self.space(size * 0.6);
        }
        self.ensure(size * LEADING + 4.0 * BODY * LEADING);
        self.paragraph(text, size, Weight::Bold);
        self.space(size * 0.2);
    }

    /// "Label  value" rows: the label in bold in a fixed column, both sides
    /// wrapped, the row as tall as the taller side.
    pub fn label_value(&mut self, label: &str, value: &str) {
        const LABEL_W: f32 = 150.0;
        let labels = wrap(label, BODY, Weight::Bold, LABEL_W - 10.0);
        let values = wrap(value, BODY, Weight::Regular, CONTENT_W - LABEL_W);
        let lh = BODY * LEADING;
        let rows = labels.len().max(values.len());
        // Short rows stay together; long values may break across pages.
        self.ensure(lh * rows.min(4) as f32);
        for i in 0..rows {
            self.ensure(lh);
            let y = self.cursor - BODY;
            if let Some(l) = labels.get(i) {
                self.page().push(Item::Text {
                    x: MARGIN_X,
                    y,
                    size: BODY,
                    weight: Weight::Bold,
                    text: l.clone(),
                    grey: 0.0,
                });
            }
            if let Some(v) = values.get(i) {
                self.page().push(Item::Text {
                    x: MARGIN_X + LABEL_W,
                    y,
                    size: BODY,
                    weight: Weight::Regular,
                    text: v.clone(),
                    grey: 0.0,
                });
            }
            self.cursor -= lh;
        }
    }

    /// A bulleted item.
    pub fn bullet(&mut self, text: &str) {
        let lines = wrap(text, BODY, Weight::Regular, CONTENT_W - 14.0);
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                self.ensure(BODY * LEADING);
                let y = self.cursor - BODY;
                self.page().push(Item::Text {
                    x: MARGIN_X + 3.0,
                    y,
                    size: BODY,
                    weight: Weight::Regular,
                    text: "•".to_string(),
                    grey: 0.0,
                });
            }
            self.line_at(MARGIN_X + 14.0, line, BODY, Weight::Regular, 0.0);
        }
    }

    /// Draws a table, breaking across pages and repeating its header.
    pub fn table(&mut self, table: &Table) {
        let total: f32 = table.columns.iter().map(|c| c.width).sum::<f32>().max(1.0);
        let widths: Vec<f32> = table
            .columns
            .iter()
            .map(|c| c.width / total * CONTENT_W)
            .collect();
        let header = Row {
            cells: table.columns.iter().map(|c| c.title.clone()).collect(),
            bold: true,
            shaded: true,
        };
        let header_h = self.row_height(&header, &widths, table.size);
        // Header plus the first row must fit together.
        let first_h = table
            .rows
            .first()
            .map_or(0.0, |r| self.row_height(r, &widths, table.size));
        self.ensure(header_h + first_h);
        self.draw_row(&header, &widths, table, true);
        for row in &table.rows {
            let h = self.row_height(row, &widths, table.size);
            if self.cursor - h < MARGIN_BOTTOM {
                self.new_page();
                self.draw_row(&header, &widths, table, true);
            }
            self.draw_row(row, &widths, table, false);
        }
        self.space(BODY * 0.6);
    }

    fn row_height(&self, row: &Row, widths: &[f32], size: f32) -> f32 {
        let weight = if row.bold {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let lines = row
            .cells
            .iter()
            .zip(widths)
            .map(|(cell, w)| wrap(cell, size, weight, w - 2.0 * CELL_PAD).len())
            .max()
            .unwrap_or(1)
            .max(1);
        lines as f32 * size * LEADING + 2.0 * CELL_PAD
    }

    fn draw_row(&mut self, row: &Row, widths: &[f32], table: &Table, is_header: bool) {
        let size = table.size;
        let weight = if row.bold {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let h = self.row_height(row, widths, size);
        let top = self.cursor;
        if row.shaded {
            let fill = if is_header { 0.88 } else { 0.94 };
            self.page().push(Item::Rect {
                x: MARGIN_X,
                y: top - h,
                w: CONTENT_W,
                h,
                fill: Some(fill),
                stroke: false,
            });
        }
        let mut x = MARGIN_X;
        for ((cell, w), col) in row.cells.iter().zip(widths).zip(&table.columns) {
            let metrics = fonts::metrics(weight);
            for (i, line) in wrap(cell, size, weight, w - 2.0 * CELL_PAD)
                .into_iter()
                .enumerate()
            {
                let y = top - CELL_PAD - size - i as f32 * size * LEADING;
                let tx = match col.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + w - CELL_PAD - metrics.width(&line, size),
                };
                self.page().push(Item::Text {
                    x: tx,
                    y,
                    size,
                    weight,
                    text: line,
                    grey: 0.0,
                });
            }
            x += w;
        }
        let bottom = top - h;
        self.page().push(Item::Line {
            x1: MARGIN_X,
            y1: bottom,
            x2: MARGIN_X + CONTENT_W,
            y2: bottom,
            width: if is_header { 0.8 } else { 0.3 },
            grey: 0.55,
        });
        self.cursor = bottom;
    }

    /// A page holding one picture, scaled to fit below its caption lines.
    ///
    /// `caption` has at least two lines, so the picture is never drawn
    /// larger than [`PICTURE_MAX_W`] x [`PICTURE_MAX_H`] points.
    pub fn image_page(&mut self, picture: Picture, caption: &[String]) {
        self.new_page();
        for line in caption {
            self.paragraph(line, BODY, Weight::Regular);
        }
        self.space(PICTURE_GAP);
        let (px_w, px_h) = (picture.width as f32, picture.height as f32);
        if px_w < 1.0 || px_h < 1.0 {
            return;
        }
        let avail_w = PICTURE_MAX_W;
        let avail_h = (self.cursor - MARGIN_BOTTOM).min(PICTURE_MAX_H);
        // Never enlarge small images beyond 1 px = 1 pt (they would blur).
        let scale = (avail_w / px_w).min(avail_h / px_h).min(1.0);
        let (w, h) = (px_w * scale, px_h * scale);
        let id = self.doc.add_xobject(&picture.xobject);
        let x = MARGIN_X + (avail_w - w) / 2.0;
        let y = self.cursor - h;
        self.page().push(Item::Rect {
            x: x - 0.5,
            y: y - 0.5,
            w: w + 1.0,
            h: h + 1.0,
            fill: None,
            stroke: true,
        });
        self.page().push(Item::Image { id, x, y, scale });
        self.cursor = y - 6.0;
    }

    /// A horizontal bar chart drawn with the page's own shapes: one bar per
    /// row, its label on the left, its length in proportion to the largest
    /// value and the value's text at its end. Negative values draw no bar.
    pub fn bar_chart(&mut self, bars: &[(String, i64, String)]) {
        const LABEL_W: f32 = 130.0;
        const VALUE_W: f32 = 70.0;
        const BAR_H: f32 = 11.0;
        const ROW_H: f32 = 16.0;
        let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f32;
        let track = CONTENT_W - LABEL_W - VALUE_W;
        for (label, value, text) in bars {
            self.ensure(ROW_H);
            let top = self.cursor;
            let label = truncate_to_width(label, BODY - 1.0, Weight::Regular, LABEL_W - 8.0);
            self.page().push(Item::Text {
                x: MARGIN_X,
                y: top - BAR_H + 2.0,
                size: BODY - 1.0,
                weight: Weight::Regular,
                text: label,
                grey: 0.0,
            });
            let w = if *value > 0 {
                (*value as f32 / max * track).max(1.0)
            } else {
                0.0
            };
            if w > 0.0 {
                self.page().push(Item::Rect {
                    x: MARGIN_X + LABEL_W,
                    y: top - BAR_H,
                    w,
                    h: BAR_H,
                    fill: Some(0.45),
                    stroke: false,
                });
            }
            self.page().push(Item::Text {
                x: MARGIN_X + LABEL_W + w + 4.0,
                y: top - BAR_H + 2.0,
                size: BODY - 1.0,
                weight: Weight::Regular,
                text: text.clone(),
                grey: 0.0,
            });
            self.cursor -= ROW_H;
        }
        self.space(4.0);
    }

    /// The bordered "Digitally signed by ..." box. Call last so it lands on
    /// the last page.
    pub fn signature_panel(&mut self, panel: &SignaturePanel) {
        let inner_w = CONTENT_W - 2.0 * PANEL_PAD;
        let first = format!(
            "Digitally signed by {}, for {}, {}, on {}",
            panel.forum, panel.person, panel.role, panel.signed_at
        );
        let mut lines: Vec<(String, Weight)> = wrap(&first, BODY, Weight::Bold, inner_w)
            .into_iter()
            .map(|l| (l, Weight::Bold))
            .collect();
        lines.extend(
            wrap(
                &format!("Certificate SHA-256 fingerprint: {}", panel.fingerprint),
                8.5,
                Weight::Regular,
                inner_w,
            )
            .into_iter()
            .map(|l| (l, Weight::Regular)),
        );
        // How a reader checks the signature, in the same words the Settings
        // screen uses. Wrapped like the rest, though it is meant to fit one line.
        lines.extend(
            wrap(crate::verify::HOW_TO_CHECK, 8.5, Weight::Regular, inner_w)
                .into_iter()
                .map(|l| (l, Weight::Regular)),
        );
        let line_h = |w: Weight| {
            if w == Weight::Bold {
                BODY * LEADING
            } else {
                8.5 * LEADING
            }
        };
        let h: f32 = lines.iter().map(|(_, w)| line_h(*w)).sum::<f32>() + 2.0 * PANEL_PAD;
        self.space(10.0);
        self.ensure(h);
        let top = self.cursor;
        self.page().push(Item::Rect {
            x: MARGIN_X,
            y: top - h,
            w: CONTENT_W,
            h,
            fill: None,
            stroke: true,
        });
        let mut y = top - PANEL_PAD;
        for (text, weight) in lines {
            let size = if weight == Weight::Bold { BODY } else { 8.5 };
            self.page().push(Item::Text {
                x: MARGIN_X + PANEL_PAD,
                y: y - size,
                size,
                weight,
                text,
                grey: 0.0,
            });
            y -= line_h(weight);
        }
        self.cursor = top - h;
    }

    /// Adds footers and watermarks, then writes the PDF.
    pub fn finish(self) -> Result<Vec<u8>> {
        self.finish_with(&Progress::new())
    }

    /// [`PageWriter::finish`], counting pages in `progress` and stopping between pages
    /// when it is cancelled.
    pub fn finish_with(mut self, progress: &Progress) -> Result<Vec<u8>> {
        if self.pages.last().is_some_and(|p| p.is_empty()) && self.pages.len() > 1 {
            self.pages.pop();
        }
        let count = self.pages.len();
        progress.pages_total(count);
        progress.stage(Stage::Pages);
        let mut pages: Vec<PdfPage> = Vec::with_capacity(count);
        for (i, items) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            progress.check()?;
            pages.push(self.emit_page(items, i + 1, count));
            progress.page_done();
        }
        progress.check()?;
        progress.stage(Stage::Writing);
        let info = &mut self.doc.metadata.info;
        let when = pdf_datetime(self.generated_at);
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;
        info.creator = "Forum Desk".to_string();
        info.producer = "Forum Desk".to_string();
        let opts = PdfSaveOptions {
            subset_fonts: true,
            // Pictures arrive already encoded at their print size (see
            // `images`) and are embedded as they are; there are no raw
            // pixels for printpdf to re-encode.
            image_optimization: None,
            ..PdfSaveOptions::default()
        };
        let mut warnings = Vec::new();
        let bytes = self.doc.with_pages(pages).save(&opts, &mut warnings);
        if bytes.is_empty() {
            return Err(ExportError::PdfWrite(
                "the PDF library produced an empty file".into(),
            ));
        }
        Ok(bytes)
    }

    fn emit_page(&self, items: Vec<Item>, number: usize, count: usize) -> PdfPage {
        let mut ops = Vec::new();
        if let Some(mark) = &self.watermark {
            self.watermark_ops(&mut ops, mark);
        }
        for item in items {
            self.item_ops(&mut ops, item);
        }
        // Footer: a rule, the forum and period on the left, page number on the right.
        self.item_ops(
            &mut ops,
            Item::Line {
                x1: MARGIN_X,
                y1: FOOTER_Y + 12.0,
                x2: PAGE_W - MARGIN_X,
                y2: FOOTER_Y + 12.0,
                width: 0.4,
                grey: 0.6,
            },
        );
        let left = truncate_to_width(&self.footer_left, 8.0, Weight::Regular, CONTENT_W - 90.0);
        self.item_ops(
            &mut ops,
            Item::Text {
                x: MARGIN_X,
                y: FOOTER_Y,
                size: 8.0,
                weight: Weight::Regular,
                text: left,
                grey: 0.3,
            },
        );
        let right = format!("Page {number} of {count}");
        let rw = fonts::metrics(Weight::Regular).width(&right, 8.0);
        self.item_ops(
            &mut ops,
            Item::Text {
                x: PAGE_W - MARGIN_X - rw,
                y: FOOTER_Y,
                size: 8.0,
                weight: Weight::Regular,
                text: right,
                grey: 0.3,
            },
        );
        PdfPage::new(Mm::from(Pt(PAGE_W)), Mm::from(Pt(PAGE_H)), ops)
    }

    /// Large light-grey text across the page at 45 degrees, centred.
    fn watermark_ops(&self, ops: &mut Vec<Op>, mark: &str) {
        let size = 130.0;
        let w = fonts::metrics(Weight::Bold).width(mark, size);
        let (s, c) = std::f32::consts::FRAC_PI_4.sin_cos();
        // Start point so the middle of the text sits at the page centre.
        let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
        let (hw, hh) = (w / 2.0, size * 0.36);
        let x = cx - hw * c + hh * s;
        let y = cy - hw * s - hh * c;
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor { col: grey(0.85) });
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(self.bold.clone()),
            size: Pt(size),
        });
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([c, s, -s, c, x, y]),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(mark.to_string())],
        });
        ops.push(Op::EndTextSection);
        ops.push(Op::RestoreGraphicsState);
    }

    fn item_ops(&self, ops: &mut Vec<Op>, item: Item) {
        match item {
            Item::Text {
                x,
                y,
                size,
                weight,
                text,
                grey: g,
            } => {
                let font = match weight {
                    Weight::Regular => self.regular.clone(),
                    Weight::Bold => self.bold.clone(),
                };
                ops.push(Op::SetFillColor { col: grey(g) });
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(size),
                });
                ops.push(Op::SetTextCursor {
                    pos: Point { x: Pt(x), y: Pt(y) },
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
                ops.push(Op::EndTextSection);
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                grey: g,
            } => {
                ops.push(Op::SetOutlineColor { col: grey(g) });
                ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(x1),
                                    y: Pt(y1),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(x2),
                                    y: Pt(y2),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if let Some(f) = fill {
                    ops.push(Op::SetFillColor { col: grey(f) });
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            mode: Some(PaintMode::Fill),
                            ..Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h))
                        },
                    });
                }
                if stroke {
                    ops.push(Op::SetOutlineColor { col: grey(0.2) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            mode: Some(PaintMode::Stroke),
                            ..Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h))
                        },
                    });
                }
            }
            Item::Image { id, x, y, scale } => {
                ops.push(Op::UseXobject {
                    id,
                    transform: XObjectTransform {
                        translate_x: Some(Pt(x)),
                        translate_y: Some(Pt(y)),
                        scale_x: Some(scale),
                        scale_y: Some(scale),
                        // At 72 dpi one pixel is one point, so `scale` maps pixels to points.
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
            }
        }
    }
}

const CELL_PAD: f32 = 3.5;
const PANEL_PAD: f32 = 9.0;

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

fn load_font(doc: &mut PdfDocument, bytes: &[u8]) -> Result<FontId> {
    let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
        .ok_or_else(|| ExportError::PdfWrite("the built-in font could not be loaded".into()))?;
    Ok(doc.add_font(&font))
}

/// Converts an instant to printpdf's date type, in UK local time with offset.
fn pdf_datetime(instant: DateTime<Utc>) -> printpdf::OffsetDateTime {
    use chrono::{Datelike, Timelike};
    let local = crate::format::uk_local(instant);
    let offset = crate::format::uk_offset_hours(instant) as i8;
    printpdf::OffsetDateTime::new_in_offset(
        printpdf::date::Date {
            year: local.year(),
            month: local.month() as u8,
            day: local.day() as u8,
        },
        printpdf::date::Time {
            hour: local.hour() as u8,
            minute: local.minute() as u8,
            second: local.second() as u8,
            millisecond: 0,
        },
        printpdf::date::Offset {
            hours: offset,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}

/// Breaks text into lines no wider than `max_w` points. Honours newlines;
/// words longer than a line are split by character.
pub fn wrap(text: &str, size: f32, weight: Weight, max_w: f32) -> Vec<String> {
    let m = fonts::metrics(weight);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if m.width(&candidate, size) <= max_w {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            // The word alone may still be too wide: split it by character.
            for ch in word.chars() {
                let mut next = line.clone();
                next.push(ch);
                if m.width(&next, size) > max_w && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line.push(ch);
                } else {
                    line = next;
                }
            }
        }
        out.push(line);
    }
    out
}

/// Shortens text with "…" so it fits on one line.
fn truncate_to_width(text: &str, size: f32, weight: Weight, max_w: f32) -> String {
    let m = fonts::metrics(weight);
    if m.width(text, size) <= max_w {
        return text.to_string();
    }
    let mut out = String::new();
    for ch in text.chars() {
        if m.width(&format!("{out}{ch}…"), size) > max_w {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_to_check_fits_the_signature_panel_on_one_line() {
        let inner_w = CONTENT_W - 2.0 * PANEL_PAD;
        let lines = wrap(crate::verify::HOW_TO_CHECK, 8.5, Weight::Regular, inner_w);
        assert_eq!(lines.len(), 1, "{lines:?}");
    }

    #[test]
    fn wrapping_respects_width() {
        let text =
            "Siobhán O'Brien attended the SEND strategy board at County Hall and reported back.";
        let lines = wrap(text, 10.0, Weight::Regular, 150.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(
                fonts::metrics(Weight::Regular).width(l, 10.0) <= 150.0,
                "{l}"
            );
        }
        assert_eq!(lines.join(" "), text);
        let long = wrap(
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            10.0,
            Weight::Regular,
            60.0,
        );
        assert!(long.len() > 3);
        assert_eq!(wrap("", 10.0, Weight::Regular, 60.0), vec![String::new()]);
    }
}
