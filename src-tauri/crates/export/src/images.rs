//! Receipt pictures: recognise the file type, and make the "print copy" of a
//! picture that claim packs embed.
//!
//! A phone photo is typically 4000x3000 pixels and 2 MB or more, far more
//! than a printed receipt needs. A claim pack prints a receipt at most as
//! large as one page's picture area (see [`crate::layout::PICTURE_MAX_W`]),
//! and 150 dots per inch keeps receipts legible there, so the print copy is
//! at most [`print_size_limit`] pixels (1032 x 1452). Smaller pictures are
//! never enlarged.
//!
//! The app makes the print copy once, when a receipt is attached
//! ([`receipt_print_copy`]), and keeps it in its encrypted store beside the
//! original; the pack then embeds the copy's bytes as they are, with no
//! decoding or re-encoding, which is what makes a pack of fifty photos quick.
//! Older receipts without a print copy get one made while the pack is built,
//! by the same code, so both kinds look the same in the PDF.
//!
//! Making a print copy of a phone photo is quick too: the JPEG decoder itself
//! decodes at 1/2, 1/4 or 1/8 size (DCT scaling, for little more than the
//! cost of reading the file), and a SIMD resizer takes that to the exact size.

use std::collections::BTreeMap;
use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::codecs::png::{CompressionType, PngDecoder, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder};
use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};
use serde::{Deserialize, Serialize};

use crate::error::{ExportError, Result};
use crate::layout::{PICTURE_MAX_H, PICTURE_MAX_W};

/// Dots per inch a receipt keeps at the largest size the pack prints it.
pub const PRINT_DPI: u32 = 150;
/// JPEG quality (1 to 100) of print copies. Receipts are mostly paper and
/// text: 80 keeps small print clean without making packs too big to email.
pub const JPEG_QUALITY: u8 = 80;
/// A PNG print copy is kept (rather than a JPEG) unless it is more than this
/// many times the size of the JPEG, which only happens for photos saved as PNG.
const PNG_SIZE_FACTOR: usize = 2;
/// The most memory the JPEG decoder may use for one receipt. The same as the
/// `image` crate's default limit; a real phone photo needs far less.
const MAX_DECODE_BYTES: usize = 512 * 1024 * 1024;

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
    } else if bytes.starts_with(PNG_SIGNATURE) {
        ReceiptKind::Png
    } else if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        ReceiptKind::Pdf
    } else {
        ReceiptKind::Unknown
    }
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// How a [`PrintCopy`]'s bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintFormat {
    /// A baseline JPEG. Used for photos; embedded in the PDF as a DCTDecode
    /// image.
    Jpeg,
    /// An 8-bit grey or RGB PNG, not interlaced. Used for PNG receipts
    /// (usually screenshots of emailed receipts), whose small text JPEG would
    /// smudge; embedded as a FlateDecode image, also without decoding.
    Png,
}

/// A receipt picture at the largest size a claim pack prints it, made by
/// [`receipt_print_copy`] when the receipt is attached.
///
/// Orientation from the photo's EXIF tag is already applied and transparency
/// is flattened onto white, so the pixels are exactly what is printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintCopy {
    pub format: PrintFormat,
    /// The encoded picture.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The largest print copy, in pixels (width, height): the biggest picture
/// area of a claim pack page at [`PRINT_DPI`], rounded up.
pub fn print_size_limit() -> (u32, u32) {
    let px = |points: f32| (f64::from(points) / 72.0 * f64::from(PRINT_DPI)).ceil() as u32;
    (px(PICTURE_MAX_W), px(PICTURE_MAX_H))
}

