//! The `crosscheck` command: a thin shell over the pipeline crates.
//!
//! Exit codes: 0 when at least one article was analysed or stored (even if
//! other inputs failed; each failure is reported on stderr), 1 when none
//! was (or a search found nothing, or the archive could not be opened), 2
//! for usage errors, 130 when an ingest was interrupted (what it stored
//! stays stored).

mod analyze;
mod archive_cmd;
mod model;

use clap::{Parser, Subcommand, ValueEnum};
use crosscheck_ingest::{Input, Options};
use crosscheck_model::Article;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "crosscheck", version, about = "Cross-check news coverage of one event across outlets", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and report claims, conflicts, sources and timeline per story.
    Analyze {
        /// Files, folders (read recursively) or `-` for standard input.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        model: model::ModelArg,
    },
    /// Print the clean article text (or JSON Lines with metadata) of each input.
    Extract {
        /// Files, folders (read recursively) or `-` for standard input.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Add articles to an archive: pages, folders, WARC(.gz), JSON Lines, RSS/Atom, stdin.
    Ingest(archive_cmd::IngestArgs),
    /// List the archive's stories, newest first.
    Stories(archive_cmd::StoriesArgs),
    /// The corroboration report of one stored story.
    Story(archive_cmd::StoryArgs),
    /// Search the archive's articles.
    Search(archive_cmd::SearchArgs),
    /// Where an article's text also appears, and which copy came first.
    Copies(archive_cmd::CopiesArgs),
    /// Serve the archive as a web desk and JSON API (http://127.0.0.1:8080).
    Serve(archive_cmd::ServeArgs),
}

#[derive(clap::Args)]
struct Common {
    /// Output format. `json` is one document; `jsonl` one line per story,
    /// each written as soon as its story is complete.
    #[arg(long, value_enum, default_value_t = ReportFormat::Terminal)]
    format: ReportFormat,
    /// When to colour terminal output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Largest input read, in bytes.
    #[arg(long, default_value_t = crosscheck_ingest::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    Terminal,
    Json,
    Markdown,
}

/// How `analyze` and `extract` print.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    Terminal,
    Json,
    /// JSON Lines (for `extract`, the same as `json`).
    Jsonl,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Reads and extracts every input; failures are reported and skipped.
fn load(inputs: &[String], common: &Common) -> Vec<Article> {
    let inputs: Vec<Input> = inputs.iter().map(|s| Input::parse(s)).collect();
    let expanded = crosscheck_ingest::expand(&inputs);
    let opts = Options {
        max_bytes: common.max_bytes,
    };
    let bar = if std::io::stderr().is_terminal() && expanded.len() > 1 {
        indicatif::ProgressBar::new(expanded.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut articles = Vec::new();
    for item in expanded {
        bar.inc(1);
        let docs = match item {
            Ok(input) => crosscheck_ingest::documents(&input, &opts),
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        for result in docs {
            let doc = match result {
                Ok(doc) => doc,
                Err(e) => {
                    bar.suspend(|| eprintln!("crosscheck: {e}"));
                    continue;
                }
            };
            for w in &doc.warnings {
                bar.suspend(|| eprintln!("crosscheck: {}: warning: {w}", doc.source));
            }
            match crosscheck_extract::extract(&doc) {
                Ok(mut a) => {
                    a.id = format!("a{}", articles.len() + 1);
                    articles.push(a);
                }
                Err(e) => bar.suspend(|| eprintln!("crosscheck: {e}")),
            }
        }
    }
    bar.finish_and_clear();
    articles
}

/// A corroboration outcome in the format asked for.
pub(crate) fn render(
    o: &crosscheck_corroborate::pipeline::Outcome,
    format: Format,
    color: ColorChoice,
) -> String {
    let flavour = match format {
        Format::Json => return crosscheck_report::json(&o.articles, &o.analyses, &o.stories),
        Format::Markdown => crosscheck_report::Flavour::Markdown,
        Format::Terminal => crosscheck_report::Flavour::Terminal {
            color: color_enabled(color),
        },
    };
    crosscheck_report::text(&o.articles, &o.analyses, &o.stories, flavour)
}

pub(crate) fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// glibc raises its threshold for serving large blocks from their own
/// pages each time one is freed, after which large short-lived buffers
/// (the sentence encoder's, the aligner's) come from the heap and, freed
/// between long-lived articles, stay resident: an analyze of 10,000
/// articles held 0.57 GB without the encoder and 5.6 GB with it, for 0.2 GB
/// live. A fixed threshold returns them (0.32 GB).
fn fix_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a setting of the C allocator; it is
    // called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Analyze {
            inputs,
            common,
            model,
        } => return analyze::run(&inputs, &common, &model),
        Command::Extract { inputs, common } => {
            let articles = load(&inputs, &common);
            if articles.is_empty() {
                eprintln!("crosscheck: no article could be read from the inputs");
                return Ok(ExitCode::from(1));
            }
            for a in &articles {
                if matches!(common.format, ReportFormat::Json | ReportFormat::Jsonl) {
                    serde_json::to_writer(&mut out, a)?;
                    out.write_all(b"\n")?;
                } else {
                    if articles.len() > 1 {
                        writeln!(out, "==> {} <==", a.source)?;
                    }
                    if let Some(t) = &a.title {
                        writeln!(out, "{t}\n")?;
                    }
                    writeln!(out, "{}\n", a.text)?;
                }
            }
        }
        Command::Ingest(args) => {
            crosscheck_archive::tune_allocator();
            return archive_cmd::ingest(args);
        }
        Command::Stories(args) => return archive_cmd::stories(args),
        Command::Story(args) => return archive_cmd::story(args),
        Command::Search(args) => return archive_cmd::search(args),
        Command::Copies(args) => return archive_cmd::copies(args),
        Command::Serve(args) => {
            crosscheck_archive::tune_allocator();
            return archive_cmd::serve(args);
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    fix_allocator();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`crosscheck … | head`) is not an error.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("crosscheck: {e:#}");
            ExitCode::from(1)
        }
    }
}
