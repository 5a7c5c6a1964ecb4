//! The human-readable report.

use std::fmt::Write;

use crate::accounting::Latency;
use crate::run::Report;
use crate::step::{Step, StepReport};

fn latency_row(out: &mut String, name: &str, l: &Latency) {
    let _ = writeln!(
        out,
        "  {name:<10} {:>9} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
        l.count, l.p50_ms, l.p95_ms, l.p99_ms, l.p999_ms, l.max_ms
    );
}

fn codes(map: &std::collections::BTreeMap<String, u64>) -> String {
    if map.is_empty() {
        return "none".into();
    }
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn render(r: &Report) -> String {
    let t = &r.totals;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "workload   {} boards x {} clients x {} edits/s ({} connections), {} s after {} s warm-up (setup {:.1} s)",
        r.boards,
        r.clients_per_board,
        r.rate_per_client,
        r.connections,
        r.duration_s,
        r.warmup_s,
        r.setup_s
    );
    let _ = writeln!(
        out,
        "throughput {:.0} edits/s acked of {:.0} offered, {:.0} deliveries/s",
        r.edits_per_s, r.offered_edits_per_s, r.deliveries_per_s
    );
    let _ = writeln!(
        out,
        "latency ms     count      p50      p95      p99    p99.9      max"
    );
    latency_row(&mut out, "fan-out", &t.fanout);
    latency_row(&mut out, "ack", &t.ack);
    let d = &t.delivery;
    let _ = writeln!(
        out,
        "delivery   {} of {} expected, lost {}, duplicates {}, seq gaps {} ({} seqs), late {}",
        d.delivered, d.expected, d.lost, t.duplicates, t.seq_gaps, t.gap_seqs, t.late
    );
    let _ = writeln!(
        out,
        "commands   sent {} ({} measured), acked {}, unanswered {}, rejected: {}; resyncs {}; errors: {}; max send lag {:.1} ms",
        t.sent,
        t.sent_measured,
        t.acked,
        t.unanswered,
        codes(&t.rejected),
        t.resyncs,
        codes(&t.errors),
        t.max_send_lag_ms
    );
    if let Some(s) = &r.server {
        let _ = write!(
            out,
            "server     CPU {:.1} % of a core, RSS avg {:.1} MiB, max {:.1} MiB",
            s.cpu_percent, s.rss_avg_mib, s.rss_max_mib
        );
        if let (Some(before), Some(per)) =
            (r.server_rss_before_mib, r.server_rss_per_connection_kib)
        {
            let _ = write!(
                out,
                " (before connecting {before:.1} MiB: {per:.1} KiB per connection)"
            );
        }
        out.push('\n');
    }
    if let Some(s) = &r.loadgen {
        let _ = writeln!(
            out,
            "loadgen    CPU {:.1} % of a core, RSS max {:.1} MiB",
            s.cpu_percent, s.rss_max_mib
        );
    }
    out
}

pub fn render_step(s: &Step) -> String {
    let r = &s.report;
    format!(
        "step {:>8.1} edits/s/client: {:>7.0} edits/s, {:>8.0} deliveries/s, p50 {:>7.2} ms, p99 {:>7.2} ms, lost {}, server CPU {} -> {}",
        s.rate_per_client,
        r.edits_per_s,
        r.deliveries_per_s,
        r.totals.fanout.p50_ms,
        r.totals.fanout.p99_ms,
        r.totals.delivery.lost,
        r.server
            .as_ref()
            .map_or("n/a".to_owned(), |p| format!("{:.0} %", p.cpu_percent)),
        s.reason.as_deref().unwrap_or("held"),
    )
}

pub fn render_steps(s: &StepReport) -> String {
    let mut out = String::new();
    for step in &s.steps {
        out.push_str(&render_step(step));
        out.push('\n');
    }
    match &s.best {
        Some(best) => {
            let _ = writeln!(
                out,
                "highest sustained: {:.1} edits/s per client = {:.0} accepted edits/s, {:.0} deliveries/s, p99 {:.2} ms (bound {} ms)",
                best.rate_per_client,
                best.report.edits_per_s,
                best.report.deliveries_per_s,
                best.report.totals.fanout.p99_ms,
                s.p99_bound_ms
            );
            out.push_str(&render(&best.report));
        }
        None => {
            let _ = writeln!(out, "no step held (bound {} ms)", s.p99_bound_ms);
        }
    }
    out
}
