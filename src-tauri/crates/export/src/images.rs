//! Receipt pictures: recognise the file type, shrink phone photos, and hand
//! printpdf plain RGB pixels.
//!
//! A phone photo is typically 4000x3000 pixels and 2 MB or more. Embedded as
//! is, fifty of them would make a pack of 100 MB or more, too big to email to
//! a funder. Shrinking to about 1600 pixels on the long side keeps receipts
//! readable when printed on A4 and re-encoding as JPEG at quality 0.75 keeps
//! each one to a few hundred kilobytes.

use image::{DynamicImage, GenericImageView, ImageFormat, RgbImage};
use printpdf::{RawImage, RawImageData, RawImageFormat};

use crate::error::{ExportError, Result};

/// Longest side, in pixels, of a receipt picture inside a PDF.
pub const MAX_SIDE: u32 = 1600;
/// JPEG quality (0 to 1) used when printpdf writes the pixels.
pub const JPEG_QUALITY: f32 = 0.75;

/// What kind of file a receipt is, judged from its first bytes (not its name,
/// which people rename freely).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    Jpeg,
    Png,
    Pdf,
    Unknown,
}

/// Recognises JPEG, PNG and PDF by their signatures.
pub fn receipt_kind(bytes: &[u8]) -> ReceiptKind {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ReceiptKind::Jpeg
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        ReceiptKind::Png
    } else if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        ReceiptKind::Pdf
    } else {
        ReceiptKind::Unknown
    }
}

/// Decodes a JPEG or PNG receipt, shrinks it if large, flattens any
/// transparency onto white and returns RGB pixels ready for printpdf.
pub fn receipt_image(file_name: &str, bytes: &[u8]) -> Result<RawImage> {
    let format = match receipt_kind(bytes) {
        ReceiptKind::Jpeg => ImageFormat::Jpeg,
        ReceiptKind::Png => ImageFormat::Png,
        _ => {
            return Err(ExportError::BadReceipt {
                file_name: file_name.to_string(),
                reason: "it is not a JPEG or PNG picture".into(),
            })
        }
    };
    let decoded = image::load_from_memory_with_format(bytes, format).map_err(|e| {
        ExportError::BadReceipt {
            file_name: file_name.to_string(),
            reason: e.to_string(),
        }
    })?;
    let shrunk = shrink(decoded);
    let rgb = flatten_on_white(&shrunk);
    let (width, height) = rgb.dimensions();
    Ok(RawImage {
        pixels: RawImageData::U8(rgb.into_raw()),
        width: width as usize,
        height: height as usize,
        data_format: RawImageFormat::RGB8,
        tag: Vec::new(),
    })
}

/// Resizes so the longest side is at most [`MAX_SIDE`], keeping the shape.
fn shrink(img: DynamicImage) -> DynamicImage {
    let (w, h) = img.dimensions();
    if w.max(h) <= MAX_SIDE {
        return img;
    }
    // `thumbnail` averages pixels in one fast pass: much quicker than the
    // filtered resizes on 12-megapixel photos, and it looks the same once
    // printed at A4.
    img.thumbnail(MAX_SIDE, MAX_SIDE)
}

/// Transparent PNG areas would otherwise turn black in the PDF.
fn flatten_on_white(img: &DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (x, y, px) in rgba.enumerate_pixels() {
        let a = u16::from(px[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        out.put_pixel(x, y, image::Rgb([blend(px[0]), blend(px[1]), blend(px[2])]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_shrinking() {
        assert_eq!(receipt_kind(b"%PDF-1.7\n"), ReceiptKind::Pdf);
        assert_eq!(receipt_kind(b"hello"), ReceiptKind::Unknown);
        let big = RgbImage::from_pixel(3200, 2000, image::Rgb([200, 10, 10]));
        let mut png = Vec::new();
        DynamicImage::ImageRgb8(big)
            .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert_eq!(receipt_kind(&png), ReceiptKind::Png);
        let raw = receipt_image("big.png", &png).unwrap();
        assert_eq!((raw.width, raw.height), (1600, 1000));
        assert!(receipt_image("bad.jpg", b"nonsense").is_err());
        assert!(receipt_image("bad.jpg", &[0xFF, 0xD8, 0xFF, 0, 0, 0]).is_err());
    }
}