/// Makes the print copy of a JPEG or PNG receipt: the picture turned upright,
/// shrunk to fit [`print_size_limit`] (never enlarged), and encoded once.
///
/// Photos (JPEG) give a JPEG. PNG receipts give a PNG, which keeps the text
/// of screenshots sharp, unless that is more than twice the size of a JPEG
/// of the same picture (a photo saved as PNG), in which case the JPEG.
pub fn receipt_print_copy(file_name: &str, bytes: &[u8]) -> Result<PrintCopy> {
    let bad = |reason: String| ExportError::BadReceipt {
        file_name: file_name.to_string(),
        reason,
    };
    match receipt_kind(bytes) {
        ReceiptKind::Jpeg => {
            // Rare kinds of JPEG (CMYK, 12-bit, lossless, arithmetic coding)
            // go through the general decoder at full size: slower, but right.
            // So do damaged files: it shows what there is of a photo cut
            // short (the rest grey), as packs always have, and if it cannot
            // read the file either, its reason is the one given.
            let pixels = match decode_jpeg_reduced(bytes) {
                Some(pixels) => pixels,
                None => decode_general(bytes, image::ImageFormat::Jpeg).map_err(bad)?,
            };
            let jpeg = encode_jpeg(&pixels).map_err(bad)?;
            Ok(pixels.copy(PrintFormat::Jpeg, jpeg))
        }
        ReceiptKind::Png => {
            let pixels = decode_general(bytes, image::ImageFormat::Png).map_err(bad)?;
            let jpeg = encode_jpeg(&pixels).map_err(bad)?;
            let png = encode_png(&pixels).map_err(bad)?;
            Ok(if png.len() <= jpeg.len() * PNG_SIZE_FACTOR {
                pixels.copy(PrintFormat::Png, png)
            } else {
                pixels.copy(PrintFormat::Jpeg, jpeg)
            })
        }
        ReceiptKind::Pdf | ReceiptKind::Unknown => {
            Err(bad("it is not a JPEG or PNG picture".into()))
        }
    }
}

/// 8-bit pixels, one (grey) or three (RGB) bytes each, rows top to bottom.
struct Pixels {
    width: u32,
    height: u32,
    grey: bool,
    data: Vec<u8>,
}

impl Pixels {
    /// Checks that `data` holds exactly `width` x `height` pixels, so the
    /// resizer and encoders (which would panic) never see a short buffer.
    fn new(
        width: u32,
        height: u32,
        grey: bool,
        data: Vec<u8>,
    ) -> std::result::Result<Pixels, String> {
        let per_pixel = if grey { 1 } else { 3 };
        if width == 0 || height == 0 || data.len() != width as usize * height as usize * per_pixel {
            return Err("the picture's pixels are incomplete".into());
        }
        Ok(Pixels {
            width,
            height,
            grey,
            data,
        })
    }

    fn copy(&self, format: PrintFormat, bytes: Vec<u8>) -> PrintCopy {
        PrintCopy {
            format,
            bytes,
            width: self.width,
            height: self.height,
        }
    }

    fn color_type(&self) -> ExtendedColorType {
        if self.grey {
            ExtendedColorType::L8
        } else {
            ExtendedColorType::Rgb8
        }
    }
}

/// Whether an EXIF orientation turns the picture on its side, so that its
/// stored width becomes its printed height.
fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The print size of a picture of `width` x `height` pixels as stored, before
/// `orientation` is applied: the largest size that fits the limit (turned
/// if need be) without enlarging, keeping the shape.
fn print_size(width: u32, height: u32, orientation: Orientation) -> (u32, u32) {
    let (max_w, max_h) = print_size_limit();
    let (max_w, max_h) = if turns_sideways(orientation) {
        (max_h, max_w)
    } else {
        (max_w, max_h)
    };
    fit_within(width, height, max_w, max_h)
}

/// Shrinks `width` x `height` to fit inside `max_w` x `max_h`, keeping the
/// shape; never enlarges. The side that does not touch the limit is rounded
/// up, so the picture never prints at less than the intended dots per inch.
fn fit_within(width: u32, height: u32, max_w: u32, max_h: u32) -> (u32, u32) {
    let (w, h) = (u64::from(width.max(1)), u64::from(height.max(1)));
    let (mw, mh) = (u64::from(max_w), u64::from(max_h));
    if w <= mw && h <= mh {
        return (w as u32, h as u32);
    }
    if w * mh >= h * mw {
        // Limited by width.
        (mw as u32, (h * mw).div_ceil(w).clamp(1, mh) as u32)
    } else {
        ((w * mh).div_ceil(h).clamp(1, mw) as u32, mh as u32)
    }
}

/// A JPEG's stored size and EXIF orientation, read from its headers only.
fn jpeg_info(
    decoder: &mut jpeg_decoder::Decoder<&[u8]>,
) -> Option<(jpeg_decoder::ImageInfo, Orientation)> {
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    // Phones store the EXIF block before the picture data, so `read_info`
    // has read it already.
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    Some((info, orientation))
}

