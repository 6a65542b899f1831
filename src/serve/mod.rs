//! `ebb serve`: the site rendered in memory, served on loopback, rebuilt on
//! every save and reloaded in the browser. Nothing is written to disk.

mod body;
mod http;
mod memory;
mod rebuild;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::ops::Bound;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::Duration;

pub use body::Body;
pub use http::{Request, Response, parse_head};
pub use rebuild::{Builder, Files, Report, search_files};

use crate::content::Visibility;
use crate::site::Site;
use crate::watch::{Changes, Watch};
use http::{Reply, content_type};

/// The path of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__ebb/events";
const RELOAD_JS: &str = include_str!("reload.js");
/// How long the journal stays unchanged before the memory rebuilds freed
/// goes back to the system.
const IDLE: Duration = Duration::from_millis(500);

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Try the following ports when `port` is taken.
    pub find_free_port: bool,
    pub private: bool,
    pub poll: bool,
}

/// What is being served, and what the last rebuild said.
pub struct State {
    files: RwLock<Arc<Files>>,
    status: Mutex<Status>,
    bell: Condvar,
    /// The files of the search index being served, replaced whole by the next.
    index: Mutex<Vec<Arc<str>>>,
    /// The latest site whose search index is not built yet, and its version:
    /// the index is built when it is first asked for, never on the reload path.
    unindexed: Mutex<Option<(Site, u64)>>,
    /// Held while a search index is built, so it is built once.
    indexing: Mutex<()>,
}

#[derive(Debug, Default, Clone)]
struct Status {
    /// Bumped after each successful rebuild.
    version: u64,
    /// The errors of the last rebuild, if it failed.
    error: Option<String>,
}

impl State {
    fn new() -> State {
        State {
            files: RwLock::new(Arc::new(Files::new())),
            status: Mutex::new(Status::default()),
            bell: Condvar::new(),
            index: Mutex::new(Vec::new()),
            unindexed: Mutex::new(None),
            indexing: Mutex::new(()),
        }
    }

    fn files(&self) -> Arc<Files> {
        self.files
            .read()
            .map(|f| Arc::clone(&f))
            .unwrap_or_default()
    }

    /// Publishes a successful rebuild: new files, a new version, no error,
    /// and the site to build its search index from when it is asked for.
    fn publish(&self, files: Files, site: Option<Site>) {
        // The version changes with the files, under the same lock, so `add`
        // never puts an older index into newer files, and a request never
        // sees the new files without the site their index comes from.
        let mut f = self.files.write().unwrap_or_else(PoisonError::into_inner);
        // The search index served now stays until the new site's is built:
        // taken from what is served at this moment, under the same lock as
        // `add_index`, so an index added while the site was being rebuilt is kept.
        let mut files = files;
        let search = (Bound::Included("search/"), Bound::Excluded("search0"));
        for (rel, bytes) in f.range::<str, _>(search) {
            files
                .entry(Arc::clone(rel))
                .or_insert_with(|| bytes.clone());
        }
        *f = Arc::new(files);
        let mut version = 0;
        if let Ok(mut s) = self.status.lock() {
            s.version += 1;
            s.error = None;
            version = s.version;
        }
        if let (Some(site), Ok(mut unindexed)) = (site, self.unindexed.lock()) {
            *unindexed = Some((site, version));
        }
        drop(f);
        self.bell.notify_all();
    }

    /// Publishes a failed rebuild: the last good files stay, the error shows.
    fn fail(&self, error: String) {
        if let Ok(mut s) = self.status.lock() {
            s.error = Some(error);
        }
        self.bell.notify_all();
    }

    /// Serves a new search index without a reload, if the site is still at
    /// `version` (a newer build brings its own). The files of the previous
    /// index that the new one lacks go.
    fn add_index(&self, index: Files, version: u64) {
        let Ok(mut f) = self.files.write() else {
            return;
        };
        if self.status().version != version {
            return;
        }
        let mut files = (**f).clone();
        if let Ok(mut served) = self.index.lock() {
            for rel in served.iter().filter(|rel| !index.contains_key(&**rel)) {
                files.remove(&**rel);
            }
            *served = index.keys().cloned().collect();
        }
        files.extend(index);
        *f = Arc::new(files);
    }

    /// Builds the search index of the latest site if it is not built yet
    /// (again, if a newer site came while it was being built).
    fn ensure_index(&self) {
        let Ok(_building) = self.indexing.lock() else {
            return;
        };
        while let Some((site, version)) = self.unindexed.lock().ok().and_then(|mut u| u.take()) {
            self.add_index(rebuild::search_files(&site), version);
        }
    }

    fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// A running preview: its address and its state, for the command and tests.
pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<State>,
    listener: TcpListener,
}

/// Binds the address (a following free port if asked and the port is taken).
pub fn bind(options: &Options) -> std::io::Result<Server> {
    if options.private && !options.bind.is_loopback() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "--private shows private entries, so it only serves on a loopback address (127.0.0.1 or ::1)",
        ));
    }
    let tries = if options.find_free_port { 20 } else { 1 };
    let mut last = None;
    for i in 0..tries {
        let port = if options.port == 0 {
            0
        } else {
            options.port.saturating_add(i)
        };
        match TcpListener::bind((options.bind, port)) {
            Ok(listener) => {
                let addr = listener.local_addr()?;
                return Ok(Server {
                    addr,
                    state: Arc::new(State::new()),
                    listener,
                });
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no port")))
}

impl Server {
    /// The URL the site is served at.
    pub fn url(&self) -> String {
        match self.addr.ip() {
            IpAddr::V6(ip) => format!("http://[{ip}]:{}/", self.addr.port()),
            IpAddr::V4(ip) => format!("http://{ip}:{}/", self.addr.port()),
        }
    }

    /// Serves requests on background threads.
    pub fn spawn_http(&self) -> std::io::Result<()> {
        let listener = self.listener.try_clone()?;
        let state = Arc::clone(&self.state);
        let handler: Arc<dyn Fn(&Request) -> Reply + Send + Sync> =
            Arc::new(move |r: &Request| route(&state, r));
        std::thread::spawn(move || http::run(listener, handler));
        Ok(())
    }

    /// Builds once, then watches and rebuilds until the watcher stops.
    /// `report` is told about each rebuild.
    pub fn watch(
        &self,
        options: &Options,
        report: &dyn Fn(&Changes, &Result<Report, String>),
    ) -> anyhow::Result<()> {
        let visibility = Visibility {
            drafts: true,
            private: options.private,
        };
        // Watch before the first build, so no save is missed in between,
        // the folders that the config the build will use names. (An error
        // in book.toml is the first build's to report.)
        memory::purge_soon();
        let mut builder = Builder::new(&options.root, visibility, &self.url());
        let _ = builder.load_config();
        let mut watch = Watch::start(builder.inputs(), options.poll)?;
        self.rebuild(&mut builder, &mut watch, &Changes::default(), report);
        // What a save's rebuild freed is used again by the next one while
        // the writer keeps saving, and goes back once they pause.
        while let Some(changes) = watch.wait_idle(IDLE, memory::release) {
            self.rebuild(&mut builder, &mut watch, &changes, report);
        }
        Ok(())
    }

    fn rebuild(
        &self,
        builder: &mut Builder,
        watch: &mut Watch,
        changes: &Changes,
        report: &dyn Fn(&Changes, &Result<Report, String>),
    ) {
        if changes.config || changes.rescan {
            // book.toml is read before the rebuild reads the folders it
            // names, which are watched from then on: a save there while the
            // rebuild runs is not missed. (Its errors are the rebuild's.)
            let _ = builder.load_config();
            watch.follow(builder.inputs());
        }
        let previous = self.state.files();
        let result = builder.rebuild(changes, &previous);
        let outcome = match result {
            Ok((files, r)) => {
                if self.state.status().version == 0 {
                    // The first build renders every page: what it freed goes
                    // back before the preview is shown, not a save later.
                    let mut phases = crate::timings::Phases::start();
                    memory::release();
                    phases.mark("memory released");
                }
                // The search index is built when a page first asks for it,
                // off the reload path and not at all while nobody searches.
                self.state.publish(files, builder.take_site());
                Ok(r)
            }
            Err(e) => {
                self.state.fail(e.clone());
                Err(e)
            }
        };
        report(changes, &outcome);
    }
}

/// Answers one request from what is in memory. Paths never touch the disk,
/// and any `..` or `.` segment is refused.
fn route(state: &Arc<State>, request: &Request) -> Reply {
    if request.path == EVENTS_PATH {
        let since = request
            .query
            .split('&')
            .find_map(|kv| kv.strip_prefix("v="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let state = Arc::clone(state);
        return Reply::Stream(Box::new(move |stream| {
            let _ = stream_events(&state, stream, since);
        }));
    }
    let safe = request
        .path
        .split('/')
        .all(|seg| seg != ".." && seg != "." && !seg.contains('\\'));
    if request.path.starts_with("/search/") && request.path.ends_with(".json") {
        state.ensure_index();
    }
    let files = state.files();
    let status = state.status();
    let not_found = || {
        let fallback: &[u8] = b"<!doctype html><title>Not found</title><h1>Not found</h1>";
        let page = files.get("404.html").map(|b| b.decoded());
        let page = page.as_deref().unwrap_or(fallback);
        Reply::Done(Response::new(
            404,
            "text/html; charset=utf-8",
            inject(page, &status),
        ))
    };
    if !safe {
        return not_found();
    }
    let key = request.path.trim_start_matches('/');
    let key = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_owned()
    };
    if let Some(stored) = files.get(key.as_str()) {
        return Reply::Done(file_response(
            stored,
            content_type(&key),
            &status,
            request.gzip,
        ));
    }
    if files.contains_key(format!("{key}/index.html").as_str()) {
        let mut r = Response::text(301, "moved");
        r.location = Some(format!("{}/", request.path));
        return Reply::Done(r);
    }
    not_found()
}

/// A file of the site as a response: gzip for a client that takes it when
/// the file is kept compressed, else the bytes as they were made. Pages get
/// the live-reload script either way.
fn file_response(stored: &Body, kind: &'static str, status: &Status, gzip: bool) -> Response {
    let compressed = stored.is_gzip();
    let mut response = if kind.starts_with("text/html") {
        let page = inject(&stored.decoded(), status);
        let packed = if compressed && gzip {
            body::gzip(&page)
        } else {
            None
        };
        match packed {
            Some(packed) => {
                let mut r = Response::new(200, kind, packed);
                r.encoding = Some("gzip");
                r
            }
            _ => Response::new(200, kind, page),
        }
    } else if compressed && gzip {
        let mut r = Response::new(200, kind, stored.stored().to_vec());
        r.encoding = Some("gzip");
        r
    } else {
        Response::new(200, kind, stored.to_vec())
    };
    response.vary = compressed;
    response
}

/// Sends `reload` once the site is newer than version `since`, and each new
/// build error as a `problem` event; pings keep dead connections from lingering.
fn stream_events(state: &State, mut stream: TcpStream, since: u64) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n",
    )?;
    stream.flush()?;
    let mut shown: Option<String> = None;
    let mut status = state
        .status
        .lock()
        .map_err(|_| std::io::Error::other("poisoned"))?;
    loop {
        if status.version > since {
            let version = status.version;
            drop(status);
            write!(stream, "event: reload\ndata: {version}\n\n")?;
            return stream.flush();
        }
        if status.error != shown {
            shown = status.error.clone();
            let data =
                serde_json::to_string(&shown.clone().unwrap_or_default()).unwrap_or_default();
            write!(stream, "event: problem\ndata: {data}\n\n")?;
            stream.flush()?;
        }
        let (guard, timeout) = state
            .bell
            .wait_timeout(status, Duration::from_secs(15))
            .map_err(|_| std::io::Error::other("poisoned"))?;
        status = guard;
        if timeout.timed_out() {
            stream.write_all(b": ping\n\n")?;
            stream.flush()?;
        }
    }
}

/// Adds the live-reload script (and the current build error) to an HTML page.
fn inject(html: &[u8], status: &Status) -> Vec<u8> {
    let state = serde_json::json!({
        "version": status.version,
        "error": status.error,
        "events": EVENTS_PATH,
    });
    // `<` escaped so no value can close the script element.
    let json = state.to_string().replace('<', "\\u003c");
    let snippet = format!(
        "<script type=\"application/json\" id=\"ebb-live\">{json}</script><script>{RELOAD_JS}</script>"
    );
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + snippet.len());
    out.push_str(&text[..at]);
    out.push_str(&snippet);
    out.push_str(&text[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with(files: &[(&str, &str)]) -> Arc<State> {
        let state = Arc::new(State::new());
        state.publish(
            files
                .iter()
                .map(|(k, v)| (Arc::from(*k), Body::of(k, v.as_bytes())))
                .collect(),
            None,
        );
        state
    }

    fn get(state: &Arc<State>, path: &str) -> Response {
        let request = Request {
            method: "GET".into(),
            path: path.into(),
            query: String::new(),
            gzip: false,
        };
        match route(state, &request) {
            Reply::Done(r) => r,
            Reply::Stream(_) => panic!("stream"),
        }
    }

    #[test]
    fn pages_get_the_reload_script_and_other_files_do_not() {
        let state = state_with(&[
            ("index.html", "<html><body>Hi</body></html>"),
            ("a.css", "b{}"),
        ]);
        let page = get(&state, "/");
        assert_eq!(page.status, 200);
        let text = String::from_utf8(page.body).unwrap();
        assert!(text.contains("id=\"ebb-live\""));
        assert!(text.ends_with("</script></body></html>"));
        assert_eq!(get(&state, "/a.css").body, b"b{}");
    }

    #[test]
    fn traversal_and_unknown_paths_are_not_found() {
        let state = state_with(&[
            ("index.html", "x"),
            ("404.html", "<body>gone</body>"),
            ("d/index.html", "d"),
        ]);
        for path in [
            "/../etc/passwd",
            "/d/../../x",
            "/./index.html",
            "/nothing",
            "/d\\..\\x",
        ] {
            let r = get(&state, path);
            assert_eq!(r.status, 404, "{path}");
            assert!(String::from_utf8_lossy(&r.body).contains("gone"));
        }
        let r = get(&state, "/d");
        assert_eq!((r.status, r.location.as_deref()), (301, Some("/d/")));
    }

    #[test]
    fn a_rebuild_keeps_the_index_added_while_it_ran() {
        let state = state_with(&[("index.html", "x")]);
        let index: Files = [(Arc::from("search/ab.json"), Body::plain(&b"{}"[..]))].into();
        state.add_index(index, 1);
        // A rebuild that began before the index was added knows nothing of it.
        state.publish(
            [(Arc::from("index.html"), Body::plain(&b"y"[..]))].into(),
            None,
        );
        assert_eq!(get(&state, "/search/ab.json").status, 200);
        assert_eq!(get(&state, "/").status, 200);
    }

    #[test]
    fn a_new_search_index_replaces_the_old_one_whole() {
        let state = state_with(&[("index.html", "x")]);
        let index = |names: &[&str]| -> Files {
            names
                .iter()
                .map(|n| (Arc::from(*n), Body::plain(&b"{}"[..])))
                .collect()
        };
        state.add_index(index(&["search/docs.json", "search/ab.json"]), 1);
        assert_eq!(get(&state, "/search/ab.json").status, 200);
        // A rebuild carries the old index over until the new one is ready.
        let mut carried = (*state.files()).clone();
        carried.insert("about/index.html".into(), Body::plain(&b"y"[..]));
        state.publish(carried, None);
        state.add_index(index(&["search/docs.json", "search/cd.json"]), 2);
        assert_eq!(get(&state, "/search/ab.json").status, 404, "a stale shard");
        assert_eq!(get(&state, "/search/cd.json").status, 200);
        assert_eq!(get(&state, "/about/").status, 200);
        // An index of an older build is not served.
        state.add_index(index(&["search/ef.json"]), 1);
        assert_eq!(get(&state, "/search/ef.json").status, 404);
        assert_eq!(get(&state, "/search/cd.json").status, 200);
    }

    #[test]
    fn compressed_files_go_as_gzip_to_clients_that_take_it() {
        let page = format!(
            "<html><body>{}</body></html>",
            "<p>Hi there</p>".repeat(200)
        );
        let data = "{\"a\": 1}\n".repeat(300);
        let state = state_with(&[("index.html", &page), ("d.json", &data), ("a.css", "b{}")]);
        let ask = |path: &str, gzip: bool| {
            let request = Request {
                method: "GET".into(),
                path: path.into(),
                query: String::new(),
                gzip,
            };
            match route(&state, &request) {
                Reply::Done(r) => r,
                Reply::Stream(_) => panic!("stream"),
            }
        };
        let decode = |bytes: &[u8]| {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
            out
        };
        for path in ["/", "/d.json"] {
            let plain = ask(path, false);
            let packed = ask(path, true);
            assert_eq!((plain.encoding, plain.vary), (None, true), "{path}");
            assert_eq!(
                (packed.encoding, packed.vary),
                (Some("gzip"), true),
                "{path}"
            );
            assert!(packed.body.len() < plain.body.len());
            assert_eq!(decode(&packed.body), plain.body, "{path}");
        }
        assert!(
            String::from_utf8(ask("/", false).body)
                .unwrap()
                .contains("id=\"ebb-live\"")
        );
        assert_eq!(ask("/d.json", false).body, data.as_bytes());
        let small = ask("/a.css", true);
        assert_eq!(
            (small.encoding, small.vary, &small.body[..]),
            (None, false, &b"b{}"[..])
        );
    }

    #[test]
    fn errors_are_injected_escaped() {
        let state = state_with(&[("index.html", "<body></body>")]);
        state.fail("a.md:1:1: error: </script><b>".into());
        let text = String::from_utf8(get(&state, "/").body).unwrap();
        assert!(!text.contains("</script><b>"));
        assert!(text.contains("\\u003c/script>"));
    }
}
