//! `crosscheck-bench`: measures crosscheck on the public benchmarks in
//! `../shared/bench` (see the README for each command and its output).
//!
//! Every command prints a table and, as its last line, `key=value` pairs.

mod archive;
mod claims;
mod common;
mod corpus;
mod corroborate;
mod extract;
mod names;
mod pages;
mod quotes;
mod stories;
mod stories_search;
mod timex;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "crosscheck-bench",
    version,
    about = "Benchmarks crosscheck against public gold data"
)]
struct Cli {
    /// Folder holding the benchmark data (default: ../shared/bench, then ../../shared/bench).
    #[arg(long, global = true)]
    bench_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Article-body extraction on bench/extraction (181 pages), scored by its score.py,
    /// with trafilatura run on the same pages in the same run.
    Extract(extract::Args),
    /// Time expressions on TempEval-3 platinum (bench/timex), scored by its score.py.
    Timex(timex::Args),
    /// Direct quotes and speakers on PolNeAR (bench/quotes), scored by its score.py,
    /// with the speed of the whole analyze stage.
    Quotes(quotes::Args),
    /// Name-variant merging on crosscheck's own pairs (data/names.tsv).
    Names,
    /// Claim comparison on crosscheck's own statement pairs (data/claims.tsv).
    Claims,
    /// The archive ingest end to end on generated corpora (default 10k and 100k
    /// articles): speed per core, peak memory, database size, copy detection, stories.
    Ingest(archive::Args),
    /// Story clustering on a generated corpus and on bench/clustering (WikiRef220).
    Clustering(archive::ClusterArgs),
    /// One ingest in a process of its own (used by `ingest`).
    #[command(hide = true)]
    IngestRun(archive::RunArgs),
    /// `crosscheck analyze` end to end on generated corpora (1k, 10k, 50k
    /// articles) and on one story told by 10, 100, 1,000 and 3,000 outlets:
    /// speed, memory, story F1, growth.
    Corroborate(corroborate::Args),
    /// Story grouping across languages on bench/stories (96 real page
    /// excerpts, 6 events, 13 languages; texts built locally as its README
    /// says), scored by its score.py.
    Stories(stories::Args),
    /// What analyze makes of real scraped pages on bench/stories: publishers
    /// and dates found against its gold.json, wire credits, and every
    /// conflict printed to be read.
    Pages(pages::Args),
}

fn bench_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(d) = given {
        return Ok(d);
    }
    for cand in [
        "../shared/bench",
        "../../shared/bench",
        "../../../shared/bench",
    ] {
        let p = PathBuf::from(cand);
        if p.is_dir() {
            return Ok(p);
        }
    }
    anyhow::bail!("no benchmark folder found: pass --bench-dir (looked for ../shared/bench)")
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Names => return names::run(),
        Command::Claims => return claims::run(),
        Command::IngestRun(a) => {
            // As `crosscheck ingest` does.
            crosscheck_archive::tune_allocator();
            return archive::run_one(a);
        }
        Command::Corroborate(a) => return corroborate::run(a),
        Command::Ingest(a) => return archive::ingest(bench_dir(cli.bench_dir).ok().as_deref(), a),
        Command::Clustering(a) => {
            return archive::clustering(bench_dir(cli.bench_dir).ok().as_deref(), a)
        }
        _ => {}
    }
    let dir = bench_dir(cli.bench_dir)?;
    match cli.command {
        Command::Names => names::run(),
        Command::Claims => claims::run(),
        Command::Extract(args) => extract::run(&dir, args),
        Command::Timex(args) => timex::run(&dir, args),
        Command::Quotes(args) => quotes::run(&dir, args),
        Command::Stories(args) => stories::run(&dir, args),
        Command::Pages(args) => pages::run(&dir, args),
        Command::Ingest(_)
        | Command::Clustering(_)
        | Command::IngestRun(_)
        | Command::Corroborate(_) => Ok(()),
    }
}
