//! Files carried inside a PDF (its `EmbeddedFiles`): how a rep's claim file carries its data
//! and receipts, and a forum update its data, inside one signed PDF a person can also open.
//!
//! Attaching happens before signing, so the signature covers the attachments; reading them
//! is for callers that have already checked that signature (see `check_pdf`).

use lopdf::{dictionary, Dictionary, Document, Object, Stream};

use crate::error::{ExportError, Result};

/// One attached file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file's name inside the PDF, unique within it.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The PDF with `files` attached (a flat `EmbeddedFiles` name tree, names sorted as the PDF
/// rules ask). Replaces any attachments it had.
pub fn attach(pdf: &[u8], files: &[Attachment]) -> Result<Vec<u8>> {
    let mut doc = Document::load_mem(pdf).map_err(|e| ExportError::PdfWrite(e.to_string()))?;
    let mut sorted: Vec<&Attachment> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    let mut names = Vec::with_capacity(sorted.len() * 2);
    for file in sorted {
        let stream = Stream::new(
            dictionary! {
                "Type" => "EmbeddedFile",
                "Params" => dictionary! { "Size" => file.bytes.len() as i64 },
            },
            file.bytes.clone(),
        );
        let stream_id = doc.add_object(stream);
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(file.name.as_bytes().to_vec()),
            "UF" => Object::string_literal(file.name.as_bytes().to_vec()),
            "EF" => dictionary! { "F" => stream_id },
        });
        names.push(Object::string_literal(file.name.as_bytes().to_vec()));
        names.push(Object::Reference(spec));
    }
    let tree = doc.add_object(dictionary! { "Names" => names });
    let catalog = doc
        .catalog_mut()
        .map_err(|e| ExportError::PdfWrite(e.to_string()))?;
    let mut name_dict = Dictionary::new();
    name_dict.set("EmbeddedFiles", Object::Reference(tree));
    catalog.set("Names", name_dict);
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| ExportError::PdfWrite(e.to_string()))?;
    Ok(out)
}

/// The files attached to a PDF made by [`attach`], in name order. Only a flat name tree is
/// read: Forum Desk never writes another shape, and a file that has one is not ours.
pub fn attachments(pdf: &[u8]) -> Result<Vec<Attachment>> {
    let bad = |why: &str| ExportError::InvalidInput(format!("the file's contents {why}"));
    let doc = Document::load_mem(pdf).map_err(|_| bad("cannot be read as a PDF"))?;
    let catalog = doc.catalog().map_err(|_| bad("have no catalogue"))?;
    let names = match catalog.get(b"Names") {
        Ok(obj) => deref(&doc, obj)?
            .as_dict()
            .map_err(|_| bad("are damaged"))?,
        Err(_) => return Ok(Vec::new()),
    };
    let tree = match names.get(b"EmbeddedFiles") {
        Ok(obj) => deref(&doc, obj)?
            .as_dict()
            .map_err(|_| bad("are damaged"))?,
        Err(_) => return Ok(Vec::new()),
    };
    let list = deref(
        &doc,
        tree.get(b"Names").map_err(|_| bad("are not a flat list"))?,
    )?
    .as_array()
    .map_err(|_| bad("are damaged"))?;
    let mut out = Vec::with_capacity(list.len() / 2);
    for pair in list.chunks(2) {
        let [name, spec] = pair else {
            return Err(bad("are damaged"));
        };
        let name = String::from_utf8(
            deref(&doc, name)?
                .as_str()
                .map_err(|_| bad("are damaged"))?
                .to_vec(),
        )
        .map_err(|_| bad("have a name that is not text"))?;
        let spec = deref(&doc, spec)?
            .as_dict()
            .map_err(|_| bad("are damaged"))?;
        let ef = deref(&doc, spec.get(b"EF").map_err(|_| bad("are damaged"))?)?
            .as_dict()
            .map_err(|_| bad("are damaged"))?;
        let stream = deref(&doc, ef.get(b"F").map_err(|_| bad("are damaged"))?)?
            .as_stream()
            .map_err(|_| bad("are damaged"))?;
        let bytes = if stream.dict.get(b"Filter").is_ok() {
            stream
                .decompressed_content()
                .map_err(|_| bad("cannot be unpacked"))?
        } else {
            stream.content.clone()
        };
        out.push(Attachment { name, bytes });
    }
    Ok(out)
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Result<&'a Object> {
    match obj {
        Object::Reference(id) => doc
            .get_object(*id)
            .map_err(|_| ExportError::InvalidInput("the file's contents are damaged".into())),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::{render_notice, Notice};
    use chrono::TimeZone;

    #[test]
    fn attached_files_come_back_byte_for_byte() {
        let pdf = render_notice(&Notice {
            title: "Test".into(),
            footer: "Test".into(),
            paragraphs: vec!["Hello".into()],
            details: vec![],
            made_at: chrono::Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap(),
            signature_panel: None,
        })
        .unwrap();
        let files = vec![
            Attachment {
                name: "b.json".into(),
                bytes: br#"{"a":1}"#.to_vec(),
            },
            Attachment {
                name: "a.jpg".into(),
                bytes: (0..=255u8).cycle().take(5000).collect(),
            },
        ];
        let with = attach(&pdf, &files).unwrap();
        let back = attachments(&with).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].name, "a.jpg");
        assert_eq!(back[0].bytes, files[1].bytes);
        assert_eq!(back[1].bytes, files[0].bytes);
        assert!(attachments(&pdf).unwrap().is_empty());
    }
}