/// Decodes a JPEG straight to (about) its print size using the decoder's
/// DCT scaling, then resizes to the exact size and turns it upright. `None`
/// if this decoder cannot read the file.
fn decode_jpeg_reduced(bytes: &[u8]) -> Option<Pixels> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(MAX_DECODE_BYTES);
    let (info, orientation) = jpeg_info(&mut decoder)?;
    let grey = match (info.pixel_format, info.coding_process) {
        (_, jpeg_decoder::CodingProcess::Lossless) => return None,
        (jpeg_decoder::PixelFormat::L8, _) => true,
        (jpeg_decoder::PixelFormat::RGB24, _) => false,
        _ => return None,
    };
    let (full_w, full_h) = (u32::from(info.width), u32::from(info.height));
    let (target_w, target_h) = print_size(full_w, full_h, orientation);
    // The largest reduction (1/8, 1/4, 1/2) that still leaves at least the
    // print size in both directions. The decoder picks the smallest scale
    // giving at least the size asked for, so asking for exactly the reduced
    // size gets exactly that reduction.
    let reduced = |d: u32| (full_w.div_ceil(d), full_h.div_ceil(d));
    let divisor = [8, 4, 2, 1]
        .into_iter()
        .find(|&d| {
            let (w, h) = reduced(d);
            w >= target_w && h >= target_h
        })
        .unwrap_or(1);
    let (ask_w, ask_h) = reduced(divisor);
    let (got_w, got_h) = decoder.scale(ask_w as u16, ask_h as u16).ok()?;
    let data = decoder.decode().ok()?;
    let decoded = Pixels::new(u32::from(got_w), u32::from(got_h), grey, data).ok()?;
    // Never enlarge, even by a pixel, if the decoder rounded differently.
    let (w, h) = (target_w.min(decoded.width), target_h.min(decoded.height));
    let resized = resize(decoded, w, h).ok()?;
    orient(resized, orientation).ok()
}

/// The size, upright, of the print copy [`receipt_print_copy`] makes from
/// `original`, read from its headers without decoding the picture; `None`
/// if the headers cannot be read.
fn expected_copy_size(original: &[u8]) -> Option<(u32, u32)> {
    let (width, height, orientation) = match receipt_kind(original) {
        ReceiptKind::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(original);
            let (info, orientation) = jpeg_info(&mut decoder)?;
            (u32::from(info.width), u32::from(info.height), orientation)
        }
        ReceiptKind::Png => {
            let mut decoder = PngDecoder::new(Cursor::new(original)).ok()?;
            let (w, h) = decoder.dimensions();
            let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
            (w, h, orientation)
        }
        ReceiptKind::Pdf | ReceiptKind::Unknown => return None,
    };
    let (w, h) = print_size(width, height, orientation);
    Some(if turns_sideways(orientation) {
        (h, w)
    } else {
        (w, h)
    })
}

/// Decodes any picture the `image` crate reads, at full size, flattening
/// transparency onto white; then resizes and turns it upright. Used for PNG
/// receipts (usually small) and unusual JPEGs.
fn decode_general(bytes: &[u8], format: image::ImageFormat) -> std::result::Result<Pixels, String> {
    let (img, orientation) = match format {
        image::ImageFormat::Png => {
            let mut decoder = PngDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
            let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
            let img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
            (img, orientation)
        }
        _ => {
            let mut decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(bytes))
                .map_err(|e| e.to_string())?;
            let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
            let img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
            (img, orientation)
        }
    };
    let pixels = flatten_on_white(img)?;
    let (w, h) = print_size(pixels.width, pixels.height, orientation);
    let resized = resize(pixels, w, h)?;
    orient(resized, orientation)
}

