//! Building a site: into a staging folder for `build`, or any [`Sink`]
//! (memory, for `serve`). Pages, feeds, the sitemap, the search index and
//! every asset are written here.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{BuildError, BuildOptions, BuildReport, Site, pages, publish};
use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::highlight;
use crate::index::Index;
use crate::output::{Sink, Staging};
use crate::render::views::Links;
use crate::render::{Theme, theme::Asset};

/// Builds the journal at `root` into its output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut phases = crate::timings::Phases::start();
    let mut config = Config::load(root).map_err(BuildError::Journal)?;
    if let Some(url) = &options.base_url {
        crate::config::check_base_url(url)
            .map_err(|why| BuildError::Options(format!("--base-url {why}, found `{url}`")))?;
        config.base_url = Some(crate::config::normalize_base_url(url));
    }
    let output = output_folder(&config, options)?;
    let no_base_url = config
        .base_url
        .is_none()
        .then(|| no_base_url_warning(&config));
    // Report the theme's problems and the journal's together, in one run.
    let theme = Theme::load(&config);
    phases.mark("config and theme");
    let mut site = Site::load(config, options.visibility);
    site.diagnostics.extend(no_base_url);
    phases.mark("load");
    let theme = match theme {
        Ok(t) if !site.diagnostics.has_errors() => t,
        Ok(_) => return Err(BuildError::Journal(site.diagnostics)),
        Err(mut problems) => {
            problems.extend(site.diagnostics.into_iter().filter(|d| d.is_error()));
            return Err(BuildError::Journal(problems));
        }
    };

    let config = &site.config;
    let protected = [
        config.root.as_path(),
        config.content_dir.as_path(),
        &config.root.join("static"),
        &config.root.join("themes"),
        &config.root.join("pages"),
    ];
    let staging = Staging::begin(&output, &protected)?;
    // The search index comes before the pages and its text is freed, so the
    // two never sit in memory together. (`serve` builds it when first asked.)
    for (rel, text) in site.search_files() {
        staging.write(&rel, text.as_bytes())?;
    }
    site.drop_search_texts();
    phases.mark("search");
    let entries = site.entries();
    let index = Index::new(entries);
    phases.mark("index");
    let written = write_site(&site, &index, &theme, &staging)?;
    staging.commit()?;
    phases.mark("commit");
    Ok(BuildReport {
        entries: index.entries.len(),
        tags: index.tags.len(),
        pages: written,
        output,
        warnings: site.diagnostics,
    })
}

/// Feeds, the sitemap and robots.txt need absolute URLs: said once per build,
/// at the `[site]` table of book.toml (or its start).
fn no_base_url_warning(config: &Config) -> Diagnostic {
    let path = config.root.join(Config::FILE);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let line = text
        .lines()
        .position(|l| l.trim() == "[site]")
        .map_or(1, |i| i + 1);
    Diagnostic::warning(
        &crate::diagnostics::display_path(&path),
        crate::diagnostics::Pos::new(line, 1),
        "no `base-url` under [site]: atom.xml, sitemap.xml and robots.txt get relative \
         links, which feed readers and search engines cannot follow; add \
         `base-url = \"https://…/\"` under [site], or build with --base-url URL",
    )
    .with_source(&text)
}

/// Where this build writes: `-o`, else `build-dir`, else `<build-dir>-private` for a
/// personal copy (drafts or private entries), which may never land in `build-dir`.
fn output_folder(config: &Config, options: &BuildOptions) -> Result<PathBuf, BuildError> {
    let public = config.build_dir.clone();
    let Some(out) = &options.output else {
        if options.visibility.is_personal() {
            let mut name = public.file_name().unwrap_or_default().to_os_string();
            name.push("-private");
            return Ok(public.with_file_name(name));
        }
        return Ok(public);
    };
    let out = std::path::absolute(out).unwrap_or_else(|_| out.clone());
    if options.visibility.is_personal() && same_place(&out, &public) {
        let flag = if options.visibility.private {
            "--include-private"
        } else {
            "--drafts"
        };
        return Err(BuildError::Options(format!(
            "{flag} never writes into the public build folder {}; give another folder with -o",
            crate::diagnostics::display_path(&public)
        )));
    }
    Ok(out)
}

