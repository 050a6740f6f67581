//! `forumdesk verify FILE.pdf`: was the PDF changed after it was signed, who signed it, and
//! was it this forum. Exits with 1 when it is not intact or not signed, so scripts can check.

use std::path::{Path, PathBuf};

use forumdesk_core::Store;

use crate::CliError;

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The signed PDF to check.
    #[arg(value_name = "FILE.pdf")]
    pub file: PathBuf,
}

pub fn run(args: VerifyArgs, data_dir: &Path) -> Result<(), CliError> {
    let bytes = std::fs::read(&args.file).map_err(|e| CliError::file("read", &args.file, e))?;
    let store = Store::open(data_dir)?;
    let v = store.verify_file(&bytes)?;
    say!("File: {}", args.file.display());
    say!("Signed by: {}", v.signer);
    say!("Certificate fingerprint (SHA-256): {}", v.fingerprint);
    if v.intact {
        say!("Intact: yes, the file has not been changed since it was signed.");
    } else {
        say!("NOT intact — the file was changed after it was signed.");
    }
    if v.covers_whole_file {
        say!("The signature covers the whole file.");
    } else {
        say!("The signature does NOT cover the whole file: something was added after signing.");
    }
    match v.ours {
        Some(true) => say!("It was signed with this forum's certificate."),
        Some(false) => say!("It was NOT signed with this forum's certificate."),
        None => say!(
            "This forum has no signing certificate yet, so it cannot say whether the forum signed it."
        ),
    }
    if v.intact {
        Ok(())
    } else {
        Err(CliError::Failed(
            "Do not rely on this file: it was changed after it was signed.".into(),
        ))
    }
}
