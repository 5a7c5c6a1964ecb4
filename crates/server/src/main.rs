//! The `eventstorm` binary: parse configuration, set up logging, open the store, serve.

use anyhow::Context;
use clap::Parser;
use eventstorm_server::config::{Cli, LogFormat, ServeArgs, Subcommands};
use eventstorm_server::{cli, serve, startup, store_select};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging(&cli.serve);
    match cli.command {
        None | Some(Subcommands::Serve) => run_server(cli.serve).await,
        Some(Subcommands::Migrate) => cli::migrate(&cli.serve).await,
        Some(Subcommands::Check) => cli::check(&cli.serve).await,
        Some(Subcommands::Healthcheck) => cli::healthcheck(&cli.serve).await,
        Some(Subcommands::Export(export)) => cli::export(&cli.serve, &export).await,
        Some(Subcommands::Sessions { action }) => cli::sessions(&cli.serve, action).await,
        Some(Subcommands::Backup(backup)) => cli::backup(&cli.serve, &backup).await,
    }
}

async fn run_server(args: ServeArgs) -> anyhow::Result<()> {
    let url = args.database_url();
    let opened = store_select::open_store(&url, args.sqlite_sync_full)
        .await
        .with_context(|| {
            format!(
                "opening the {} store",
                if store_select::is_postgres(&url) {
                    "Postgres"
                } else {
                    "SQLite"
                }
            )
        })?;
    let state = startup::start(&opened, args.settings());
    let listener = TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("binding {}", args.bind))?;
    tracing::info!(address = %listener.local_addr()?, backend = opened.store.backend(), "eventstorm is serving");
    serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

fn init_logging(args: &ServeArgs) {
    let filter = EnvFilter::try_new(&args.log).unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to standard error: standard output carries what a subcommand prints (an export).
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
