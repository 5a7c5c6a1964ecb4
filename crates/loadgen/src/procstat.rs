//! CPU time and resident memory of a process, from `/proc/PID/stat` and `/proc/PID/status`,
//! sampled during the measured window.

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

/// One reading of a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// User plus system CPU time, in clock ticks.
    pub cpu_ticks: u64,
    pub rss_kib: u64,
}

/// User + system ticks from the text of `/proc/PID/stat` (fields 14 and 15; the command name
/// in field 2 may hold spaces and parentheses, so fields are counted after its last `)`).
pub fn parse_stat(text: &str) -> Option<u64> {
    let after = &text[text.rfind(')')? + 1..];
    let mut fields = after.split_whitespace();
    // After the name: state is field 3, so utime (14) is the 12th here.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// `VmRSS` in KiB from the text of `/proc/PID/status`.
pub fn parse_status_rss(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Reads `/proc/PID` (`self` for this process).
pub fn read(pid: &str) -> Option<Reading> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    Some(Reading {
        cpu_ticks: parse_stat(&stat)?,
        rss_kib: parse_status_rss(&status)?,
    })
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on Linux when that cannot run).
pub fn ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|&t| t > 0)
        .unwrap_or(100)
}

/// A process's CPU and memory over a window.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProcStats {
    /// Average CPU over the window, in percent of one core.
    pub cpu_percent: f64,
    pub rss_avg_mib: f64,
    pub rss_max_mib: f64,
    pub samples: usize,
}

/// Summarises readings taken at `elapsed` seconds apart from first to last.
pub fn summarise(first: Reading, last: Reading, rss: &[u64], secs: f64, ticks: u64) -> ProcStats {
    let cpu = last.cpu_ticks.saturating_sub(first.cpu_ticks) as f64 / ticks as f64;
    let n = rss.len().max(1) as f64;
    ProcStats {
        cpu_percent: if secs > 0.0 { cpu / secs * 100.0 } else { 0.0 },
        rss_avg_mib: rss.iter().sum::<u64>() as f64 / n / 1024.0,
        rss_max_mib: rss.iter().copied().max().unwrap_or(0) as f64 / 1024.0,
        samples: rss.len(),
    }
}

/// Samples `pid` every `every` until `until`; `None` if the process cannot be read.
pub async fn sample(pid: String, until: Instant, every: Duration) -> Option<ProcStats> {
    let ticks = ticks_per_second();
    let start = Instant::now();
    let first = read(&pid)?;
    let mut rss = vec![first.rss_kib];
    let mut last = first;
    while Instant::now() + every <= until {
        tokio::time::sleep(every).await;
        last = read(&pid)?;
        rss.push(last.rss_kib);
    }
    tokio::time::sleep_until(until).await;
    if let Some(r) = read(&pid) {
        last = r;
        rss.push(r.rss_kib);
    }
    let secs = start.elapsed().as_secs_f64();
    Some(summarise(first, last, &rss, secs, ticks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_after_the_name() {
        let stat = "4242 (event storm) (x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 \
                    250 75 0 0 20 0 4 0 12345 123456789 2048 18446744073709551615";
        assert_eq!(parse_stat(stat), Some(325));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn status_rss_is_read_in_kib() {
        let status = "Name:\teventstorm\nVmPeak:\t  999 kB\nVmRSS:\t   51234 kB\nThreads:\t4\n";
        assert_eq!(parse_status_rss(status), Some(51_234));
        assert_eq!(parse_status_rss("Name: x\n"), None);
    }

    #[test]
    fn this_process_can_be_read() {
        let r = read("self").expect("/proc/self is readable");
        assert!(r.rss_kib > 0);
    }

    #[test]
    fn summary_turns_ticks_into_percent_of_a_core() {
        let a = Reading {
            cpu_ticks: 100,
            rss_kib: 1024,
        };
        let b = Reading {
            cpu_ticks: 250,
            rss_kib: 3072,
        };
        let s = summarise(a, b, &[1024, 2048, 3072], 2.0, 100);
        assert!((s.cpu_percent - 75.0).abs() < 1e-9);
        assert!((s.rss_avg_mib - 2.0).abs() < 1e-9);
        assert!((s.rss_max_mib - 3.0).abs() < 1e-9);
        assert_eq!(s.samples, 3);
    }
}
