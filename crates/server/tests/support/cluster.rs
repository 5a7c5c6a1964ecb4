//! A Postgres cluster of the test's own (`initdb` into a temp dir as the `postgres` user, on a
//! free port), for tests that stop and restart the database. The shared cluster on 5432 that
//! other tests use is never touched.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use uuid::Uuid;

pub struct PgCluster {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
    running: bool,
}

/// The newest `/usr/lib/postgresql/*/bin` that has `initdb`.
fn bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, bin)| bin)
}

/// Why a private cluster cannot be made here, if it cannot.
fn unavailable() -> Option<String> {
    if bin_dir().is_none() {
        return Some("no initdb under /usr/lib/postgresql/*/bin".into());
    }
    let as_postgres = Command::new("runuser")
        .args(["-u", "postgres", "--", "true"])
        .stderr(Stdio::null())
        .status();
    if !matches!(as_postgres, Ok(s) if s.success()) {
        return Some("cannot run commands as the postgres user (runuser needs root)".into());
    }
    None
}

fn as_postgres(bin: &Path, program: &str, args: &[&str]) {
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(bin.join(program))
        .args(args)
        .output()
        .expect("runuser runs");
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PgCluster {
    /// A new, running cluster; `None` (after saying why) where one cannot be made. Under
    /// CI=true that is a failure instead.
    pub fn start_new() -> Option<PgCluster> {
        if let Some(why) = unavailable() {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("a private Postgres cluster is needed in CI: {why}");
            }
            eprintln!("skipped: {why}");
            return None;
        }
        let bin = bin_dir().unwrap();
        let dir = std::env::temp_dir().join(format!("eventstorm-pg-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let status = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success());
        let data = dir.join("data");
        as_postgres(
            &bin,
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let mut cluster = PgCluster {
            dir,
            bin,
            port: super::process::free_port(),
            running: false,
        };
        cluster.start();
        Some(cluster)
    }

    /// Starts the cluster and waits until it accepts connections.
    pub fn start(&mut self) {
        let data = self.dir.join("data");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=32MB",
            self.port,
            self.dir.display()
        );
        as_postgres(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                self.dir.join("postgres.log").to_str().unwrap(),
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        self.running = true;
    }

    /// Stops the cluster at once (`-m immediate`: like a crash; recovery runs at the next start).
    pub fn stop_immediate(&mut self) {
        self.stop("immediate");
    }

    /// Stops the cluster after disconnecting clients (`-m fast`).
    pub fn stop_fast(&mut self) {
        self.stop("fast");
    }

    fn stop(&mut self, mode: &str) {
        let data = self.dir.join("data");
        as_postgres(
            &self.bin,
            "pg_ctl",
            &["-D", data.to_str().unwrap(), "-m", mode, "-w", "stop"],
        );
        self.running = false;
    }

    /// A URL for database `db` on this cluster (`postgres` exists from the start).
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.running {
            let data = self.dir.join("data");
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(self.bin.join("pg_ctl"))
                .args([
                    "-D",
                    data.to_str().unwrap(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        if std::thread::panicking() {
            eprintln!(
                "postgres log kept at {}",
                self.dir.join("postgres.log").display()
            );
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
