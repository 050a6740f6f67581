//! The fonts every PDF uses: DejaVu Sans and DejaVu Sans Bold.
//!
//! They are compiled into the crate so exports look the same on every
//! machine and never depend on what is installed. DejaVu covers £ and the
//! accented letters in names such as Siobhán, Zoë and Łukasz. Licence:
//! Bitstream Vera terms (embedding allowed), see
//! `assets/fonts/LICENSE-DejaVu.txt`.

use std::sync::OnceLock;

/// DejaVu Sans, regular weight.
pub const DEJAVU_SANS: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold weight.
pub const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Regular or bold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Glyph advance widths for one font, so we can wrap and right-align text
/// ourselves (printpdf's low-level API places text but does not measure it).
#[derive(Debug)]
pub struct Metrics {
    units_per_em: f32,
    /// Advance widths for the first 0x2FFF code points, in font units.
    /// Covers Latin, Greek, Cyrillic, punctuation and arrows; anything else
    /// falls back to the width of "n", which is close enough for wrapping.
    widths: Vec<u16>,
    fallback: u16,
}

impl Metrics {
    fn from_ttf(bytes: &[u8]) -> Metrics {
        // The fonts are compiled in and known to parse; if parsing ever fails
        // we fall back to a fixed-width estimate rather than panic.
        let Ok(face) = ttf_parser::Face::parse(bytes, 0) else {
            return Metrics {
                units_per_em: 1000.0,
                widths: Vec::new(),
                fallback: 600,
            };
        };
        let advance = |c: char| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
        let fallback = advance('n').unwrap_or(600);
        let widths = (0u32..0x3000)
            .map(|cp| char::from_u32(cp).and_then(advance).unwrap_or(fallback))
            .collect();
        Metrics {
            units_per_em: f32::from(face.units_per_em()),
            widths,
            fallback,
        }
    }

    /// Width of `text` in points at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u64 = text
            .chars()
            .map(|c| u64::from(*self.widths.get(c as usize).unwrap_or(&self.fallback)))
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// Metrics for the given weight, parsed once per process.
pub fn metrics(weight: Weight) -> &'static Metrics {
    static REGULAR: OnceLock<Metrics> = OnceLock::new();
    static BOLD: OnceLock<Metrics> = OnceLock::new();
    match weight {
        Weight::Regular => REGULAR.get_or_init(|| Metrics::from_ttf(DEJAVU_SANS)),
        Weight::Bold => BOLD.get_or_init(|| Metrics::from_ttf(DEJAVU_SANS_BOLD)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_have_the_glyphs_we_need() {
        for bytes in [DEJAVU_SANS, DEJAVU_SANS_BOLD] {
            let face = ttf_parser::Face::parse(bytes, 0).unwrap();
            for c in "£Siobhán Zoë Łukasz →·".chars() {
                assert!(face.glyph_index(c).is_some(), "missing glyph for {c}");
            }
        }
        let m = metrics(Weight::Regular);
        assert!(m.width("WWWW", 10.0) > m.width("iiii", 10.0));
        assert!(metrics(Weight::Bold).width("Total", 10.0) > m.width("Total", 10.0));
    }
}