/// Whether two spellings name one folder (`public`, `./public/`,
/// `x/../public`, a link to it). Either may not exist yet.
fn same_place(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        if let Ok(real) = std::fs::canonicalize(p) {
            return real;
        }
        let parent = p.parent().and_then(|d| std::fs::canonicalize(d).ok());
        match (parent, p.file_name()) {
            (Some(d), Some(n)) => d.join(n),
            _ => p.to_path_buf(),
        }
    };
    canon(a) == canon(b)
}

/// Writes `data/entries.json`, or keeps it when no entry changed.
fn write_data(
    site: &Site,
    index: &Index<'_>,
    urls: Links<'_>,
    shared: &pages::Shared,
    staging: &dyn Sink,
) -> Result<(), BuildError> {
    let unchanged = match (site.cache(), shared.entries_hash()) {
        (Some(cache), Some(hash)) => cache.unchanged("data/entries.json", hash),
        _ => false,
    };
    if unchanged {
        staging.keep("data/entries.json");
        return Ok(());
    }
    let records: Vec<crate::export::Record<'_>> = index
        .entries
        .iter()
        .map(|e| crate::export::record(e, urls.urls, site.config.base_url.as_deref()))
        .collect();
    staging.write(
        "data/entries.json",
        crate::export::to_json(&records).as_bytes(),
    )?;
    Ok(())
}

/// Writes every page and file of the site into `staging` (pages whose view did
/// not change since the cached build are kept, not rendered); returns the number of pages.
pub fn write_site(
    site: &Site,
    index: &Index<'_>,
    theme: &Theme,
    staging: &dyn Sink,
) -> Result<usize, BuildError> {
    let config = &site.config;
    let mut phases = crate::timings::Phases::start();
    for (rel, asset) in &theme.assets {
        match asset {
            Asset::Embedded(bytes) => staging.write(rel, bytes)?,
            Asset::File(path) => staging.copy(path, rel)?,
        }
    }
    staging.write(
        "assets/syntax.css",
        highlight::stylesheet(&config.highlight_theme, &config.highlight_theme_dark).as_bytes(),
    )?;
    let static_dir = config.root.join("static");
    for path in crate::render::theme::files_under(&static_dir) {
        staging.copy(&path, &content::content_relative(&static_dir, &path))?;
    }
    let base = config.base_path();
    let urls = Links::new(&base, &index.tags);
    for e in &index.entries {
        for asset in &e.assets {
            if let Some(name) = asset.file_name() {
                let rel = format!(
                    "{}{}",
                    crate::render::views::entry_dir(e),
                    name.to_string_lossy()
                );
                staging.copy(asset, &rel)?;
            }
        }
    }

    phases.mark("assets");
    let site_view = site.site_view(&base);
    let specs = pages::plan(site, index);
    let shared = pages::Shared::new(index, urls, &site_view, site.cache().is_some());
    // The entries' data, the feeds and the sitemap are written on one thread
    // while the pages take the others.
    let extras = || -> Result<(), BuildError> {
        write_data(site, index, urls, &shared, staging)?;
        publish::write_feeds(site, index, urls, &shared, staging)?;
        publish::write_sitemap(site, index, &shared, &specs, staging)?;
        Ok(())
    };
    let mut todo = pages::changed(site, index, &shared, &specs, staging);
    // The few pages that take long (the archive, the trends) go first, so no
    // thread is left with one of them while the others have finished.
    todo.sort_by_key(|spec| !spec.is_long());
    let render_all = || -> Vec<Diagnostic> {
        todo.par_iter()
            .filter_map(|spec| {
                let (rel, html) =
                    match pages::render(site, index, &shared, theme, &site_view, urls, spec) {
                        Ok(page) => page,
                        Err(d) => return Some(d),
                    };
                staging
                    .write(&rel, &html)
                    .err()
                    .map(|e| theme.problem(format!("rendering failed: {e}")))
            })
            .collect()
    };
    let (extras, failures) = rayon::join(extras, render_all);
    extras?;
    phases.mark("pages");
    if let Some(first) = failures.into_iter().next() {
        // One page's error stands for all: the same template fails the same way.
        let mut d = Diagnostics::default();
        d.push(first);
        return Err(BuildError::Journal(d));
    }
    Ok(specs.len())
}
