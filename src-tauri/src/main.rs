//! The `forumdesk` program. With a subcommand (`forumdesk info`, ...) it is the command line
//! and never touches the display; with none it opens the window.

// Release builds on Windows should not open a console next to the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod api_error;
mod commands;
mod gui;

use std::process::ExitCode;

use clap::Parser;
use forumdesk_cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        return forumdesk_cli::run(cli);
    }

    if !has_display() {
        eprintln!(
            "Forum Desk needs a desktop display to open its window. Run it from your desktop \
             session, or use a command such as `forumdesk info` or `forumdesk claims list` \
             (see `forumdesk --help`)."
        );
        return ExitCode::FAILURE;
    }

    let data_dir = match forumdesk_cli::resolve_data_dir(cli.data_dir) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };

    // WebKitGTK's DMA-BUF renderer costs memory and start-up time and fails on some virtual
    // displays (Xvfb, remote desktops). Set before Tauri starts any thread; a value the person
    // set themselves wins.
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }

    match gui::run(data_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Forum Desk could not open its window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// True when there is an X11 or Wayland display to open a window on. Without one GTK would
/// abort with a message no volunteer could act on. Windows and macOS always have one.
fn has_display() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}
