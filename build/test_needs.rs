//! Build script shared by the crates whose tests need something outside Rust: a Postgres
//! database (`TEST_DATABASE_URL`), Postgres' own binaries and root (private clusters for fault
//! tests), the browser client's Node packages and Chromium, or the Node tools under `tools/`.
//! For each one missing it sets a `cfg`, and those tests carry
//! `#[cfg_attr(no_…, ignore = "needs …")]`: `cargo test` then lists them as ignored with what
//! they need, instead of passing without having run. Under `CI=true` nothing is marked, so a
//! missing dependency fails the run.

use std::path::{Path, PathBuf};

/// Each cfg, and whether what it stands for is missing.
fn needs(root: &Path) -> [(&'static str, bool); 5] {
    let database = std::env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty());
    let cluster = postgres_binaries() && is_root();
    let e2e_packages = root.join("e2e/node_modules/playwright-core").is_dir()
        && root.join("e2e/node_modules/typescript").is_dir();
    let chromium = Path::new("/usr/bin/chromium").exists();
    let tools = root.join("tools/asyncapi-validate/node_modules").is_dir()
        && root.join("tools/eventcatalog-lint/node_modules").is_dir();
    [
        ("no_test_database", !database),
        ("no_postgres_cluster", !cluster),
        ("no_e2e_packages", !e2e_packages),
        ("no_browser", !(e2e_packages && chromium)),
        ("no_node_tools", !tools),
    ]
}

fn postgres_binaries() -> bool {
    std::fs::read_dir("/usr/lib/postgresql")
        .map(|versions| {
            versions
                .flatten()
                .any(|v| v.path().join("bin/initdb").exists())
        })
        .unwrap_or(false)
}

/// Private clusters run their binaries as the `postgres` user through `runuser`.
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().next())
            == Some("0")
    })
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest
        .ancestors()
        .nth(2)
        .expect("crates sit two levels below the workspace root");
    println!("cargo::rerun-if-env-changed=TEST_DATABASE_URL");
    println!("cargo::rerun-if-env-changed=CI");
    // Installing packages changes these folders (their node_modules appear in them).
    for dir in ["e2e", "tools/asyncapi-validate", "tools/eventcatalog-lint"] {
        println!("cargo::rerun-if-changed={}", root.join(dir).display());
    }
    // Chromium is looked for only when this script runs (watching /usr/bin would rebuild on
    // every package anyone installs): after installing it, `touch build/test_needs.rs`.
    let in_ci = std::env::var("CI").as_deref() == Ok("true");
    for (cfg, missing) in needs(root) {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if missing && !in_ci {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
