//! `forumdesk certificate show|export FILE`: the forum's signing certificate, for funders
//! to check signed claim packs against. The private key never leaves the data folder.

use std::path::PathBuf;

use forumdesk_core::Destination;

use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum CertificateCommand {
    /// Show the certificate's name and SHA-256 fingerprint (made now if there is none yet).
    Show,
    /// Write the certificate as PEM to FILE, and in binary (DER) form beside it as .cer.
    Export {
        /// Where to write the PEM file, e.g. forum-certificate.pem.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(cmd: CertificateCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let mut store = access.store()?;
    let info = store.certificate_get()?;
    if info.created {
        say!("The forum had no signing certificate yet, so one has been made.");
    }
    match cmd {
        CertificateCommand::Show => {
            say!("Signing certificate: {}", info.subject);
            say!("SHA-256 fingerprint: {}", info.fingerprint);
        }
        CertificateCommand::Export { file } => {
            let saved = store.certificate_export(&Destination::File(file))?;
            say!("Certificate for {} saved to {}", info.subject, saved.path);
            say!("SHA-256 fingerprint: {}", info.fingerprint);
            say!("Send it to your funders, and tell them the fingerprint by phone or letter so they can check it.");
        }
    }
    Ok(())
}
