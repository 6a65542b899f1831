//! A tiny SVG writer. Every chart writes through it, so escaping and number
//! formatting happen in one place and output is byte-for-byte deterministic.

use std::fmt::Write;

use super::{esc, num};

/// Base text size in user units; CSS raises it on phones (see `axis::MAX_TEXT`).
pub const TEXT: f64 = 12.0;

/// SVG markup under construction.
pub struct Svg {
    out: String,
    /// Where the `role` attribute's value starts: `img` until a link is
    /// drawn, then `group`, since an image hides its links from assistive
    /// technology while the keyboard still reaches them.
    role_at: usize,
    linked: bool,
}

/// Where a text's `x` sits: its start, middle or end.
#[derive(Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        }
    }
}

impl Svg {
    /// A chart that fills its container's width, scaling with its viewBox.
    pub fn new(kind: &str, w: f64, h: f64, label: &str) -> Self {
        Self::open(kind, w, h, label, r#"width="100%""#)
    }

    fn open(kind: &str, w: f64, h: f64, label: &str, size: &str) -> Self {
        let mut out = String::with_capacity(8192);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" viewBox="0 0 {} {}" {size} font-size="{}" role=""#,
            num(w),
            num(h),
            num(TEXT),
        );
        let role_at = out.len();
        let _ = write!(out, r#"img" aria-label="{}">"#, esc(label));
        Svg {
            out,
            role_at,
            linked: false,
        }
    }

    /// Closes the `<svg>` and returns the markup: `role="img"` for a
    /// picture, `role="group"` (named by the same label) for a chart with links.
    pub fn finish(mut self) -> String {
        if self.linked {
            self.out
                .replace_range(self.role_at..self.role_at + "img".len(), "group");
        }
        self.out.push_str("</svg>");
        self.out
    }

    /// Opens a group; pair with `end_group`.
    pub fn group(&mut self, class: &str) {
        let _ = write!(self.out, r#"<g class="{class}">"#);
    }

    /// Closes the group opened by `group`.
    pub fn end_group(&mut self) {
        self.out.push_str("</g>");
    }

    /// Wraps what `draw` writes in a link named `label` when there is a URL.
    pub fn link(&mut self, url: Option<&str>, label: &str, draw: impl FnOnce(&mut Svg)) {
        match url {
            Some(url) => {
                self.linked = true;
                let _ = write!(
                    self.out,
                    r#"<a href="{}" aria-label="{}">"#,
                    esc(url),
                    esc(label)
                );
                draw(self);
                self.out.push_str("</a>");
            }
            None => draw(self),
        }
    }

    /// Writes `<tag attrs/>`, or with a `<title>` child for a tooltip.
    fn shape(&mut self, tag: &str, class: &str, attrs: &str, tip: Option<&str>) {
        let _ = write!(self.out, r#"<{tag} class="{class}" {attrs}"#);
        match tip {
            Some(t) => {
                let _ = write!(self.out, "><title>{}</title></{tag}>", esc(t));
            }
            None => self.out.push_str("/>"),
        }
    }

    /// A rectangle; negative sizes are flipped so it is always drawn.
    pub fn rect(&mut self, class: &str, x: f64, y: f64, w: f64, h: f64, tip: Option<&str>) {
        let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
        let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
        // Where the stylesheet is missing (a feed reader, a replaced theme),
        // areas behind the data must not paint solid black: they start faint
        // or invisible, and the stylesheet sets their real opacity.
        let faint = match class.split(' ').next() {
            Some("hit") => r#" fill-opacity="0""#,
            Some("band" | "track") => r#" fill-opacity="0.15""#,
            _ if class.ends_with(" none") => r#" fill-opacity="0.15""#,
            _ => "",
        };
        let attrs = format!(
            r#"x="{}" y="{}" width="{}" height="{}"{faint}"#,
            num(x),
            num(y),
            num(w),
            num(h)
        );
        self.shape("rect", class, &attrs, tip);
    }

    /// A line segment.
    pub fn line(&mut self, class: &str, x1: f64, y1: f64, x2: f64, y2: f64) {
        let attrs = format!(
            r#"x1="{}" y1="{}" x2="{}" y2="{}""#,
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
        self.shape("line", class, &attrs, None);
    }

    /// A circle, with a tooltip if given.
    pub fn circle(&mut self, class: &str, cx: f64, cy: f64, r: f64, tip: Option<&str>) {
        let attrs = format!(r#"cx="{}" cy="{}" r="{}""#, num(cx), num(cy), num(r));
        self.shape("circle", class, &attrs, tip);
    }

    /// An unfilled path; nothing for an empty `d`. `fill="none"` keeps lines
    /// lines even where the stylesheet is missing (a feed reader).
    pub fn path(&mut self, class: &str, d: &str) {
        if !d.is_empty() {
            let _ = write!(self.out, r#"<path class="{class}" fill="none" d="{d}"/>"#);
        }
    }

    /// Text at (x, y); `dy` in em (e.g. 0.35 centres it vertically on y) so it
    /// keeps its place when CSS changes the font size.
    pub fn text(&mut self, class: &str, x: f64, y: f64, anchor: Anchor, dy: f64, text: &str) {
        let dy = if dy == 0.0 {
            String::new()
        } else {
            format!(r#" dy="{}em""#, num(dy))
        };
        let _ = write!(
            self.out,
            r#"<text class="{class}" x="{}" y="{}"{}{dy}>{}</text>"#,
            num(x),
            num(y),
            anchor.attr(),
            esc(text)
        );
    }

    /// A legend as one line of text ending at x: each item a coloured glyph
    /// (`■`, `●`, `—`) and its words, hanging below y. Being text, it flows at
    /// any font size.
    pub fn legend(&mut self, x: f64, y: f64, items: &[(&str, &str, &str)]) {
        let _ = write!(
            self.out,
            r#"<text class="legend" x="{}" y="{}" dy="0.95em" text-anchor="end">"#,
            num(x),
            num(y)
        );
        for (i, (class, glyph, words)) in items.iter().enumerate() {
            let dx = if i == 0 { "" } else { r#" dx="0.9em""# };
            let _ = write!(
                self.out,
                r#"<tspan class="sw {class}"{dx}>{glyph}</tspan> {}"#,
                esc(words)
            );
        }
        self.out.push_str("</text>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_escaped_tooltips_and_links() {
        let mut s = Svg::new("t", 100.0, 50.0, "a & b");
        s.link(Some("/x?a=1&b=2"), "<b>", |s| {
            s.circle("dot", 1.04, 2.0, 3.0, Some("<b>"))
        });
        let out = s.finish();
        assert!(out.contains(r#"role="group" aria-label="a &amp; b""#));
        assert!(out.contains(r#"<a href="/x?a=1&amp;b=2" aria-label="&lt;b&gt;"><circle class="dot" cx="1" cy="2" r="3"><title>&lt;b&gt;</title></circle></a>"#));
        assert!(out.ends_with("</svg>"));
    }

    #[test]
    fn a_chart_without_links_is_an_image() {
        let mut s = Svg::new("t", 10.0, 10.0, "a");
        s.link(None, "not a link", |s| s.circle("dot", 1.0, 1.0, 1.0, None));
        let out = s.finish();
        assert!(out.contains(r#"role="img" aria-label="a""#), "{out}");
        assert!(!out.contains("<a "));
    }

    #[test]
    fn flips_negative_rects() {
        let mut s = Svg::new("t", 10.0, 10.0, "");
        s.rect("bar", 10.0, 0.0, -4.0, 2.0, None);
        s.rect("band ic", 0.0, 0.0, 1.0, 1.0, None);
        let out = s.finish();
        assert!(out.contains(r#"x="6" y="0" width="4""#));
        assert!(out.contains(
            r#"<rect class="band ic" x="0" y="0" width="1" height="1" fill-opacity="0.15"/>"#
        ));
    }
}
