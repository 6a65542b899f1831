//! Building a site: into a staging folder for `build`, or any [`Sink`]
//! (memory, for `serve`). Pages, feeds, the sitemap, the search index and
//! every asset are written here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::fingerprint::Fingerprints;
use super::inputs::Inputs;
use super::plan::{self, Output, Planned};
use super::shared::{Ctx, Shared};
use super::{BuildError, BuildOptions, BuildReport, Cache, Site, disk_cache, pages, publish};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::highlight;
use crate::index::Index;
use crate::output::{InPlace, Sink, Staging};
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
    let opened = match &theme {
        Ok(theme) if !options.no_cache => {
            Some(disk_cache::open(&config, options.visibility, theme.hash()))
        }
        _ => None,
    };
    // Nothing the build reads changed since the build the cache describes,
    // whose output is there as it left it: that site is this one.
    phases.mark("  open cache");
    let inputs = opened.as_ref().map(|_| Inputs::survey(&config));
    phases.mark("  survey");
    if let (Some(o), Some(inputs)) = (&opened, &inputs) {
        if let Some(last) = &o.state {
            let verify = std::env::var_os("EBB_VERIFY").is_some_and(|v| v == "1");
            if !verify
                && inputs.same_as(&last.inputs)
                && InPlace::is_intact(&output, last.output_id)
            {
                phases.mark("unchanged");
                let report = &last.report;
                return Ok(BuildReport {
                    entries: report.entries,
                    tags: report.tags,
                    pages: report.pages,
                    output,
                    warnings: crate::diagnostics::Diagnostics::from(report.warnings.clone()),
                });
            }
        }
    }
    let (cache, last, cache_warning) = match opened {
        Some(mut o) => {
            if let Some(inputs) = &inputs {
                o.disk.surveyed(inputs);
            }
            phases.mark("  kept files");
            let views = o.state.as_ref().map_or(&[][..], |s| &s.views[..]);
            let cache = Arc::new(Cache::on_disk(o.disk, views));
            (Some(cache), o.state, o.warning)
        }
        None => (None, None, None),
    };
    phases.mark("config and theme");
    let mut site = Site::load_with(config, options.visibility, cache);
    site.diagnostics.extend(no_base_url);
    site.diagnostics.extend(cache_warning);
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
        &config.root.join(crate::site::WEEKS_DIR),
    ];
    // With a cache that describes the output folder, the folder is brought
    // up to date in place; else a new one is written beside it.
    let in_place = match &last {
        Some(last) => InPlace::begin(&output, &protected, last.output_id)?,
        None => None,
    };
    let out = match in_place {
        Some(p) => Out::Update(p),
        None => Out::Fresh(Staging::begin(&output, &protected)?),
    };
    let sink = out.sink();
    // Once the output folder is open for this build (a refused build
    // writes nothing), the readings are kept before the pages are made.
    if let Some(disk) = site.cache().and_then(Cache::disk) {
        disk.save_readings(&site.body_keys());
        phases.mark("  kept readings");
    }
    // The search index comes before the pages and its text is freed, so the
    // two never sit in memory together. (`serve` builds it when first asked.)
    // A cached build keeps it when nothing it is made of changed.
    let prints = site.search_prints();
    let search = site.search_fingerprint(&prints);
    let kept_search = site.cache().and_then(Cache::disk).map(|d| d.search());
    let search_files = match &last {
        Some(last)
            if last.search == search && last.search_files.iter().all(|rel| sink.can_keep(rel)) =>
        {
            let rels: Vec<&str> = last.search_files.iter().map(String::as_str).collect();
            sink.keep_all(&rels);
            if let Some(kept) = kept_search {
                kept.same();
            }
            last.search_files.clone()
        }
        _ => match patch_search(&site, last.as_ref(), kept_search, &prints, sink)? {
            Some(files) => files,
            None => {
                // Traces are for a cache to patch the index with later.
                let files = match kept_search {
                    Some(kept) => {
                        let (files, traces) = site.search_files_traced();
                        kept.made(&prints, traces);
                        files
                    }
                    None => site.search_files(),
                };
                for (rel, text) in &files {
                    sink.write(rel, text.as_bytes())?;
                }
                files.into_iter().map(|(rel, _)| rel).collect()
            }
        },
    };
    site.drop_search_texts();
    phases.mark("search");
    let entries = site.entries();
    let index = Index::new(entries).with_weeks(&site.note_weeks());
    phases.mark("index");
    let written = write_site(&site, &index, &theme, sink)?;
    phases.mark("pages");
    let (id, update) = out.commit()?;
    phases.mark("  output");
    let (entries, tags) = (index.entries.len(), index.tags.len());
    drop(index);
    let mut unsaved = None;
    if let Some(cache) = site.cache() {
        cache.commit();
        let state = disk_cache::State {
            output_id: id,
            search,
            search_files,
            views: cache.views(),
            inputs: inputs.unwrap_or_default(),
            report: disk_cache::Report {
                entries,
                tags,
                pages: written,
                warnings: site.diagnostics.iter().cloned().collect(),
            },
            ..disk_cache::State::default()
        };
        if let Some(disk) = cache.disk() {
            if let Err(e) = disk.save(state, &site.body_keys()) {
                unsaved = Some(disk.unsaved(&e));
            }
        }
    }
    phases.mark("  cache");
    site.diagnostics.extend(unsaved);
    if let Some(update) = update {
        update.finish()?;
    }
    phases.mark("commit");
    Ok(BuildReport {
        entries,
        tags,
        pages: written,
        output,
        warnings: site.diagnostics,
    })
}

