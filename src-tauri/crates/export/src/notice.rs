//! A short signed document that is mostly for a computer but must still read well to a
//! person who opens it: a rep's computer asking to join, or a forum update for a rep's
//! computer. A title, a few paragraphs, some "label: value" details and a signature panel.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::fonts::Weight;
use crate::layout::{PageWriter, BODY};
use crate::SignaturePanel;

#[derive(Debug, Clone)]
pub struct Notice {
    pub title: String,
    /// Printed at the foot of every page.
    pub footer: String,
    pub paragraphs: Vec<String>,
    /// Label and value pairs, shown after the paragraphs.
    pub details: Vec<(String, String)>,
    pub made_at: DateTime<Utc>,
    pub signature_panel: Option<SignaturePanel>,
}

pub fn render_notice(n: &Notice) -> Result<Vec<u8>> {
    let mut w = PageWriter::new(&n.title, n.footer.clone(), None, n.made_at)?;
    w.heading(&n.title, 1);
    for p in &n.paragraphs {
        w.paragraph(p, BODY, Weight::Regular);
        w.space(6.0);
    }
    for (label, value) in &n.details {
        w.label_value(label, value);
    }
    if let Some(panel) = &n.signature_panel {
        w.signature_panel(panel);
    }
    w.finish()
}
