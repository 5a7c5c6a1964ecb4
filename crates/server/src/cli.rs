//! The subcommands other than `serve`: they open the configured store, do one thing and exit.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, bail};
use eventstorm_spec::Format;
use eventstorm_store::BoardId;

use crate::backup::stream::backup_document;
use crate::config::{BackupArgs, ExportArgs, ServeArgs, SessionsAction};
use crate::hub::load_board;
use crate::store_select::{self, OpenedStore};

async fn open(args: &ServeArgs) -> anyhow::Result<OpenedStore> {
    let url = args.database_url();
    store_select::open_store(&url, args.sqlite_sync_full)
        .await
        .with_context(|| "opening the store")
}

/// `eventstorm migrate`: opening a store runs its migrations.
pub async fn migrate(args: &ServeArgs) -> anyhow::Result<()> {
    let opened = open(args).await?;
    println!("migrations are up to date ({})", opened.store.backend());
    Ok(())
}

/// `eventstorm check`: the configuration parses (clap did that), the database answers and its
/// schema is current.
pub async fn check(args: &ServeArgs) -> anyhow::Result<()> {
    let opened = open(args).await?;
    opened
        .store
        .ping()
        .await
        .context("the database does not answer")?;
    let boards = opened
        .store
        .list_boards()
        .await
        .context("reading the boards")?;
    println!(
        "ok: {} database, {} boards, listening address {}",
        opened.store.backend(),
        boards.len(),
        args.bind
    );
    Ok(())
}

/// `eventstorm healthcheck`: GET /healthz on the bind address (0.0.0.0 is asked on loopback).
pub async fn healthcheck(args: &ServeArgs) -> anyhow::Result<()> {
    let mut addr = args.bind;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let request = async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        stream
            .write_all(
                format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .await?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await?;
        Ok::<_, std::io::Error>(response)
    };
    let response = tokio::time::timeout(Duration::from_secs(5), request)
        .await
        .context("timed out")??;
    if response.starts_with(b"HTTP/1.1 200") {
        Ok(())
    } else {
        bail!(
            "unhealthy: {}",
            String::from_utf8_lossy(&response)
                .lines()
                .next()
                .unwrap_or("")
        )
    }
}

/// `eventstorm export BOARD --format F [--at SEQ] [--out FILE]`; for `svg` and `png` also
/// `[--frame ID | --ids A,B] [--scale S]`.
pub async fn export(args: &ServeArgs, export: &ExportArgs) -> anyhow::Result<()> {
    let picture = eventstorm_picture::PictureFormat::from_query(&export.format);
    let format = match picture {
        Some(_) => Format::Json,
        None => Format::from_query(&export.format).map_err(|e| anyhow::anyhow!("{e}, svg, png"))?,
    };
    if picture.is_none() && (export.frame.is_some() || export.ids.is_some()) {
        bail!("--frame and --ids apply to the svg and png formats");
    }
    let opened = open(args).await?;
    let store = &opened.store;
    let meta = find_board(store, &export.board).await?;
    let loaded = load_board(store, &meta.id, export.at.unwrap_or(u64::MAX)).await?;
    if let Some(at) = export.at
        && loaded.head != at
    {
        bail!("the board has no seq {at} (its head is {})", loaded.head);
    }
    // The same board the API exports: nobody's private stickies.
    let board = loaded.board.visible_to(None);
    let document = match picture {
        Some(picture) => picture_bytes(&board, picture, export)?,
        None => eventstorm_spec::export(&board, format).into_bytes(),
    };
    match &export.out {
        Some(path) => {
            std::fs::write(path, document).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().write_all(&document)?,
    }
    Ok(())
}

/// The picture the export route would give for the same `frame`, `ids` and `scale`.
fn picture_bytes(
    board: &eventstorm_board::Board,
    picture: eventstorm_picture::PictureFormat,
    export: &ExportArgs,
) -> anyhow::Result<Vec<u8>> {
    let mut query = std::collections::HashMap::new();
    if let Some(frame) = &export.frame {
        query.insert("frame".to_owned(), frame.clone());
    }
    if let Some(ids) = &export.ids {
        query.insert("ids".to_owned(), ids.clone());
    }
    let region = crate::http::picture::region(&query)
        .map_err(|e| anyhow::anyhow!("{}: {}", e.code, e.message))?;
    let options = eventstorm_picture::Options {
        region,
        ..Default::default()
    };
    eventstorm_picture::render(board, picture, &options, export.scale)
        .map_err(|e| anyhow::anyhow!("{}: {e}", crate::http::picture::picture_error_code(&e)))
}

/// `eventstorm sessions list|revoke-all`.
pub async fn sessions(args: &ServeArgs, action: SessionsAction) -> anyhow::Result<()> {
    let opened = open(args).await?;
    let store = opened
        .store
        .sessions()
        .context("this store keeps no sessions")?;
    match action {
        SessionsAction::List => {
            let now = eventstorm_store::now_millis();
            let mut out = std::io::stdout().lock();
            for s in store.list_sessions(now).await? {
                writeln!(out, "{}", crate::http::admin::session_json(&s))?;
            }
        }
        SessionsAction::RevokeAll => {
            let n = store.delete_all_sessions().await?;
            println!("ended {n} sessions");
        }
    }
    Ok(())
}

/// `eventstorm backup BOARD [--out FILE]`: the same document as `GET /api/boards/{id}/backup`,
/// written as it is read from the store. A backup that fails part-way removes its file.
pub async fn backup(args: &ServeArgs, backup: &BackupArgs) -> anyhow::Result<()> {
    let opened = open(args).await?;
    let store = &opened.store;
    let meta = find_board(store, &backup.board).await?;
    let loaded = load_board(store, &meta.id, u64::MAX).await?;
    let document = backup_document(
        store.clone(),
        meta.id,
        loaded.board.title.clone(),
        loaded.head,
        Some(loaded.board),
    );
    match &backup.out {
        Some(path) => {
            let written = write_document(document, std::fs::File::create(path)?).await;
            if written.is_err() {
                let _ = std::fs::remove_file(path);
            }
            written.with_context(|| format!("writing {}", path.display()))
        }
        None => write_document(document, std::io::stdout().lock()).await,
    }
}

async fn write_document(
    document: impl futures_util::Stream<Item = Result<axum::body::Bytes, eventstorm_store::StoreError>>,
    to: impl Write,
) -> anyhow::Result<()> {
    use futures_util::StreamExt;
    let mut to = std::io::BufWriter::new(to);
    let mut document = std::pin::pin!(document);
    while let Some(chunk) = document.next().await {
        to.write_all(&chunk.context("reading the board's events")?)?;
    }
    to.flush()?;
    Ok(())
}

/// A board by its edit or view-only id.
async fn find_board(
    store: &std::sync::Arc<dyn eventstorm_store::EventStore>,
    id: &str,
) -> anyhow::Result<eventstorm_store::BoardMeta> {
    let id = BoardId::parse(id).context("not a board id")?;
    Ok(match store.board(&id).await? {
        Some(meta) => meta,
        None => store
            .board_by_view_id(&id)
            .await?
            .context("no such board")?,
    })
}
