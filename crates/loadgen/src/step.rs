//! Step mode: run at rising rates until p99 fan-out passes the bound or delivery falls short,
//! then narrow down between the last rate that held and the first that did not.

use serde::Serialize;

use crate::run::{Report, RunConfig, run};

/// How the rate rises.
#[derive(Clone, Debug)]
pub struct StepConfig {
    /// Per-client rate of the first step.
    pub start_rate: f64,
    /// Each step multiplies the rate by this.
    pub factor: f64,
    /// A step holds while p99 fan-out stays at or under this.
    pub p99_bound_ms: f64,
    /// Steps at most (rising and narrowing together).
    pub max_steps: usize,
    /// Narrowing steps between the last good and the first bad rate.
    pub refine: usize,
}

/// One step's outcome.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub rate_per_client: f64,
    pub held: bool,
    /// Why it did not hold.
    pub reason: Option<String>,
    pub report: Report,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepReport {
    pub p99_bound_ms: f64,
    pub steps: Vec<Step>,
    /// The highest step that held.
    pub best: Option<Step>,
}

/// Whether a run held: p99 within the bound, and every expected delivery made.
pub fn verdict(report: &Report, p99_bound_ms: f64) -> Option<String> {
    let t = &report.totals;
    if t.fanout.p99_ms > p99_bound_ms {
        return Some(format!("p99 {:.2} ms > {p99_bound_ms} ms", t.fanout.p99_ms));
    }
    if !report.clean() {
        return Some(format!(
            "delivery fell short: {:.0} of {:.0} edits/s acked, lost {}, unanswered {}, rejected {}, resyncs {}, duplicates {}, gaps {}",
            report.edits_per_s,
            report.offered_edits_per_s,
            t.delivery.lost,
            t.unanswered,
            t.rejected_total(),
            t.resyncs,
            t.duplicates,
            t.seq_gaps
        ));
    }
    None
}

/// Runs the steps; `progress` sees each one as it finishes.
pub async fn step(
    base: &RunConfig,
    cfg: &StepConfig,
    mut progress: impl FnMut(&Step),
) -> anyhow::Result<StepReport> {
    let mut steps = Vec::new();
    let mut good: Option<f64> = None;
    let mut bad: Option<f64> = None;
    let mut rate = cfg.start_rate;
    let mut refined = 0;
    for _ in 0..cfg.max_steps {
        let run_cfg = RunConfig {
            rate,
            ..base.clone()
        };
        let report = run(&run_cfg).await?;
        let reason = verdict(&report, cfg.p99_bound_ms);
        let held = reason.is_none();
        let s = Step {
            rate_per_client: rate,
            held,
            reason,
            report,
        };
        progress(&s);
        steps.push(s);
        if held {
            good = Some(good.map_or(rate, |g: f64| g.max(rate)));
        } else {
            bad = Some(bad.map_or(rate, |b: f64| b.min(rate)));
        }
        rate = match (good, bad) {
            (_, None) => rate * cfg.factor,
            (None, Some(b)) => b / cfg.factor,
            (Some(g), Some(b)) => {
                if refined >= cfg.refine || b / g < 1.05 {
                    break;
                }
                refined += 1;
                (g + b) / 2.0
            }
        };
        if rate < 0.01 {
            break;
        }
    }
    let best = steps
        .iter()
        .filter(|s| s.held)
        .max_by(|a, b| a.report.edits_per_s.total_cmp(&b.report.edits_per_s))
        .cloned();
    Ok(StepReport {
        p99_bound_ms: cfg.p99_bound_ms,
        steps,
        best,
    })
}