/// Grey stays grey (a third of the size); transparent areas, which would
/// otherwise turn black in the PDF, become white paper.
fn flatten_on_white(img: DynamicImage) -> std::result::Result<Pixels, String> {
    let (width, height) = (img.width(), img.height());
    let grey = !img.color().has_color();
    let has_alpha = img.color().has_alpha();
    let blend = |c: u8, a: u8| {
        let a = u16::from(a);
        ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8
    };
    let data = match (grey, has_alpha) {
        (true, false) => img.into_luma8().into_raw(),
        (false, false) => img.into_rgb8().into_raw(),
        (true, true) => img
            .into_luma_alpha8()
            .into_raw()
            .chunks_exact(2)
            .map(|p| blend(p[0], p[1]))
            .collect(),
        (false, true) => img
            .into_rgba8()
            .into_raw()
            .chunks_exact(4)
            .flat_map(|p| [blend(p[0], p[3]), blend(p[1], p[3]), blend(p[2], p[3])])
            .collect(),
    };
    Pixels::new(width, height, grey, data)
}

/// Resizes with a Catmull-Rom filter: sharp enough for small print, and fast.
fn resize(pixels: Pixels, width: u32, height: u32) -> std::result::Result<Pixels, String> {
    if (pixels.width, pixels.height) == (width, height) {
        return Ok(pixels);
    }
    let kind = if pixels.grey {
        PixelType::U8
    } else {
        PixelType::U8x3
    };
    let src = ImageRef::new(pixels.width, pixels.height, &pixels.data, kind)
        .map_err(|e| format!("the picture's pixels are incomplete ({e})"))?;
    let mut dst = Image::new(width, height, kind);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| format!("the picture could not be resized ({e})"))?;
    Pixels::new(width, height, pixels.grey, dst.into_vec())
}

/// Applies the EXIF orientation, so photos taken with the phone held upright
/// print upright. Done after shrinking, where it costs almost nothing.
fn orient(pixels: Pixels, orientation: Orientation) -> std::result::Result<Pixels, String> {
    if orientation == Orientation::NoTransforms {
        return Ok(pixels);
    }
    let Pixels {
        width,
        height,
        grey,
        data,
    } = pixels;
    let img = if grey {
        image::GrayImage::from_raw(width, height, data).map(DynamicImage::ImageLuma8)
    } else {
        image::RgbImage::from_raw(width, height, data).map(DynamicImage::ImageRgb8)
    };
    let mut img = img.ok_or("the picture's pixels are incomplete")?;
    img.apply_orientation(orientation);
    let (width, height) = (img.width(), img.height());
    let data = if grey {
        img.into_luma8().into_raw()
    } else {
        img.into_rgb8().into_raw()
    };
    Pixels::new(width, height, grey, data)
}

fn encode_jpeg(pixels: &Pixels) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    // Recorded so the copy also prints at the right size on its own.
    encoder.set_pixel_density(PixelDensity::dpi(PRINT_DPI as u16));
    encoder
        .encode(
            &pixels.data,
            pixels.width,
            pixels.height,
            pixels.color_type(),
        )
        .map_err(|e| format!("the picture could not be saved as JPEG ({e})"))?;
    Ok(out)
}

fn encode_png(pixels: &Pixels) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    PngEncoder::new_with_quality(
        &mut out,
        CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        &pixels.data,
        pixels.width,
        pixels.height,
        pixels.color_type(),
    )
    .map_err(|e| format!("the picture could not be saved as PNG ({e})"))?;
    Ok(out)
}

// ---------------------------------------------------------------- embedding

/// A picture ready to place on a page: its size in pixels and its PDF image.
pub(crate) struct Picture {
    pub width: u32,
    pub height: u32,
    pub xobject: ExternalXObject,
}

/// Turns a print copy into a PDF image without decoding it: a JPEG's bytes
/// are a DCTDecode stream as they are, and a PNG's compressed data is a
/// FlateDecode stream with PNG predictors.
///
/// The copy comes from the app's store, so it is checked first, cheaply
/// (headers only): `None` if it is not a picture of the kind and size it
/// claims, is cut short, or is not the size this version would make from
/// `original` (made for another page layout, or for another receipt). The
/// caller then makes a fresh copy from the original.
pub(crate) fn stored_picture(copy: &PrintCopy, original: &[u8]) -> Option<Picture> {
    if expected_copy_size(original)? != (copy.width, copy.height) {
        return None;
    }
    picture(copy)
}

