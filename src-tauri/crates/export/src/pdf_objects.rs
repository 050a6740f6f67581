//! Writing PDF objects as text, for the signature's incremental update.
//!
//! lopdf can read a PDF but does not expose its object writer, and its own
//! incremental save cannot tell us where the signature placeholder lands.
//! Signing needs exact byte offsets, so we write the few appended objects
//! ourselves. This is plain PDF syntax (ISO 32000-1, section 7.3).

use lopdf::{Dictionary, Object, StringFormat};

/// Appends the PDF text form of `obj` to `out`.
pub fn write_object(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format_real(f64::from(*r)).as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => write_hex_string(out, s),
        Object::String(s, StringFormat::Literal) => write_literal_string(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d),
        Object::Reference((id, gen)) => out.extend_from_slice(format!("{id} {gen} R").as_bytes()),
        // Streams are never rewritten by the signer (only the catalog and a
        // page dictionary are), so writing their dictionary alone would be
        // wrong; the caller checks for this case before getting here.
        Object::Stream(s) => write_dictionary(out, &s.dict),
    }
}

/// `<< /Key value ... >>`
pub fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        out.push(b' ');
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b" >>");
}

fn format_real(r: f64) -> String {
    let s = format!("{r:.5}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Names escape anything outside printable ASCII and the delimiters as #xx.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let regular = b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_hex_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for b in bytes {
        out.extend_from_slice(format!("{b:02X}").as_bytes());
    }
    out.push(b'>');
}

fn write_literal_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// A PDF "text string": plain ASCII stays readable, anything else (names
/// like Siobhán) is written as UTF-16BE with a byte-order mark, as the PDF
/// standard requires for non-Latin-1 text.
pub fn text_string(s: &str) -> Object {
    if s.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_objects() {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Sig".to_vec()));
        d.set("Name", text_string("Zoë (A)"));
        d.set("Reason", text_string("Claim (pack)"));
        d.set(
            "Kids",
            Object::Array(vec![
                Object::Reference((4, 0)),
                Object::Real(0.5),
                Object::Integer(-3),
            ]),
        );
        let mut out = Vec::new();
        write_dictionary(&mut out, &d);
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "<< /Type /Sig /Name <FEFF005A006F00EB0020002800410029> /Reason (Claim \\(pack\\)) /Kids [4 0 R 0.5 -3] >>"
        );
    }
}
