//! One error type for the whole crate, with messages a volunteer can read.

use thiserror::Error;

/// Everything that can go wrong while exporting, signing or verifying.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The input data cannot be turned into a document.
    #[error("The export could not be made: {0}")]
    InvalidInput(String),

    /// A receipt image could not be read.
    #[error("The receipt \"{file_name}\" could not be read as a picture: {reason}")]
    BadReceipt { file_name: String, reason: String },

    /// The PDF library failed while writing the document.
    #[error("The PDF could not be written: {0}")]
    PdfWrite(String),

    /// The bytes given are not a PDF we can read.
    #[error("This file could not be read as a PDF: {0}")]
    NotAPdf(String),

    /// The PDF has no digital signature to check.
    #[error("This PDF has not been digitally signed.")]
    NotSigned,

    /// The signature in the PDF is damaged or in a form we do not understand.
    #[error("The digital signature in this PDF could not be read: {0}")]
    BadSignature(String),

    /// Creating, saving or loading the forum's signing key or certificate failed.
    #[error("The forum's signing identity could not be set up: {0}")]
    Identity(String),

    /// Reading or writing a file on disk failed.
    #[error("A file could not be read or written: {0}")]
    Io(#[from] std::io::Error),

    /// Somebody pressed Cancel; nothing was made.
    #[error("The export was cancelled. Nothing was saved.")]
    Cancelled,

    /// Writing the CSV failed.
    #[error("The spreadsheet (CSV) file could not be written: {0}")]
    Csv(#[from] csv::Error),
}

/// Shorthand used across the crate.
pub type Result<T> = std::result::Result<T, ExportError>;
