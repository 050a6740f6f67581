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
    // The window runs only Forum Desk's own short scripts, for which WebKit's first two
    // JavaScript tiers are quick enough (screens on the 20-year forum drew no faster with
    // DFG on). Its optimising compilers, DFG and FTL, kept about 4 MB once signed in for
    // no visible gain, and are where most of WebKit's JavaScript security fixes land.
    // WebKit's web process inherits these; a value the person set themselves wins. The
    // programs Forum Desk starts to open files do not inherit them (see `export_open`).
    for (name, value) in JAVASCRIPT_TIERS {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }

    match gui::run(data_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Forum Desk could not open its window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// WebKit's JavaScript engine settings for the window's web process (read from the
/// environment by JavaScriptCore): no optimising compilers.
pub(crate) const JAVASCRIPT_TIERS: [(&str, &str); 2] =
    [("JSC_useDFGJIT", "false"), ("JSC_useFTLJIT", "false")];

/// True when there is an X11 or Wayland display to open a window on. Without one GTK would
/// abort with a message no volunteer could act on. Windows and macOS always have one.
fn has_display() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}
