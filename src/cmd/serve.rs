//! `ebb serve`: preview the journal with live reload.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::serve::{Options, bind};

use super::Printer;

/// The port `serve` tries first.
const DEFAULT_PORT: u16 = 1111;

/// Preview the site, rebuilt and reloaded on every save.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journal folder (default: the nearest folder upward with a book.toml).
    dir: Option<PathBuf>,
    /// The port (default 1111, or the next free one).
    #[arg(short, long)]
    port: Option<u16>,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Show private entries too (only on a loopback address).
    #[arg(long)]
    private: bool,
    /// Poll for changes instead of using file system events.
    #[arg(long)]
    poll: bool,
}

/// Runs `ebb serve` until interrupted.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let root = super::journal_root(args.dir.as_deref())?;
    let options = Options {
        root,
        bind: args.bind,
        port: args.port.unwrap_or(DEFAULT_PORT),
        find_free_port: args.port.is_none(),
        private: args.private,
        poll: args.poll,
    };
    let server = bind(&options)?;
    let url = server.url();
    if options.port != server.addr.port() && options.port != 0 {
        out.status(&format!(
            "port {} is taken; using {}",
            options.port,
            server.addr.port()
        ));
    }
    server.spawn_http()?;
    let shown = if options.private {
        "drafts and private entries shown"
    } else {
        "drafts shown, private entries hidden"
    };
    // The URL goes to stdout, so scripts and tests can read it.
    println!("Serving on {url} ({shown}); press Ctrl-C to stop");
    if args.open {
        open_browser(&url);
    }
    let out = *out;
    server.watch(&options, &move |changes, outcome| match outcome {
        Ok(r) => {
            // Name a file that is still there (editors save through temp files).
            let what = changes
                .paths
                .iter()
                .find(|p| p.exists())
                .map(|p| format!(" after {}", crate::diagnostics::display_path(p)))
                .unwrap_or_default();
            let what = if changes.rescan {
                " after file events were lost (everything read again)".to_owned()
            } else {
                what
            };
            out.status(&format!(
                "built {} entries in {} ms{what}: {} page(s) rendered, {} unchanged",
                r.entries, r.millis, r.rendered, r.kept
            ));
        }
        Err(e) => {
            eprintln!("{e}\n");
            out.error("the site was not rebuilt; still serving the last good build");
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn open_browser(url: &str) {
    let mut command = if cfg!(windows) {
        // `start` is built into cmd; its first quoted argument is a window title.
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let _ = command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