/// The most documents a search index is patched for; past that, building
/// it whole costs little more.
const PATCH_AT_MOST: usize = 64;

/// Patches the last build's search index where a few documents changed
/// (the same number of documents, most with the same fingerprint), writing
/// the shards that changed and keeping the others. Returns the index's
/// files, or `None` when it must be built whole.
fn patch_search(
    site: &Site,
    last: Option<&disk_cache::State>,
    kept: Option<&super::kept_search::KeptSearch>,
    prints: &[[u64; 2]],
    sink: &dyn Sink,
) -> Result<Option<Vec<String>>, BuildError> {
    let (Some(last), Some(kept)) = (last, kept) else {
        return Ok(None);
    };
    let was = kept.prints();
    if was.len() != prints.len() || last.search_files.is_empty() {
        return Ok(None);
    }
    let changed: Vec<usize> = (0..prints.len()).filter(|&i| was[i] != prints[i]).collect();
    // What docs.json shows of each changed document is the same: it stays.
    let remake_docs = changed.iter().any(|&i| was[i][1] != prints[i][1]);
    if changed.is_empty() || changed.len() > PATCH_AT_MOST {
        return Ok(None);
    }
    let Some(old) = changed
        .iter()
        .map(|&i| kept.trace(i))
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(None);
    };
    let fixed = [
        "search/docs.json",
        "search/shards.json",
        "search/letters.json",
    ];
    let shards: Vec<String> = last
        .search_files
        .iter()
        .filter(|rel| !fixed.contains(&rel.as_str()))
        .filter_map(|rel| rel.strip_prefix("search/")?.strip_suffix(".json"))
        .map(str::to_owned)
        .collect();
    let previous = |rel: &str| sink.previous(rel);
    let Some(patched) = site.search_patch(&changed, &old, &shards, &previous, remake_docs) else {
        return Ok(None);
    };
    let written: crate::hash::FastSet<&str> =
        patched.write.iter().map(|(rel, _)| rel.as_str()).collect();
    let keep: Vec<&str> = patched
        .files
        .iter()
        .map(String::as_str)
        .filter(|rel| !written.contains(rel))
        .collect();
    if !keep.iter().all(|rel| sink.can_keep(rel)) {
        return Ok(None);
    }
    sink.keep_all(&keep);
    for (rel, text) in &patched.write {
        sink.write(rel, text.as_bytes())?;
    }
    kept.patched(prints, patched.traces);
    Ok(Some(patched.files))
}

/// The output folder of a build: written whole beside the old one, or
/// brought up to date in place.
enum Out {
    Fresh(Staging),
    Update(InPlace),
}

impl Out {
    fn sink(&self) -> &dyn Sink {
        match self {
            Out::Fresh(s) => s,
            Out::Update(p) => p,
        }
    }