/// Like [`stored_picture`], for a copy just made from the original.
pub(crate) fn picture(copy: &PrintCopy) -> Option<Picture> {
    let (width, height) = (copy.width, copy.height);
    if width == 0 || height == 0 {
        return None;
    }
    let mut dict = BTreeMap::new();
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let content = match copy.format {
        PrintFormat::Jpeg => {
            let header = jpeg_header(&copy.bytes)?;
            if (header.width, header.height) != (width, height) {
                return None;
            }
            dict.insert("Filter".into(), name("DCTDecode"));
            dict.insert("ColorSpace".into(), color_space(header.grey));
            copy.bytes.clone()
        }
        PrintFormat::Png => {
            let png = png_parts(&copy.bytes)?;
            if (png.width, png.height) != (width, height) {
                return None;
            }
            let colours = if png.grey { 1 } else { 3 };
            dict.insert("Filter".into(), name("FlateDecode"));
            dict.insert(
                "DecodeParms".into(),
                DictItem::Dict {
                    map: BTreeMap::from([
                        // 15: each row carries its own PNG filter type.
                        ("Predictor".to_string(), DictItem::Int(15)),
                        ("Colors".to_string(), DictItem::Int(colours)),
                        ("BitsPerComponent".to_string(), DictItem::Int(8)),
                        ("Columns".to_string(), DictItem::Int(i64::from(width))),
                    ]),
                },
            );
            dict.insert("ColorSpace".into(), color_space(png.grey));
            png.data
        }
    };
    dict.insert("Type".into(), name("XObject"));
    dict.insert("Subtype".into(), name("Image"));
    dict.insert("Width".into(), DictItem::Int(i64::from(width)));
    dict.insert("Height".into(), DictItem::Int(i64::from(height)));
    dict.insert("BitsPerComponent".into(), DictItem::Int(8));
    Some(Picture {
        width,
        height,
        xobject: ExternalXObject {
            stream: ExternalStream {
                dict,
                content,
                // Already compressed: deflating again would only cost time.
                compress: false,
            },
            width: Some(Px(width as usize)),
            height: Some(Px(height as usize)),
            dpi: None,
        },
    })
}

fn color_space(grey: bool) -> DictItem {
    let name = if grey { "DeviceGray" } else { "DeviceRGB" };
    DictItem::Name(name.as_bytes().to_vec())
}

struct JpegHeader {
    width: u32,
    height: u32,
    grey: bool,
}

/// Reads a JPEG's frame header, accepting only what a PDF reader can show
/// and we make: baseline, 8-bit, grey or YCbCr colour, ending properly.
fn jpeg_header(bytes: &[u8]) -> Option<JpegHeader> {
    if !bytes.starts_with(&[0xFF, 0xD8]) || !bytes.ends_with(&[0xFF, 0xD9]) {
        return None;
    }
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let segment = bytes.get(at + 4..at + 2 + len)?;
        match marker {
            // Baseline frame: precision, height, width, component count.
            0xC0 => {
                let precision = *segment.first()?;
                let height = u32::from(u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]));
                let width = u32::from(u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]));
                let components = *segment.get(5)?;
                // An Adobe marker could mean CMYK or unconverted RGB, which
                // we never make; anything else we do not embed as it is.
                if precision != 8 || !(components == 1 || components == 3) {
                    return None;
                }
                return Some(JpegHeader {
                    width,
                    height,
                    grey: components == 1,
                });
            }
            // Any other frame kind (progressive, lossless, arithmetic...);
            // picture data, restart or end markers before a frame header.
            0xC1..=0xCF if marker != 0xC4 && marker != 0xC8 && marker != 0xCC => return None,
            0xD0..=0xDA | 0x01 => return None,
            // Adobe's marker: see above.
            0xEE => return None,
            _ => at += 2 + len,
        }
    }
}

struct PngParts {
    width: u32,
    height: u32,
    grey: bool,
    /// The zlib stream: all IDAT chunks joined.
    data: Vec<u8>,
}

