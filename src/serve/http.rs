//! A small HTTP/1.1 server for the preview: GET and HEAD of what the preview
//! rendered, nothing else. One thread per connection, `Connection: close`,
//! strict limits on what it reads.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The most a request line and its headers may take.
const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once; more get 503.
const MAX_CONNECTIONS: usize = 256;
/// The most time a request line and its headers may take, however slowly
/// they trickle in, so slow clients cannot hold connections for long.
const HEAD_TIME: Duration = Duration::from_secs(10);

/// A parsed request: only what the preview needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path, percent-decoded, without the query.
    pub path: String,
    pub query: String,
    /// The client's `Accept-Encoding` lets the response be gzip.
    pub gzip: bool,
}

/// A response to write.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
    /// `Content-Encoding` of the body (`gzip`), if any.
    pub encoding: Option<&'static str>,
    /// The body depends on the request's `Accept-Encoding`.
    pub vary: bool,
}

impl Response {
    /// A response with a body.
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            body,
            location: None,
            encoding: None,
            vary: false,
        }
    }

    /// A plain-text error.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }
}

/// What the server does with a request: answer it, or hand the connection
/// over (for the live-reload event stream).
pub enum Reply {
    Done(Response),
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

/// Serves `listener` forever, one thread per connection.
pub fn run(listener: TcpListener, handler: Arc<dyn Fn(&Request) -> Reply + Send + Sync>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming().flatten() {
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let mut stream = stream;
            let _ = write_response(&mut stream, &Response::text(503, "busy"), false);
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let handler = Arc::clone(&handler);
        let active = Arc::clone(&active);
        std::thread::spawn(move || {
            handle(stream, handler.as_ref());
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn handle(mut stream: TcpStream, handler: &(dyn Fn(&Request) -> Reply + Send + Sync)) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let request = match read_request(&mut stream) {
        Ok(r) => r,
        Err(status) => {
            let _ = write_response(&mut stream, &Response::text(status, reason(status)), false);
            return;
        }
    };
    if request.method != "GET" && request.method != "HEAD" {
        let _ = write_response(
            &mut stream,
            &Response::text(405, "only GET and HEAD"),
            false,
        );
        return;
    }
    match handler(&request) {
        Reply::Done(response) => {
            let _ = write_response(&mut stream, &response, request.method == "HEAD");
        }
        Reply::Stream(f) => {
            let _ = stream.set_read_timeout(None);
            f(stream);
        }
    }
}

/// A stream read with one deadline for all reads together.
struct Timed<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Timed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

/// Reads and parses a request head; an error is the status to answer with.
fn read_request(stream: &mut TcpStream) -> Result<Request, u16> {
    let timed = Timed {
        stream,
        until: Instant::now() + HEAD_TIME,
    };
    let mut reader = BufReader::new(timed.take(MAX_HEAD as u64 + 1));
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let n = reader.read_until(b'\n', &mut head).map_err(|e| {
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) {
                408u16
            } else {
                400
            }
        })?;
        if n == 0 {
            return Err(if head.len() > MAX_HEAD { 431 } else { 400 });
        }
        if head.len() > MAX_HEAD {
            return Err(431);
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    parse_head(&head)
}

/// Parses `GET /path?query HTTP/1.1` and, of the headers, `Accept-Encoding`.
pub fn parse_head(head: &[u8]) -> Result<Request, u16> {
    let mut lines = head.split(|&b| b == b'\n');
    let first = lines.next().ok_or(400u16)?;
    let first = std::str::from_utf8(first).map_err(|_| 400u16)?.trim_end();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") || parts.next().is_some() {
        return Err(400);
    }
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = percent_decode(raw_path).ok_or(400u16)?;
    if !path.starts_with('/') {
        return Err(400);
    }
    // Every `Accept-Encoding` header counts, as one list.
    let accepted: Vec<&str> = lines
        .filter_map(|line| std::str::from_utf8(line).ok()?.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("accept-encoding"))
        .map(|(_, value)| value.trim())
        .collect();
    Ok(Request {
        method: method.to_owned(),
        path,
        query: query.to_owned(),
        gzip: super::body::accepts_gzip(&accepted.join(",")),
    })
}

/// Decodes `%xx` escapes; `None` if one is malformed, or the result is not
/// UTF-8 or holds a NUL.
fn percent_decode(s: &str) -> Option<String> {
    let malformed = s.match_indices('%').any(|(i, _)| {
        s.get(i + 1..i + 3)
            .is_none_or(|h| !h.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if malformed {
        return None;
    }
    let text = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    (!text.contains('\0')).then(|| text.into_owned())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Writes a complete response and closes the exchange.
pub fn write_response(
    stream: &mut impl Write,
    r: &Response,
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    if let Some(location) = &r.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if let Some(encoding) = r.encoding {
        head.push_str(&format!("Content-Encoding: {encoding}\r\n"));
    }
    if r.vary {
        head.push_str("Vary: Accept-Encoding\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

/// The content type of a file by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_are_parsed_and_decoded() {
        let r = parse_head(b"GET /a%20b/?x=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(
            (r.method.as_str(), r.path.as_str(), r.query.as_str()),
            ("GET", "/a b/", "x=1")
        );
        assert!(!r.gzip);
        let r = parse_head(b"GET / HTTP/1.1\r\nHost: x\r\naccept-encoding: br, gzip\r\n\r\n");
        assert!(r.unwrap().gzip);
        let r = parse_head(b"GET / HTTP/1.1\r\nAccept-Encoding: gzip;q=0\r\n\r\n");
        assert!(!r.unwrap().gzip);
        let r = parse_head(b"GET / HTTP/1.1\r\nX-Accept-Encoding: gzip\r\n\xff\r\n\r\n");
        assert!(!r.unwrap().gzip);
        assert_eq!(parse_head(b"GET /%ff HTTP/1.1\r\n\r\n"), Err(400));
        assert_eq!(parse_head(b"GET /%00 HTTP/1.1\r\n\r\n"), Err(400));
        assert_eq!(parse_head(b"GET x HTTP/1.1\r\n\r\n"), Err(400));
        assert_eq!(parse_head(b"NONSENSE\r\n\r\n"), Err(400));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
