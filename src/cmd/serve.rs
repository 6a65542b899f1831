//! `ebb serve`: preview the journal with live reload.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::numbers::count;
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
    /// The address to listen on: an IP address, or localhost.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    bind: String,
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

/// An address to listen on: an IP address, or `localhost` for 127.0.0.1.
fn parse_bind(text: &str) -> Result<IpAddr, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    // `[::1]`, as in a URL, is the address ::1.
    let bare = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    bare.parse().map_err(|_| {
        format!(
            "`--bind` must be an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost, found `{text}`"
        )
    })
}

/// Runs `ebb serve` until interrupted.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let bind_address = parse_bind(&args.bind).map_err(anyhow::Error::msg)?;
    let root = super::journal_root(args.dir.as_deref())?;
    let options = Options {
        root,
        bind: bind_address,
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
                "built {} in {} ms{what}: {} rendered, {} unchanged",
                count(r.entries, "entry", "entries"),
                r.millis,
                count(r.rendered, "page", "pages"),
                r.kept
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_addresses() {
        assert_eq!(parse_bind("localhost"), Ok(IpAddr::from([127, 0, 0, 1])));
        assert_eq!(parse_bind("LocalHost"), Ok(IpAddr::from([127, 0, 0, 1])));
        assert_eq!(parse_bind("0.0.0.0"), Ok(IpAddr::from([0, 0, 0, 0])));
        assert_eq!(parse_bind("[::1]").map(|a| a.is_loopback()), Ok(true));
        assert_eq!(
            parse_bind("my-laptop"),
            Err(
                "`--bind` must be an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost, found `my-laptop`"
                    .to_owned()
            )
        );
    }
}
