//! The bytes of one served file, kept gzip-compressed in memory when that
//! makes them smaller, and given back as they were made.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::sync::Arc;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

/// Files smaller than this are kept as they are: gzip saves little on them.
const SMALL: usize = 1024;

/// Extensions of files that are compressed already.
const PACKED: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "woff", "woff2", "mp4", "webm", "mp3",
    "ogg", "gz", "zip", "br", "zst", "pdf",
];

/// One file of a served site: its bytes as made, or gzip-compressed.
#[derive(Clone)]
pub struct Body {
    bytes: Arc<[u8]>,
    gzip: bool,
}

impl Body {
    /// The bytes as they are, never compressed.
    pub fn plain(bytes: impl Into<Arc<[u8]>>) -> Body {
        Body {
            bytes: bytes.into(),
            gzip: false,
        }
    }

    /// The file `rel` of a site, compressed when it is large enough, not
    /// compressed already, and gzip makes it smaller.
    pub fn of(rel: &str, bytes: &[u8]) -> Body {
        if bytes.len() < SMALL || is_packed(rel) {
            return Body::plain(bytes);
        }
        match gzip(bytes) {
            Some(packed) if packed.len() < bytes.len() => Body {
                bytes: packed.into(),
                gzip: true,
            },
            _ => Body::plain(bytes),
        }
    }

    /// Like [`Body::of`], taking the bytes over when they stay as they are.
    pub fn of_owned(rel: &str, bytes: Vec<u8>) -> Body {
        if bytes.len() < SMALL || is_packed(rel) {
            return Body::plain(bytes);
        }
        Body::of(rel, &bytes)
    }

    /// Whether the stored bytes are gzip.
    pub fn is_gzip(&self) -> bool {
        self.gzip
    }

    /// The bytes as stored: gzip when [`Body::is_gzip`].
    pub fn stored(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes as they were made. (A stored stream that does not decode,
    /// which this module never makes, gives what could be decoded.)
    pub fn decoded(&self) -> Cow<'_, [u8]> {
        if !self.gzip {
            return Cow::Borrowed(&self.bytes);
        }
        let mut out = Vec::with_capacity(self.bytes.len() * 4);
        let _ = GzDecoder::new(&self.bytes[..]).read_to_end(&mut out);
        Cow::Owned(out)
    }

    /// The bytes as they were made, owned.
    pub fn to_vec(&self) -> Vec<u8> {
        self.decoded().into_owned()
    }

    /// How many bytes are kept in memory.
    pub fn stored_len(&self) -> usize {
        self.bytes.len()
    }
}

impl From<&[u8]> for Body {
    fn from(bytes: &[u8]) -> Body {
        Body::plain(bytes)
    }
}

impl PartialEq for Body {
    /// Two bodies are equal when they give the same bytes.
    fn eq(&self, other: &Body) -> bool {
        if self.gzip == other.gzip && self.bytes == other.bytes {
            return true;
        }
        self.decoded() == other.decoded()
    }
}

impl Eq for Body {}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let decoded = self.decoded();
        let text = String::from_utf8_lossy(&decoded);
        let shown: String = text.chars().take(200).collect();
        write!(
            f,
            "Body({} bytes{}: {shown:?})",
            decoded.len(),
            if self.gzip { ", gzip" } else { "" }
        )
    }
}

/// Whether the file `rel` is of a type that is compressed already.
fn is_packed(rel: &str) -> bool {
    rel.rsplit_once('.')
        .is_some_and(|(_, ext)| PACKED.iter().any(|packed| packed.eq_ignore_ascii_case(ext)))
}

/// `bytes` as gzip at the fastest level, `None` if that fails.
pub fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::fast(),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// Whether an `Accept-Encoding` header value lets the response be gzip:
/// `gzip` (or `x-gzip`, or `*` when gzip is not named) with a quality above 0.
pub fn accepts_gzip(value: &str) -> bool {
    let mut star = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let mut quality = 1.0f32;
        for param in parts {
            if let Some((name, q)) = param.split_once('=') {
                if name.trim().eq_ignore_ascii_case("q") {
                    quality = q.trim().parse().unwrap_or(0.0);
                }
            }
        }
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            return quality > 0.0;
        }
        if coding == "*" {
            star = Some(quality > 0.0);
        }
    }
    star.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_text_is_compressed_and_given_back_as_made() {
        let page = "<p>A line of a page, said again and again.</p>\n".repeat(100);
        let body = Body::of("a/index.html", page.as_bytes());
        assert!(body.is_gzip());
        assert!(body.stored_len() < page.len() / 4);
        assert_eq!(body.decoded(), page.as_bytes());
        assert_eq!(body, Body::plain(page.as_bytes()));
        assert_ne!(body, Body::plain(&b"other"[..]));
    }

    #[test]
    fn small_and_packed_files_stay_as_they_are() {
        assert!(!Body::of("a.css", b"b{}").is_gzip());
        let image = vec![0u8; 4096];
        assert!(!Body::of("photo.JPG", &image).is_gzip());
        assert!(!Body::of_owned("font.woff2", image.clone()).is_gzip());
        assert!(Body::of_owned("zeros.bin", image).is_gzip());
    }

    #[test]
    fn a_stream_that_does_not_decode_gives_what_it_can() {
        let broken = Body {
            bytes: Arc::from(&b"\x1f\x8bnot gzip"[..]),
            gzip: true,
        };
        assert!(broken.decoded().is_empty());
    }

    #[test]
    fn accept_encoding_values() {
        for yes in [
            "gzip",
            "GZip",
            "deflate, gzip;q=0.5",
            "br, x-gzip",
            "*",
            "identity, *;q=0.1",
            "gzip ; q=1.0",
        ] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in [
            "",
            "identity",
            "br, deflate",
            "gzip;q=0",
            "gzip;q=0.0, *",
            "*;q=0",
            "gzip;q=nonsense",
            "gzipped",
        ] {
            assert!(!accepts_gzip(no), "{no}");
        }
    }
}
