//! `forumdesk join` and `forumdesk exchange send|receive`: a rep's own computer and the
//! forum laptop passing signed files, with nothing but files between them.

use std::path::PathBuf;

use forumdesk_core::{KdfParams, Store};

use crate::access::{read_secret, PASSPHRASE_VAR};
use crate::CliError;

/// `forumdesk join FILE --code CODE`.
#[derive(Debug, clap::Args)]
pub struct JoinArgs {
    /// The invitation file the chair sent.
    pub file: PathBuf,
    /// The code the chair told you by phone or text.
    #[arg(long, value_name = "CODE")]
    pub code: String,
}

#[derive(Debug, clap::Subcommand)]
pub enum ExchangeCommand {
    /// Write what this computer owes the other side: on a rep's computer, submitted claims
    /// (or a request to join); on the forum laptop, an update for each rep's computer.
    Send {
        /// Write the files here instead of the exchange folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Read files from the other side: one file, every file in a folder, or (with no path)
    /// the exchange folders, moving each file read into this side's "done" folder.
    /// Prints one line per file.
    Receive {
        /// A file or a folder.
        path: Option<PathBuf>,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
}

pub fn join(args: JoinArgs, data_dir: &std::path::Path) -> Result<(), CliError> {
    let bytes = std::fs::read(&args.file).map_err(|e| CliError::File {
        action: "read",
        path: args.file.display().to_string(),
        reason: e.to_string(),
    })?;
    let passphrase = read_secret(
        PASSPHRASE_VAR,
        "Choose a passphrase for Forum Desk on this computer: ",
    )?;
    let store = Store::join(data_dir, &bytes, &args.code, &passphrase, KdfParams::REAL)?;
    let info = store
        .rep_computer_info()?
        .ok_or_else(|| CliError::Failed("joining did not finish".into()))?;
    say!(
        "Joined {} as {}, in {}.",
        info.forum_name,
        info.rep_name,
        data_dir.display()
    );
    say!("This computer's fingerprint: {}", info.fingerprint);
    say!("Read it to the chair when they ring: their laptop shows the same one once your first file arrives.");
    say!("Next: add your claims, then `forumdesk exchange send --out DIR` (or set an exchange folder).");
    Ok(())
}

pub fn run(cmd: ExchangeCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let mut store = access.store()?;
    match cmd {
        ExchangeCommand::Send { out } => {
            let sent = store.exchange_send(out.as_deref())?;
            if sent.files.is_empty() {
                say!("Nothing new to send.");
            }
            for f in sent.files {
                say!("Wrote {f}");
            }
            Ok(())
        }
        ExchangeCommand::Receive { path, json } => {
            let got = match path {
                Some(p) => {
                    if !p.exists() {
                        return Err(CliError::Usage(format!(
                            "There is no file or folder at {}.",
                            p.display()
                        )));
                    }
                    store.exchange_receive_path(&p)?
                }
                None => store.exchange_check_folders()?,
            };
            if json {
                say!(
                    "{}",
                    serde_json::to_string_pretty(&got)
                        .map_err(|e| CliError::Failed(e.to_string()))?
                );
            } else if got.is_empty() {
                say!("No files waiting.");
            } else {
                for o in &got {
                    say!("{}: {} {}", o.file, o.outcome, o.message);
                }
            }
            if got.iter().any(|o| o.outcome == "refused") {
                return Err(CliError::Failed(
                    "Some files were refused; nothing in them was used.".into(),
                ));
            }
            Ok(())
        }
    }
}
