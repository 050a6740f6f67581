//! Helpers shared by the tests of every Forum Desk crate. They run tools nobody here wrote
//! (poppler's pdftotext, pdfsig and pdfimages, qpdf, pyHanko, Python), so a test checks our
//! files the way a funder's software would. A missing tool fails the test loudly with how to
//! install it: `make test` installs them all.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Path to an external tool, or a loud failure explaining how to get it.
pub fn tool(name: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| {
            panic!("This test needs `{name}`, which is not installed. Install {package}, or run `make test`, which installs it.")
        })
}

/// Runs a tool; returns whether it succeeded and everything it printed.
pub fn run(name: &str, package: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool(name, package))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run {name}: {e}"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Runs a Python script (with `args` as `sys.argv[1:]`) that needs `module`, and returns what
/// it printed; fails the test if it fails.
pub fn python(script: &str, args: &[&str], module: &str, package: &str) -> String {
    let python = tool("python3", "python3");
    let probe = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .unwrap();
    assert!(
        probe.status.success(),
        "This test needs Python's `{module}` module, which is not installed. Run `pip install {package}`, or `make test`, which installs it."
    );
    let out = Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "python failed:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The PDF's text in content-stream order (`pdftotext -raw`), so each table cell's text stays
/// together instead of being interleaved with its neighbours.
pub fn pdftotext(pdf: &Path) -> String {
    pdftotext_with(pdf, "-raw", "txt")
}

/// The PDF's text laid out as on the page (`pdftotext -layout`), for reading table rows.
pub fn pdftotext_layout(pdf: &Path) -> String {
    pdftotext_with(pdf, "-layout", "layout.txt")
}

fn pdftotext_with(pdf: &Path, mode: &str, ext: &str) -> String {
    let out = pdf.with_extension(ext);
    let (ok, msg) = run("pdftotext", "poppler-utils", &[mode, s(pdf), s(&out)]);
    assert!(ok, "pdftotext failed: {msg}");
    std::fs::read_to_string(out).unwrap()
}

/// What `pdfsig` says about the file. pdfsig exits 0 whatever it finds, so read its words.
pub fn pdfsig(pdf: &Path) -> String {
    run("pdfsig", "poppler-utils", &[s(pdf)]).1
}

/// `pdfimages -list`: one row per embedded image, with its size and resolution.
pub fn pdfimages_list(pdf: &Path) -> String {
    let (ok, msg) = run("pdfimages", "poppler-utils", &["-list", s(pdf)]);
    assert!(ok, "pdfimages failed: {msg}");
    msg
}

/// Fails the test unless `qpdf --check` finds the file's structure sound.
pub fn qpdf_check(pdf: &Path) {
    let (ok, msg) = run("qpdf", "qpdf", &["--check", s(pdf)]);
    assert!(ok, "qpdf --check failed for {}:\n{msg}", pdf.display());
    assert!(
        msg.contains("No syntax or stream encoding errors found"),
        "qpdf:\n{msg}"
    );
}

/// Fails the test unless pyHanko, trusting `cert`, judges the signature valid over the whole
/// file.
pub fn pyhanko_validate(pdf: &Path, cert: &Path) {
    let (ok, out) = run(
        "pyhanko",
        "pyHanko's command line (pip install pyhanko pyhanko-cli)",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            s(cert),
            "--trust-replace",
            s(pdf),
        ],
    );
    assert!(ok, "pyHanko rejected {}:\n{out}", pdf.display());
    for needle in [
        "The signer's certificate is trusted.",
        "The signature is cryptographically sound.",
        "The signature covers the entire file.",
        "The signature is judged VALID.",
    ] {
        assert!(
            out.contains(needle),
            "pyHanko did not say {needle:?}:\n{out}"
        );
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}
