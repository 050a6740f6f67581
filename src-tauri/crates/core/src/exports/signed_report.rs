//! A signed report in its three steps, for every report drawn by the export crate's report
//! renderer (the annual report, a project's report): read from the store under its lock
//! (`PreparedReport`), drawn and signed on any thread with the store free (`render_with`),
//! then saved and logged under the lock (`RenderedReport`). `S` is what saving it needs,
//! worked out when it was read (its file name, and for a project which project).

use chrono::{DateTime, Utc};
use forumdesk_export as ex;

use super::{export_error, sign_counted};
use crate::store::Result;

/// A report read from the store and ready to draw and sign; it holds no connection.
pub struct PreparedReport<S> {
    pub(crate) input: ex::ReportInput,
    pub(crate) identity: ex::ForumIdentity,
    pub(crate) signer: String,
    pub(crate) now: DateTime<Utc>,
    pub(crate) saving: S,
}

/// A signed report, ready to be saved.
pub struct RenderedReport<S> {
    pub pdf: Vec<u8>,
    pub(crate) saving: S,
}

impl<S> PreparedReport<S> {
    /// Draws the pages and signs them: the slow part, needing no store. Counts pages in
    /// `progress` for the window, and stops with `CoreError::Cancelled` (nothing to save)
    /// at the next page once it is cancelled.
    pub fn render_with(self, progress: &ex::Progress) -> Result<RenderedReport<S>> {
        let unsigned = ex::render_report_with(&self.input, progress).map_err(export_error)?;
        // The title is the signature's reason, as it always was.
        let pdf = sign_counted(
            &unsigned,
            &self.identity,
            &self.signer,
            &self.input.title,
            self.now,
            progress,
        )?;
        Ok(RenderedReport {
            pdf,
            saving: self.saving,
        })
    }
}
