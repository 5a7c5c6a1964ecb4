//! Prometheus metrics, kept in atomics and rendered as the text exposition format on
//! `GET /metrics`. Labels never carry board ids (they are secrets, and unbounded).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A histogram with fixed buckets (upper bounds, ascending).
pub struct Histogram {
    bounds: &'static [f64],
    counts: Vec<AtomicU64>,
    /// Sum in millionths of the unit, so it stays an integer atomic.
    sum_micro: AtomicU64,
    count: AtomicU64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            counts: bounds.iter().map(|_| AtomicU64::new(0)).collect(),
            sum_micro: AtomicU64::new(0),
            count: AtomicU64::new(0),
        }
    }

    pub fn observe(&self, v: f64) {
        if let Some(i) = self.bounds.iter().position(|b| v <= *b) {
            self.counts[i].fetch_add(1, Ordering::Relaxed);
        }
        self.sum_micro
            .fetch_add((v * 1e6) as u64, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    pub fn observe_duration(&self, d: Duration) {
        self.observe(d.as_secs_f64());
    }

    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        let mut cumulative = 0;
        for (bound, count) in self.bounds.iter().zip(&self.counts) {
            cumulative += count.load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        let total = self.count();
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {total}");
        let _ = writeln!(
            out,
            "{name}_sum {}",
            self.sum_micro.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "{name}_count {total}");
    }
}

const SECONDS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];
const BATCH: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

pub struct Metrics {
    pub commands_accepted: AtomicU64,
    commands_rejected: Mutex<BTreeMap<&'static str, u64>>,
    pub events_appended: AtomicU64,
    pub store_errors: AtomicU64,
    /// Batches whose events went out before their commit failed, and were taken back.
    pub retractions: AtomicU64,
    /// Commands per group commit.
    pub append_batch: Histogram,
    /// How long one append (one transaction) takes.
    pub append_seconds: Histogram,
    /// From a command reaching its board until its events are queued to every connection
    /// (which happens once it is decided, before its commit).
    pub fanout_seconds: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            commands_accepted: AtomicU64::new(0),
            commands_rejected: Mutex::new(BTreeMap::new()),
            events_appended: AtomicU64::new(0),
            store_errors: AtomicU64::new(0),
            retractions: AtomicU64::new(0),
            append_batch: Histogram::new(BATCH),
            append_seconds: Histogram::new(SECONDS),
            fanout_seconds: Histogram::new(SECONDS),
        }
    }
}

impl Metrics {
    pub fn rejected(&self, code: &'static str) {
        *self
            .commands_rejected
            .lock()
            .expect("metrics lock")
            .entry(code)
            .or_default() += 1;
    }

    pub fn rejected_count(&self, code: &str) -> u64 {
        self.commands_rejected
            .lock()
            .expect("metrics lock")
            .get(code)
            .copied()
            .unwrap_or(0)
    }

    /// The text exposition format, with the gauges the caller reads at scrape time.
    pub fn render(&self, connections: usize, loaded_boards: usize) -> String {
        let mut out = String::with_capacity(4096);
        let gauge = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        };
        let counter = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
            );
        };
        gauge(
            &mut out,
            "eventstorm_connections",
            "Open WebSocket connections.",
            connections as u64,
        );
        gauge(
            &mut out,
            "eventstorm_loaded_boards",
            "Boards loaded in memory on this instance.",
            loaded_boards as u64,
        );
        counter(
            &mut out,
            "eventstorm_commands_accepted_total",
            "Commands committed.",
            self.commands_accepted.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP eventstorm_commands_rejected_total Commands refused, by error code."
        );
        let _ = writeln!(out, "# TYPE eventstorm_commands_rejected_total counter");
        for (code, n) in self.commands_rejected.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "eventstorm_commands_rejected_total{{code=\"{code}\"}} {n}"
            );
        }
        counter(
            &mut out,
            "eventstorm_events_appended_total",
            "Events appended to board streams.",
            self.events_appended.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "eventstorm_store_errors_total",
            "Store operations that failed.",
            self.store_errors.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "eventstorm_retractions_total",
            "Batches sent before their commit whose commit failed, taken back from every client.",
            self.retractions.load(Ordering::Relaxed),
        );
        self.append_batch.render(
            &mut out,
            "eventstorm_append_batch_size",
            "Commands per group commit.",
        );
        self.append_seconds.render(
            &mut out,
            "eventstorm_append_seconds",
            "Time to append one batch.",
        );
        self.fanout_seconds.render(
            &mut out,
            "eventstorm_fanout_seconds",
            "From a command reaching its board to its events queued for every connection.",
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_counters_labelled() {
        let m = Metrics::default();
        m.append_seconds.observe(0.0007);
        m.append_seconds.observe(0.3);
        m.append_seconds.observe(9.0);
        m.rejected("rate_limited");
        m.rejected("rate_limited");
        let text = m.render(3, 1);
        assert!(text.contains("eventstorm_connections 3\n"));
        assert!(text.contains("eventstorm_append_seconds_bucket{le=\"0.001\"} 1\n"));
        assert!(text.contains("eventstorm_append_seconds_bucket{le=\"0.5\"} 2\n"));
        assert!(text.contains("eventstorm_append_seconds_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("eventstorm_append_seconds_count 3\n"));
        assert!(text.contains("eventstorm_commands_rejected_total{code=\"rate_limited\"} 2\n"));
    }
}
