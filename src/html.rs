//! HTML escaping, shared by templates, highlighted code and charts.

/// Escapes text for HTML (and SVG) element content and quoted attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// [`escape_into`] a writer, a run of plain bytes at a time: the templates'
/// escaping (unlike Tera's own, it leaves `/` alone, so URLs stay readable).
pub fn escape_to(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&text.as_bytes()[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&text.as_bytes()[plain..])
}

/// [`escape_into`] a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Serialized JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and
/// `\u0026`: the same data to a JSON parser, but no `<script>` from an entry
/// can appear as markup, even if the file is served or inlined as HTML.
/// (These characters can only occur inside JSON strings, so the swap is exact.)
pub fn web_json(json: String) -> String {
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_to_a_writer_matches_escaping_into_a_string() {
        let text = "a<b>&\"c'/ é";
        let mut out = Vec::new();
        super::escape_to(text, &mut out).unwrap_or_default();
        assert_eq!(String::from_utf8_lossy(&out), super::escape(text));
        assert_eq!(super::escape(text), "a&lt;b&gt;&amp;&quot;c&#39;/ é");
    }

    #[test]
    fn web_json_hides_markup_and_keeps_the_data() {
        let json = serde_json::to_string(&["<script>a && b</script>"]).unwrap();
        let safe = super::web_json(json);
        assert_eq!(
            safe,
            r#"["\u003cscript\u003ea \u0026\u0026 b\u003c/script\u003e"]"#
        );
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, ["<script>a && b</script>"]);
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
