//! `eventstorm-loadgen`: see `docs/benchmarks.md` for the commands the benchmarks use.

use std::time::Duration;

use anyhow::bail;
use clap::Parser;
use eventstorm_loadgen::{RunConfig, StepConfig, run, step, table};

/// Load generator for an eventstorm server: B boards x C clients x R edits/s per client.
/// Each client joins over WebSocket, adds a note or two, then moves random notes with
/// `move_notes` on a fixed schedule (open loop). Only use it against your own server.
#[derive(Debug, Parser)]
#[command(name = "eventstorm-loadgen", version)]
struct Args {
    /// The server's base URL.
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    url: String,
    /// Boards to create.
    #[arg(long, default_value_t = 1)]
    boards: usize,
    /// Clients per board.
    #[arg(long, default_value_t = 10)]
    clients: usize,
    /// Edits per second per client (0: join and stay idle, to measure memory per connection).
    /// In step mode, the first step's rate.
    #[arg(long, default_value_t = 10.0)]
    rate: f64,
    /// Measured time, after the warm-up (`30s`, `1m`).
    #[arg(long, default_value = "30s", value_parser = humantime::parse_duration)]
    duration: Duration,
    /// Time the clients send before measuring starts.
    #[arg(long, default_value = "5s", value_parser = humantime::parse_duration)]
    warmup: Duration,
    /// How long clients keep reading after the last command, before a missing event counts
    /// as lost.
    #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
    grace: Duration,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// The server's process id: sample its CPU and RSS from /proc during the measured window.
    #[arg(long)]
    pid: Option<u32>,
    /// Step mode: raise the rate until p99 fan-out passes --p99-bound-ms or delivery falls
    /// short; report the highest sustained rate.
    #[arg(long)]
    step: bool,
    /// Step mode: the p99 fan-out bound, in milliseconds.
    #[arg(long, default_value_t = 50.0)]
    p99_bound_ms: f64,
    /// Step mode: each step multiplies the rate by this.
    #[arg(long, default_value_t = 1.5)]
    step_factor: f64,
    /// Step mode: most steps in all.
    #[arg(long, default_value_t = 16)]
    max_steps: usize,
    /// Step mode: steps spent narrowing between the last rate that held and the first that
    /// did not.
    #[arg(long, default_value_t = 3)]
    refine: usize,
    /// Clients connecting and setting up at once.
    #[arg(long, default_value_t = 64)]
    connect_concurrency: usize,
    /// Worker threads of the generator's runtime (it shares the machine with the server).
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if !(args.rate >= 0.0 && args.rate.is_finite()) || (args.step && args.rate <= 0.0) {
        bail!("--rate must be a finite number >= 0 (> 0 in step mode)");
    }
    if args.step && args.step_factor <= 1.0 {
        bail!("--step-factor must be above 1");
    }
    if args.duration.is_zero() {
        bail!("--duration must be above 0");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .enable_all()
        .build()?;
    runtime.block_on(async_main(args))
}

async fn async_main(args: Args) -> anyhow::Result<()> {
    let cfg = RunConfig {
        url: args.url.clone(),
        boards: args.boards,
        clients: args.clients,
        rate: args.rate,
        duration: args.duration,
        warmup: args.warmup,
        grace: args.grace,
        pid: args.pid,
        connect_concurrency: args.connect_concurrency,
    };
    if args.step {
        let step_cfg = StepConfig {
            start_rate: args.rate,
            factor: args.step_factor,
            p99_bound_ms: args.p99_bound_ms,
            max_steps: args.max_steps,
            refine: args.refine,
        };
        let json = args.json;
        let report = step(&cfg, &step_cfg, |s| {
            if !json {
                println!("{}", table::render_step(s));
            } else {
                eprintln!("{}", table::render_step(s));
            }
        })
        .await?;
        if json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print!("{}", table::render_steps(&report));
        }
    } else {
        let report = run(&cfg).await?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print!("{}", table::render(&report));
        }
    }
    Ok(())
}
