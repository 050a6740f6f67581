//! How far a long export has got, and a way to stop it.
//!
//! A claim pack with fifty phone photos takes a while to draw and sign. The window shows
//! how far it has got ("Drawing page 3 of 12 · receipt 20 of 50") and offers Cancel, so the
//! renderers count real work here as they do it and check the cancel flag between receipts
//! and between pages. A cancelled export returns [`ExportError::Cancelled`] and no bytes.
//!
//! Counts are atomics so another thread (the window's poll) can read them while the export
//! runs; an optional observer is called after every step, under a lock, so it sees each
//! count once and in order even when receipts are prepared on several cores.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{ExportError, Result};

/// What an export is doing now, in the order it does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Not started drawing yet (reading the records).
    Starting,
    /// Getting the receipts' pictures ready.
    Receipts,
    /// Drawing the pages.
    Pages,
    /// Writing the PDF file's bytes (fonts, pictures) in one go.
    Writing,
    /// Adding the digital signature.
    Signing,
    /// Finished: the bytes are ready to save.
    Done,
}

impl Stage {
    fn from_u8(n: u8) -> Stage {
        match n {
            1 => Stage::Receipts,
            2 => Stage::Pages,
            3 => Stage::Writing,
            4 => Stage::Signing,
            5 => Stage::Done,
            _ => Stage::Starting,
        }
    }

    fn as_u8(self) -> u8 {
        match self {
            Stage::Starting => 0,
            Stage::Receipts => 1,
            Stage::Pages => 2,
            Stage::Writing => 3,
            Stage::Signing => 4,
            Stage::Done => 5,
        }
    }
}

/// The counts at one moment. A total of 0 means "not known yet" (pages are counted once
/// the layout is finished) or "none" (a pack without receipts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressSnapshot {
    pub stage: Stage,
    pub receipts_done: usize,
    pub receipts_total: usize,
    pub pages_done: usize,
    pub pages_total: usize,
    /// Cancel was asked for; the export stops at its next check.
    pub cancelled: bool,
}

type Observer = Box<dyn FnMut(ProgressSnapshot) + Send>;

/// Shared between the thread doing the export and whoever watches or cancels it.
pub struct Progress {
    stage: AtomicU8,
    receipts_done: AtomicUsize,
    receipts_total: AtomicUsize,
    pages_done: AtomicUsize,
    pages_total: AtomicUsize,
    cancelled: AtomicBool,
    /// Also the lock that keeps each step's count and its report together.
    observer: Mutex<Option<Observer>>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Progress {
    /// Counts with nobody listening: read them with [`Progress::snapshot`].
    pub fn new() -> Progress {
        Progress {
            stage: AtomicU8::new(Stage::Starting.as_u8()),
            receipts_done: AtomicUsize::new(0),
            receipts_total: AtomicUsize::new(0),
            pages_done: AtomicUsize::new(0),
            pages_total: AtomicUsize::new(0),
            cancelled: AtomicBool::new(false),
            observer: Mutex::new(None),
        }
    }

    /// Counts that also call `observer` after every step.
    pub fn with_observer(observer: impl FnMut(ProgressSnapshot) + Send + 'static) -> Progress {
        let progress = Progress::new();
        *progress.observer.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(observer));
        progress
    }

    pub fn snapshot(&self) -> ProgressSnapshot {
        ProgressSnapshot {
            stage: Stage::from_u8(self.stage.load(Ordering::SeqCst)),
            receipts_done: self.receipts_done.load(Ordering::SeqCst),
            receipts_total: self.receipts_total.load(Ordering::SeqCst),
            pages_done: self.pages_done.load(Ordering::SeqCst),
            pages_total: self.pages_total.load(Ordering::SeqCst),
            cancelled: self.cancelled.load(Ordering::SeqCst),
        }
    }

    /// Asks the export to stop at its next check. It cannot be undone.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// `Err(Cancelled)` once cancel was asked for: call between steps.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Moves on to `stage` (never back) and reports it.
    pub fn stage(&self, stage: Stage) {
        self.step(|p| {
            p.stage.fetch_max(stage.as_u8(), Ordering::SeqCst);
        });
    }

    pub(crate) fn receipts_total(&self, n: usize) {
        self.step(|p| p.receipts_total.store(n, Ordering::SeqCst));
    }

    pub(crate) fn receipt_done(&self) {
        self.step(|p| {
            p.receipts_done.fetch_add(1, Ordering::SeqCst);
        });
    }

    pub(crate) fn pages_total(&self, n: usize) {
        self.step(|p| p.pages_total.store(n, Ordering::SeqCst));
    }

    pub(crate) fn page_done(&self) {
        self.step(|p| {
            p.pages_done.fetch_add(1, Ordering::SeqCst);
        });
    }

    /// Changes a count and reports the result while holding the lock, so two threads'
    /// reports cannot arrive out of order.
    fn step(&self, change: impl FnOnce(&Progress)) {
        let mut observer = self.observer.lock().unwrap_or_else(|e| e.into_inner());
        change(self);
        if let Some(observe) = observer.as_mut() {
            observe(self.snapshot());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_never_goes_back_and_cancel_is_seen() {
        let p = Progress::new();
        p.stage(Stage::Pages);
        p.stage(Stage::Receipts);
        assert_eq!(p.snapshot().stage, Stage::Pages);
        assert!(p.check().is_ok());
        p.cancel();
        assert!(matches!(p.check(), Err(ExportError::Cancelled)));
        assert!(p.snapshot().cancelled);
    }
}