/// Splits a PNG into its size and compressed pixel data, accepting only
/// 8-bit grey or RGB without interlacing, whose data is exactly what PDF's
/// FlateDecode with PNG predictors expects.
fn png_parts(bytes: &[u8]) -> Option<PngParts> {
    let mut rest = bytes.strip_prefix(PNG_SIGNATURE)?;
    let mut header = None;
    let mut data = Vec::new();
    loop {
        let len = u32::from_be_bytes(rest.get(0..4)?.try_into().ok()?) as usize;
        let kind = rest.get(4..8)?;
        let body = rest.get(8..8 + len)?;
        // 4-byte CRC after the body.
        rest = rest.get(12 + len..)?;
        match kind {
            b"IHDR" => {
                let width = u32::from_be_bytes(body.get(0..4)?.try_into().ok()?);
                let height = u32::from_be_bytes(body.get(4..8)?.try_into().ok()?);
                let (depth, colour, compression, filter, interlace) = (
                    *body.get(8)?,
                    *body.get(9)?,
                    *body.get(10)?,
                    *body.get(11)?,
                    *body.get(12)?,
                );
                if depth != 8 || !(colour == 0 || colour == 2) {
                    return None;
                }
                if compression != 0 || filter != 0 || interlace != 0 {
                    return None;
                }
                header = Some((width, height, colour == 0));
            }
            b"IDAT" => data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
    }
    let (width, height, grey) = header?;
    if data.is_empty() {
        return None;
    }
    Some(PngParts {
        width,
        height,
        grey,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    #[test]
    fn kinds() {
        assert_eq!(receipt_kind(b"%PDF-1.7\n"), ReceiptKind::Pdf);
        assert_eq!(receipt_kind(b"hello"), ReceiptKind::Unknown);
        assert_eq!(receipt_kind(&[0xFF, 0xD8, 0xFF, 0xE0]), ReceiptKind::Jpeg);
        assert_eq!(receipt_kind(PNG_SIGNATURE), ReceiptKind::Png);
    }

    #[test]
    fn limit_matches_the_page() {
        // 495.28 pt x 696.89 pt at 150 dpi.
        assert_eq!(print_size_limit(), (1032, 1452));
    }

    #[test]
    fn fitting() {
        assert_eq!(fit_within(4000, 3000, 1032, 1452), (1032, 774));
        assert_eq!(fit_within(3000, 4000, 1032, 1452), (1032, 1376));
        assert_eq!(fit_within(800, 6000, 1032, 1452), (194, 1452));
        assert_eq!(fit_within(640, 480, 1032, 1452), (640, 480));
        assert_eq!(fit_within(20000, 1, 1032, 1452), (1032, 1));
        assert_eq!(
            print_size(4000, 3000, Orientation::Rotate90),
            (1376, 1032),
            "a sideways photo is sized for its upright shape"
        );
    }

    fn png(img: RgbaImage) -> Vec<u8> {
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(
                img.as_raw(),
                img.width(),
                img.height(),
                ExtendedColorType::Rgba8,
            )
            .unwrap();
        out
    }

    #[test]
    fn png_screenshot_stays_png_and_flattens_on_white() {
        // Black text-like bars on a transparent background.
        let img = RgbaImage::from_fn(300, 200, |x, y| {
            if y % 10 < 2 && x > 20 {
                Rgba([0, 0, 0, 255])
            } else {
                Rgba([0, 0, 0, 0])
            }
        });
        let copy = receipt_print_copy("shot.png", &png(img)).unwrap();
        assert_eq!(copy.format, PrintFormat::Png);
        assert_eq!((copy.width, copy.height), (300, 200));
        let back = image::load_from_memory(&copy.bytes).unwrap().to_rgb8();
        assert_eq!(back.get_pixel(5, 5), &Rgb([255, 255, 255]));
        assert_eq!(back.get_pixel(50, 0), &Rgb([0, 0, 0]));
        let pic = picture(&copy).expect("embeddable");
        assert_eq!((pic.width, pic.height), (300, 200));
    }

    #[test]
    fn noisy_png_photo_becomes_jpeg() {
        let mut state = 7u64;
        let img = RgbaImage::from_fn(1200, 900, |_, _| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            Rgba([state as u8, (state >> 8) as u8, (state >> 16) as u8, 255])
        });
        let copy = receipt_print_copy("photo.png", &png(img)).unwrap();
        assert_eq!(copy.format, PrintFormat::Jpeg);
        assert_eq!((copy.width, copy.height), (1032, 774));
    }

    #[test]
    fn jpeg_exif_orientation_is_applied() {
        // Stored landscape, red in the top-left corner; the EXIF tag says
        // "turn 90 degrees clockwise to view", so upright it is portrait
        // with red in the top-right corner.
        let img = RgbImage::from_fn(2000, 1500, |x, y| {
            if x < 200 && y < 200 {
                Rgb([255, 0, 0])
            } else {
                Rgb([240, 240, 240])
            }
        });
        let mut exif = b"II*\0\x08\0\0\0\x01\0".to_vec();
        exif.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        exif.extend_from_slice(&[0, 0, 0, 0]);
        let mut jpeg = Vec::new();
        let mut enc = JpegEncoder::new_with_quality(&mut jpeg, 90);
        enc.set_exif_metadata(exif).unwrap();
        enc.encode(img.as_raw(), 2000, 1500, ExtendedColorType::Rgb8)
            .unwrap();
        let copy = receipt_print_copy("sideways.jpg", &jpeg).unwrap();
        assert_eq!((copy.width, copy.height), (1032, 1376));
        let back = image::load_from_memory(&copy.bytes).unwrap().to_rgb8();
        let top_right = back.get_pixel(copy.width - 20, 20);
        let top_left = back.get_pixel(20, 20);
        assert!(top_right[0] > 200 && top_right[1] < 60, "{top_right:?}");
        assert!(top_left[1] > 200, "{top_left:?}");
    }

    #[test]
    fn damaged_copies_are_not_embedded() {
        let img = RgbImage::from_pixel(64, 48, Rgb([10, 200, 30]));
        let mut jpeg = Vec::new();
        JpegEncoder::new(&mut jpeg)
            .encode(img.as_raw(), 64, 48, ExtendedColorType::Rgb8)
            .unwrap();
        let copy = receipt_print_copy("small.jpg", &jpeg).unwrap();
        assert_eq!((copy.width, copy.height), (64, 48));
        assert!(picture(&copy).is_some());
        let mut cut = copy.clone();
        cut.bytes.truncate(cut.bytes.len() / 2);
        assert!(picture(&cut).is_none(), "cut short");
        let mut wrong = copy.clone();
        wrong.width = 65;
        assert!(picture(&wrong).is_none(), "wrong size");
        let mut png_claim = copy.clone();
        png_claim.format = PrintFormat::Png;
        assert!(picture(&png_claim).is_none(), "wrong format");
    }

    #[test]
    fn photo_cut_short_shows_what_there_is() {
        let img = RgbImage::from_fn(1600, 1200, |x, y| {
            Rgb([(x % 250) as u8, (y % 250) as u8, 90])
        });
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, 85)
            .encode(img.as_raw(), 1600, 1200, ExtendedColorType::Rgb8)
            .unwrap();
        jpeg.truncate(jpeg.len() / 2);
        let copy = receipt_print_copy("cut.jpg", &jpeg).unwrap();
        assert_eq!((copy.width, copy.height), (1032, 774));
    }

    #[test]
    fn stored_copy_must_match_its_original() {
        let make = |w, h| {
            let mut jpeg = Vec::new();
            JpegEncoder::new(&mut jpeg)
                .encode(
                    RgbImage::from_pixel(w, h, Rgb([200, 200, 200])).as_raw(),
                    w,
                    h,
                    ExtendedColorType::Rgb8,
                )
                .unwrap();
            jpeg
        };
        let (a, b) = (make(2000, 1500), make(1500, 2000));
        let copy_a = receipt_print_copy("a.jpg", &a).unwrap();
        assert!(stored_picture(&copy_a, &a).is_some());
        assert!(
            stored_picture(&copy_a, &b).is_none(),
            "another receipt's copy"
        );
        assert!(stored_picture(&copy_a, b"%PDF-1.4").is_none());
    }

    #[test]
    fn bad_files_name_the_receipt() {
        for bytes in [&b"nonsense"[..], &[0xFF, 0xD8, 0xFF, 0, 0, 0], b"%PDF-1.4"] {
            match receipt_print_copy("bad.jpg", bytes) {
                Err(ExportError::BadReceipt { file_name, .. }) => assert_eq!(file_name, "bad.jpg"),
                other => panic!("expected BadReceipt, got {other:?}"),
            }
        }
    }
}
