//! The floor: the least a generator must do for a journal. Reads every entry,
//! parses its frontmatter, renders its Markdown with highlighted code and
//! writes one page per entry, in parallel. No tags, lists, charts or feeds.
//! `bench/compare.py --floor` compares ebb's full build with it.
//!
//! Usage: cargo run --release --example floor -- CONTENT_DIR OUT_DIR

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(content), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let syntaxes = SyntaxSet::load_defaults_newlines();
    let files: Vec<_> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let written: usize = files
        .par_iter()
        .map(|path| page(path, Path::new(out), &syntaxes))
        .sum();
    eprintln!("{written} pages");
}

fn page(path: &Path, out: &Path, syntaxes: &SyntaxSet) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 0;
    };
    let Some(rest) = text.strip_prefix("---\n") else {
        return 0;
    };
    let Some((yaml, body)) = rest.split_once("\n---\n") else {
        return 0;
    };
    let Ok(docs) = yaml_rust2::YamlLoader::load_from_str(yaml) else {
        return 0;
    };
    let title = docs
        .first()
        .and_then(|d| d["title"].as_str())
        .unwrap_or("")
        .to_owned();
    let mut html = format!("<!doctype html><title>{title}</title><h1>{title}</h1>");
    let mut code: Option<(String, String)> = None;
    let mut events = Vec::new();
    for event in Parser::new_ext(body, Options::all()) {
        match (&mut code, event) {
            (None, Event::Start(Tag::CodeBlock(kind))) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            (Some((_, text)), Event::Text(t)) => text.push_str(&t),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                if let Some((lang, text)) = code.take() {
                    events.push(Event::Html(highlight(&text, &lang, syntaxes).into()));
                }
            }
            (None, other) => events.push(other),
            _ => {}
        }
    }
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = out.join(stem);
    if std::fs::create_dir_all(&dir).is_err()
        || std::fs::write(dir.join("index.html"), html).is_err()
    {
        return 0;
    }
    1
}

fn highlight(code: &str, lang: &str, syntaxes: &SyntaxSet) -> String {
    let syntax = syntaxes
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| syntaxes.find_syntax_plain_text());
    let mut generator =
        ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, ClassStyle::Spaced);
    for line in LinesWithEndings::from(code) {
        let _ = generator.parse_html_for_line_which_includes_newline(line);
    }
    format!("<pre><code>{}</code></pre>", generator.finalize())
}
