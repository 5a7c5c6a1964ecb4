//! The browser client's checks as part of `cargo test`: the JSDoc types (`tsc --checkJs`), the
//! unit tests of its pure modules and the browser suite (playwright-core driving Debian's
//! chromium against this package's `eventstorm` binary, which the tests start, stop and restart
//! themselves). They need Node, `e2e/node_modules` (`npm ci` in `e2e/`) and, for the browser
//! suite, `/usr/bin/chromium`; without them each test prints why it is skipped, except when
//! `CI=true`, where a missing dependency fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One Node job at a time: the machine has two cores and the browser suite measures nothing
/// but still wants them.
static NODE: Mutex<()> = Mutex::new(());

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e")
}

/// Whether the tests must run (CI) rather than skip when something is missing.
fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// What is missing for the client's tooling, if anything.
fn missing(need_chromium: bool) -> Vec<String> {
    let mut out = Vec::new();
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        out.push("node is not on PATH".to_owned());
    }
    for package in ["typescript", "playwright-core"] {
        if !e2e_dir().join("node_modules").join(package).is_dir() {
            out.push(format!(
                "e2e/node_modules/{package} is missing (run `npm ci` in e2e/)"
            ));
        }
    }
    if need_chromium && !Path::new("/usr/bin/chromium").exists() {
        out.push("/usr/bin/chromium is missing (apt-get install chromium)".to_owned());
    }
    out
}

/// Runs `node args...` in e2e/ with output streamed, or skips when tools are missing.
fn run_node(what: &str, args: &[&str], need_chromium: bool) {
    let missing = missing(need_chromium);
    if !missing.is_empty() {
        let why = missing.join("; ");
        assert!(!required(), "{what} cannot run with CI=true: {why}");
        println!("skipped: {what}: {why}");
        return;
    }
    let _one_at_a_time = NODE.lock().unwrap_or_else(|e| e.into_inner());
    let status = Command::new("node")
        .args(args)
        .current_dir(e2e_dir())
        .env("EVENTSTORM_BIN", env!("CARGO_BIN_EXE_eventstorm"))
        .env_remove("BASE_URL")
        .status()
        .unwrap_or_else(|e| panic!("starting node for {what}: {e}"));
    assert!(status.success(), "{what} failed ({status})");
}

#[test]
#[cfg_attr(no_e2e_packages, ignore = "needs npm ci in e2e/")]
fn client_javascript_type_checks() {
    run_node(
        "tsc --checkJs",
        &["node_modules/typescript/bin/tsc", "-p", "../tsconfig.json"],
        false,
    );
}

#[test]
#[cfg_attr(no_e2e_packages, ignore = "needs npm ci in e2e/")]
fn client_unit_tests_pass() {
    run_node("client unit tests", &["--test", "unit/"], false);
}

#[test]
#[cfg_attr(no_browser, ignore = "needs npm ci in e2e/ and /usr/bin/chromium")]
fn browser_suite_passes_against_this_binary() {
    run_node(
        "browser suite",
        &["--test", "--test-concurrency=1", "browser/"],
        true,
    );
}
