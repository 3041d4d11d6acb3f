//! The archive commands: `ingest`, `stories`, `story`, `search`, `copies`.

use crate::{color_enabled, ColorChoice, Format};
use anyhow::{bail, Context};
use crosscheck_archive::{Archive, Clustering, IngestOptions, IngestReport, Progress};
use crosscheck_ingest::Input;
use crosscheck_store::{date_of, day_of, StoryFilter};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where the archive lives unless `--db` or `CROSSCHECK_DB` says otherwise:
/// `$XDG_DATA_HOME/crosscheck/news.db`, else
/// `~/.local/share/crosscheck/news.db`.
pub fn default_db() -> PathBuf {
    if let Some(p) = std::env::var_os("CROSSCHECK_DB") {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("crosscheck").join("news.db")
}

#[derive(clap::Args)]
pub struct Db {
    /// The archive's database (its search index is the folder beside it,
    /// named DB.index). Default: $CROSSCHECK_DB, else
    /// $XDG_DATA_HOME/crosscheck/news.db, else ~/.local/share/crosscheck/news.db.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

impl Db {
    fn path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(default_db)
    }

    /// Opens an archive that must exist already.
    fn open_existing(&self) -> anyhow::Result<Archive> {
        let p = self.path();
        if !p.exists() {
            bail!(
                "no archive at {} (create one with `crosscheck ingest --db {} FILES…`)",
                p.display(),
                p.display()
            );
        }
        open(&p, Clustering::default())
    }
}

fn open(p: &Path, c: Clustering) -> anyhow::Result<Archive> {
    Archive::open(p, c).with_context(|| format!("opening the archive {}", p.display()))
}

/// A date argument: YYYY-MM-DD.
pub fn parse_day(s: &str) -> Result<i64, String> {
    day_of(s).ok_or_else(|| format!("{s:?} is not a date like 2025-12-24"))
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, folders (read recursively), WARC(.gz), JSON Lines, RSS/Atom, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    #[command(flatten)]
    db: Db,
    /// Documents per transaction (also the most held in memory at once).
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Threads for extraction and analysis (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Days a story stays open after its last article.
    #[arg(long, default_value_t = 3)]
    window_days: i64,
    /// Copies are looked for among articles published up to this many days
    /// before the latest.
    #[arg(long, default_value_t = 7)]
    copy_window_days: i64,
    /// Largest single document read, in bytes.
    #[arg(long, default_value_t = crosscheck_ingest::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// `json` prints the counts as one JSON object.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    #[command(flatten)]
    model: crate::model::ModelArg,
}

struct Bar {
    bar: indicatif::ProgressBar,
    errors: u64,
}

impl Progress for Bar {
    fn error(&mut self, message: &str) {
        self.errors += 1;
        self.bar.suspend(|| eprintln!("crosscheck: {message}"));
    }
    fn committed(&mut self, r: &IngestReport) {
        self.bar.set_message(format!(
            "{} stored, {} copies, {} stories opened",
            r.stored, r.copies, r.stories_opened
        ));
    }
    fn read(&mut self, n: u64) {
        self.bar.inc(n);
    }
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let path = args.db.path();
    let mut archive = open(
        &path,
        Clustering {
            window_days: args.window_days,
            copy_window_days: args.copy_window_days,
            ..Clustering::default()
        },
    )?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // First Ctrl-C: finish and commit the current batch. Second: leave
        // at once (what was committed stays committed).
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("crosscheck: stopping after the current batch (Ctrl-C again to quit now)");
        });
    }
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} documents read ({per_sec}) {msg} [{elapsed_precise}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(200));
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut progress = Bar { bar, errors: 0 };
    let inputs: Vec<Input> = args.inputs.iter().map(|s| Input::parse(s)).collect();
    let opts = IngestOptions {
        batch: args.batch.max(1),
        threads: args
            .threads
            .unwrap_or_else(|| IngestOptions::default().threads)
            .max(1),
        max_bytes: args.max_bytes,
        encoder: args.model.load()?,
    };
    let r = archive.ingest(&inputs, &opts, &mut progress, &stop)?;
    progress.bar.finish_and_clear();
    let counts = archive.store().counts()?;
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        let v = serde_json::json!({
            "schema_version": crosscheck_model::SCHEMA_VERSION,
            "db": path.display().to_string(),
            "ingest": r,
            "archive": counts,
        });
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "documents read: {}; new articles stored: {} (copies of an earlier text: {}, stories opened: {}); already stored: {}; same article as one stored: {}; failed: {}",
            r.read, r.stored, r.copies, r.stories_opened, r.already_stored, r.same_article, r.failed
        )?;
        if r.stored == 0 && r.already_stored > 0 {
            writeln!(
                out,
                "nothing new: every document was stored by an earlier run"
            )?;
        }
        writeln!(
            out,
            "archive {}: articles: {}, stories: {}, texts with copies: {}",
            path.display(),
            counts.articles,
            counts.stories,
            counts.copy_groups
        )?;
        if r.interrupted {
            writeln!(out, "interrupted: run the same command again to go on")?;
        }
    }
    out.flush()?;
    Ok(if r.interrupted {
        ExitCode::from(130)
    } else if r.failed > 0 && r.stored + r.already_stored + r.same_article == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Filters `stories` and `search` share.
#[derive(clap::Args)]
pub struct Filters {
    /// On or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    since: Option<i64>,
    /// On or before this date.
    #[arg(long, value_parser = parse_day)]
    until: Option<i64>,
    /// In this language (ISO 639-1, e.g. en).
    #[arg(long)]
    lang: Option<String>,
    /// From this outlet (`stories`: any outlet whose name contains it;
    /// `search`: the whole name, any case).
    #[arg(long)]
    outlet: Option<String>,
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    db: Db,
    #[command(flatten)]
    filters: Filters,
    /// Only stories of at least this many articles.
    #[arg(long, default_value_t = 1)]
    min_size: u64,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
}

pub fn stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let archive = args.db.open_existing()?;
    let f = args.filters;
    let list = archive.store().stories(&StoryFilter {
        since: f.since,
        until: f.until,
        language: f.lang,
        outlet: f.outlet,
        min_size: args.min_size,
        limit: args.limit,
    })?;
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        let v = serde_json::json!({"schema_version": crosscheck_model::SCHEMA_VERSION, "stories": list});
        writeln!(out, "{v}")?;
    } else {
        for s in &list {
            let dates = match (&s.first, &s.last) {
                (Some(a), Some(b)) if a == b => a.clone(),
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => "undated (no page gives a date)".into(),
            };
            writeln!(
                out,
                "{:>6}  {}  {}  [{}]  {}\n        {}",
                s.id,
                s.size_line(),
                dates,
                s.languages.join(","),
                s.title,
                s.outlets_line(OUTLETS_SHOWN)
            )?;
        }
        if list.is_empty() {
            writeln!(out, "no story matches")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Outlets named on a story's line in `stories`; the rest are counted.
const OUTLETS_SHOWN: usize = 12;

#[derive(clap::Args)]
pub struct StoryArgs {
    /// The story's number, as `stories` lists it.
    id: u64,
    #[command(flatten)]
    db: Db,
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

pub fn story(args: StoryArgs) -> anyhow::Result<ExitCode> {
    let archive = args.db.open_existing()?;
    let o = archive.story(args.id)?;
    let rendered = crate::render(&o, args.format, args.color);
    let mut out = std::io::stdout().lock();
    out.write_all(rendered.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words that must all appear (in title, text or names); "quoted phrase", -excluded.
    query: String,
    #[command(flatten)]
    db: Db,
    #[command(flatten)]
    filters: Filters,
    /// Only articles of this story.
    #[arg(long)]
    story: Option<u64>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// With the model, articles close in meaning to the query (in any
    /// language the encoder reads) follow those its words find.
    #[command(flatten)]
    model: crate::model::ModelArg,
}

pub fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let mut archive = args.db.open_existing()?;
    archive.set_encoder(
        args.model
            .load_saying("search finds the query's words only, in their language")?,
    );
    let hits = archive.search(
        &args.query,
        &crosscheck_search::Filter {
            since: args.filters.since,
            until: args.filters.until,
            language: args.filters.lang,
            outlet: args.filters.outlet,
            story: args.story,
            limit: args.limit,
        },
    )?;
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        for h in &hits {
            serde_json::to_writer(&mut out, h)?;
            out.write_all(b"\n")?;
        }
    } else {
        let color = color_enabled(args.color);
        for h in &hits {
            let date = h.day.map(date_of).unwrap_or_else(|| "undated".into());
            let by = match h.similarity {
                Some(c) => format!(
                    "  [by meaning {c:.2}, {}]",
                    h.language.as_deref().unwrap_or("language unknown")
                ),
                None => String::new(),
            };
            writeln!(
                out,
                "{:>7}  {}  {}  {}  (story {}){by}",
                h.id,
                date,
                h.outlet.as_deref().unwrap_or("outlet unknown"),
                h.title,
                h.story
            )?;
            let mut snippet = String::new();
            let mut at = 0;
            for &(s, e) in &h.highlights {
                if s < at || e > h.snippet.len() {
                    continue;
                }
                snippet.push_str(&h.snippet[at..s]);
                if color {
                    snippet.push_str(&format!("\x1b[1m{}\x1b[0m", &h.snippet[s..e]));
                } else {
                    snippet.push_str(&format!("[{}]", &h.snippet[s..e]));
                }
                at = e;
            }
            snippet.push_str(&h.snippet[at..]);
            writeln!(out, "         {}\n", snippet.replace('\n', " "))?;
        }
        if hits.is_empty() {
            writeln!(out, "no article matches")?;
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(clap::Args)]
pub struct CopiesArgs {
    /// An article's number (from `search`, `story` or `copies`).
    id: i64,
    #[command(flatten)]
    db: Db,
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
}

pub fn copies(args: CopiesArgs) -> anyhow::Result<ExitCode> {
    let archive = args.db.open_existing()?;
    let v = archive.copies(args.id)?;
    let mut out = std::io::stdout().lock();
    if args.format == Format::Json {
        let doc =
            serde_json::json!({"schema_version": crosscheck_model::SCHEMA_VERSION, "copies": v});
        writeln!(out, "{doc}")?;
    } else {
        if v.copies.len() == 1 {
            writeln!(
                out,
                "article {}: its text appears nowhere else in the archive",
                v.article
            )?;
        } else {
            writeln!(
                out,
                "article {}: one text, {} copies; earliest first",
                v.article,
                v.copies.len()
            )?;
        }
        if let Some(o) = &v.origin {
            writeln!(out, "likely origin: {o} ({})", v.origin_reason)?;
        }
        for (i, c) in v.copies.iter().enumerate() {
            writeln!(
                out,
                "{} {:>7}  {}  {}  {}  similarity {:.2}  (story {})\n           {}",
                if i == 0 { "*" } else { " " },
                c.id,
                c.published.as_deref().unwrap_or("undated"),
                c.publisher.as_deref().unwrap_or("outlet unknown"),
                c.title.as_deref().unwrap_or(""),
                c.similarity,
                c.story,
                c.url.as_deref().unwrap_or(&c.source)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: Db,
    /// Address to listen on. Loopback unless you say otherwise: the desk has
    /// no login.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// With the model, the desk's search finds articles by meaning too.
    #[command(flatten)]
    model: crate::model::ModelArg,
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let mut archive = args.db.open_existing()?;
    archive.set_encoder(
        args.model
            .load_saying("search finds the query's words only, in their language")?,
    );
    let listener = std::net::TcpListener::bind(args.addr)
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    crosscheck_serve::run(archive, listener, |addr| {
        eprintln!(
            "crosscheck: serving {} on http://{addr}/ (Ctrl-C to stop)",
            args.db.path().display()
        );
    })?;
    Ok(ExitCode::SUCCESS)
}