    /// Puts the new site in place; returns its id, and an update in place
    /// to be finished once the cache that describes it is saved.
    fn commit(self) -> Result<(u64, Option<InPlace>), BuildError> {
        match self {
            Out::Fresh(s) => s.commit().map(|id| (id, None)),
            Out::Update(p) => p.commit().map(|id| (id, Some(p))),
        }
        .map_err(BuildError::from)
    }
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

/// What making one output gives: bytes to write, or a file to copy.
enum Made<'a> {
    Bytes(std::borrow::Cow<'a, [u8]>),
    Copy(&'a Path),
}

/// Makes one planned output (never the search index, which is written apart).
fn make<'a>(ctx: &Ctx<'a>, plan: &[Planned], planned: &'a Planned) -> Result<Made<'a>, Diagnostic> {
    let text = |s: String| Made::Bytes(s.into_bytes().into());
    Ok(match &planned.output {
        Output::Page(spec) => Made::Bytes(pages::render(ctx, spec, &planned.path)?.into()),
        Output::Feed(tag) => text(publish::feed(ctx, *tag)),
        Output::Sitemap => text(publish::sitemap(ctx, plan)),
        Output::Robots => text(publish::robots(ctx)),
        Output::Data => text(publish::data(ctx)),
        Output::Figures => text(super::figures::figures(
            ctx.index,
            ctx.shared.now(),
            &ctx.site.config,
        )),
        Output::SyntaxCss => {
            let config = &ctx.site.config;
            text(highlight::stylesheet(
                &config.highlight_theme,
                &config.highlight_theme_dark,
            ))
        }
        Output::ThemeAsset(i) => match ctx.theme.assets.get(*i).map(|(_, a)| a) {
            Some(Asset::Embedded(bytes)) => Made::Bytes((*bytes).into()),
            Some(Asset::File(path)) => Made::Copy(path),
            None => return Err(ctx.theme.problem(format!("theme asset {i} is missing"))),
        },
        Output::Copy(path) => Made::Copy(path),
        Output::Search => {
            return Err(ctx
                .theme
                .problem("the search index is written apart".to_owned()));
        }
    })
}

/// Writes every output of the site's plan into `sink`: an output whose
/// fingerprint is the cached build's is kept as it was, every other one is
/// made. This walk is the one place where that is decided, for `build` and
/// `serve` alike. With `EBB_VERIFY=1`, kept outputs are made as well and
/// must equal what was kept. Returns the number of pages.
pub fn write_site(
    site: &Site,
    index: &Index<'_>,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<usize, BuildError> {
    let mut phases = crate::timings::Phases::start();
    let base = site.config.base_path();
    let links = Links::new(&base, &index.tags);
    let site_view = site.site_view(&base);
    let shared = Shared::new(index, links, &site_view);
    let ctx = Ctx {
        site,
        index,
        theme,
        shared: &shared,
        view: &site_view,
        links,
    };
    let plan = plan::plan(site, index, theme);
    phases.mark("plan");

    // Keep or make: fingerprints in parallel, then one comparison with the
    // last build.
    let mut kept = vec![false; plan.len()];
    if let Some(cache) = site.cache() {
        let prints = Fingerprints::new(&ctx, &plan);
        let (at, printed): (Vec<usize>, Vec<(String, u64)>) = plan
            .par_iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i, (p.path.clone(), prints.of(&ctx, p)?))))
            .unzip();
        let same = cache.unchanged_all(&printed);
        // Only a file that is there can stay (a build with a cache whose
        // output folder is gone writes every page, from cached bodies).
        let keep: Vec<(usize, bool)> = at
            .into_par_iter()
            .zip(same)
            .map(|(i, same)| (i, same && sink.can_keep(&plan[i].path)))
            .collect();
        for (i, k) in keep {
            kept[i] = k;
        }
    }
    let keep: Vec<&str> = plan
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|(p, _)| p.path.as_str())
        .collect();
    sink.keep_all(&keep);
    let mut todo: Vec<&Planned> = plan
        .iter()
        .zip(&kept)
        .filter(|(p, k)| !**k && p.output != Output::Search)
        .map(|(p, _)| p)
        .collect();
    // The few outputs that take long go first, so no thread is left with one
    // of them while the others have finished.
    todo.sort_by_key(|p| !p.is_long());
    phases.mark("fingerprints");

    let failures: Vec<Diagnostic> = todo
        .par_iter()
        .filter_map(|planned| {
            let written = match make(&ctx, &plan, planned) {
                Ok(Made::Bytes(bytes)) => sink.write(&planned.path, &bytes),
                Ok(Made::Copy(from)) => sink.copy(from, &planned.path),
                Err(d) => return Some(d),
            };
            written
                .err()
                .map(|e| theme.problem(format!("writing {} failed: {e}", planned.path)))
        })
        .collect();
    phases.mark("pages");
    if let Some(first) = failures.into_iter().next() {
        // One page's error stands for all: the same template fails the same way.
        return Err(BuildError::Journal(Diagnostics::from(vec![first])));
    }
    if std::env::var_os("EBB_VERIFY").is_some_and(|v| v == "1") {
        verify(&ctx, &plan, &kept, sink)?;
    }
    Ok(plan
        .iter()
        .filter(|p| matches!(p.output, Output::Page(_)))
        .count())
}

/// For `EBB_VERIFY=1`: makes every output that was kept and fails if it
/// differs from what was kept, which means its fingerprint misses something
/// the output depends on.
fn verify(
    ctx: &Ctx<'_>,
    plan: &[Planned],
    kept: &[bool],
    sink: &dyn Sink,
) -> Result<(), BuildError> {
    let stale: Vec<Diagnostic> = plan
        .par_iter()
        .zip(kept)
        .filter(|(_, k)| **k)
        .filter_map(|(planned, _)| {
            let fresh = match make(ctx, plan, planned) {
                Ok(Made::Bytes(bytes)) => bytes.into_owned(),
                Ok(Made::Copy(from)) => std::fs::read(from).unwrap_or_default(),
                Err(d) => return Some(d),
            };
            (sink.previous(&planned.path).as_deref() != Some(&fresh[..])).then(|| {
                Diagnostic::error(
                    &planned.path,
                    crate::diagnostics::Pos::START,
                    "EBB_VERIFY: kept as the last build made it, but making it again gives \
                     other bytes; its fingerprint misses something it depends on",
                )
            })
        })
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    Err(BuildError::Journal(Diagnostics::from(stale)))
}
