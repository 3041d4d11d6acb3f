//! `crosscheck-bench corroborate`: `crosscheck analyze` end to end, as a
//! user runs it, on generated corpora of many stories (speed, memory, story
//! quality against the corpus gold) and on one large story told by more
//! and more outlets (time and memory per size, and how they grow).
//!
//! Each run is the real `crosscheck` binary (built beside this one) in a
//! process of its own, writing JSON Lines to a file; its CPU time comes
//! from the kernel's accounting of that child (`wait4`), its peak memory
//! from its own high-water mark (`VmHWM`, read while it runs: `wait4`'s
//! `ru_maxrss` starts from this process's size at the fork).

use crate::archive::cluster_scores;
use crate::corpus;
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Corpus sizes (articles in one file) to analyse.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,50000")]
    sizes: Vec<usize>,
    /// Independent outlets telling the one large story (growth is measured
    /// between the two largest: past 1,000, where start-up no longer counts).
    #[arg(long, value_delimiter = ',', default_value = "10,100,1000,3000")]
    story_sizes: Vec<usize>,
    #[arg(long, default_value_t = 20251201)]
    seed: u64,
    #[arg(long, default_value = "target/bench/archive")]
    out: PathBuf,
}

/// What one `crosscheck analyze` run cost.
struct Cost {
    secs: f64,
    cpu_secs: f64,
    peak_mb: f64,
}

/// Runs `crosscheck analyze --format jsonl input > output` and measures it.
fn analyze(exe: &Path, input: &Path, output: &Path) -> Result<Cost> {
    let out = std::fs::File::create(output)?;
    let t = Instant::now();
    let child = std::process::Command::new(exe)
        .args(["analyze", "--format", "jsonl"])
        .arg(input)
        .stdout(out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .with_context(|| format!("running {}", exe.display()))?;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let (done, status) = (done.clone(), format!("/proc/{}/status", child.id()));
        std::thread::spawn(move || {
            let mut peak = 0.0f64;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let hwm = std::fs::read_to_string(&status).ok().and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .and_then(|l| l.split_whitespace().nth(1))
                        .and_then(|kb| kb.parse::<f64>().ok())
                });
                if let Some(kb) = hwm {
                    peak = peak.max(kb / 1024.0);
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            peak
        })
    };
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 fills `status` and `usage` for the child it waits for;
    // the pid is our own child's, not yet waited for.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, usage.as_mut_ptr()) };
    let secs = t.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak_mb = sampler.join().unwrap_or(f64::NAN);
    if pid < 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        bail!(
            "crosscheck analyze {} failed (status {status})",
            input.display()
        );
    }
    // SAFETY: wait4 succeeded, so it initialised the struct.
    let u = unsafe { usage.assume_init() };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Cost {
        secs,
        cpu_secs: tv(u.ru_utime) + tv(u.ru_stime),
        peak_mb,
    })
}

/// Per story line of a JSON Lines report: its articles' URLs, and its
/// claims by status.
struct Read {
    story_of: HashMap<String, u64>,
    stories: usize,
    /// Articles in the largest story.
    largest: usize,
    claims: [usize; 3],
}

fn read_report(path: &Path) -> Result<Read> {
    let mut r = Read {
        story_of: HashMap::new(),
        stories: 0,
        largest: 0,
        claims: [0; 3],
    };
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        r.stories += 1;
        let id = r.stories as u64;
        r.largest = r.largest.max(v["articles"].as_array().map_or(0, Vec::len));
        for a in v["articles"].as_array().into_iter().flatten() {
            if let Some(url) = a["url"].as_str() {
                r.story_of.insert(url.to_string(), id);
            }
        }
        for c in v["story"]["claims"].as_array().into_iter().flatten() {
            let k = match c["status"].as_str() {
                Some("conflicting") => 0,
                Some("corroborated") => 1,
                _ => 2,
            };
            r.claims[k] += 1;
        }
    }
    Ok(r)
}

/// Pairwise story F1 of a report against a corpus's answers.
fn story_f1(report: &Read, truth: &Path) -> Result<f64> {
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for line in std::fs::read_to_string(truth)?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if let (Some(url), Some(story)) = (f.first(), f.get(1)) {
            if let Some(&p) = report.story_of.get(*url) {
                gold.push(story.parse::<u64>()?);
                pred.push(p);
            }
        }
    }
    Ok(cluster_scores(&gold, &pred).2)
}

fn articles_in(path: &Path) -> Result<usize> {
    Ok(std::io::BufReader::new(std::fs::File::open(path)?)
        .lines()
        .count())
}

pub fn run(a: Args) -> Result<()> {
    let exe = std::env::current_exe()?.with_file_name("crosscheck");
    if !exe.exists() {
        bail!(
            "{} not found: build it first (cargo build --release -p crosscheck)",
            exe.display()
        );
    }
    std::fs::create_dir_all(&a.out)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let mut last_corpus = String::new();
    println!(
        "{:>8} {:>8} {:>12} {:>14} {:>10} {:>9} {:>8} {:>8}",
        "corpus",
        "secs",
        "articles/s",
        "per s per core",
        "per CPU s",
        "peak MiB",
        "stories",
        "story F1"
    );
    for &n in &a.sizes {
        let dir = a
            .out
            .join(format!("corpus-v{}-{n}-{}", corpus::VERSION, a.seed));
        let (c, t) = (dir.join("articles.jsonl"), dir.join("truth.tsv"));
        if !(c.exists() && t.exists()) {
            std::fs::create_dir_all(&dir)?;
            corpus::generate(n, a.seed, &c, &t)?;
        }
        let report = a.out.join(format!("analyze-{n}.jsonl"));
        let cost = analyze(&exe, &c, &report)?;
        let read = read_report(&report)?;
        let f1 = story_f1(&read, &t)?;
        let _ = std::fs::remove_file(&report);
        let rate = n as f64 / cost.secs;
        println!(
            "{n:>8} {:>8.1} {rate:>12.0} {:>14.0} {:>10.0} {:>9.1} {:>8} {f1:>8.4}",
            cost.secs,
            rate / cores,
            n as f64 / cost.cpu_secs,
            cost.peak_mb,
            read.stories
        );
        last_corpus = format!(
            "corpus={n} articles_per_s={rate:.0} articles_per_s_per_core={:.0} articles_per_cpu_s={:.0} peak_mb={:.1} story_f1={f1:.4}",
            rate / cores,
            n as f64 / cost.cpu_secs,
            cost.peak_mb
        );
    }
    println!(
        "\n{:>8} {:>9} {:>8} {:>10} {:>9} {:>8} {:>8} {:>22}",
        "outlets",
        "articles",
        "secs",
        "CPU secs",
        "peak MiB",
        "stories",
        "largest",
        "conflict/corr/single"
    );
    let mut points: Vec<(f64, f64, f64)> = Vec::new();
    for &k in &a.story_sizes {
        let dir = a
            .out
            .join(format!("story-v{}-{k}-{}", corpus::VERSION, a.seed));
        let (c, t) = (dir.join("articles.jsonl"), dir.join("truth.tsv"));
        if !(c.exists() && t.exists()) {
            std::fs::create_dir_all(&dir)?;
            corpus::generate_story(k, a.seed, &c, &t)?;
        }
        let n = articles_in(&c)?;
        let report = a.out.join(format!("analyze-story-{k}.jsonl"));
        let cost = analyze(&exe, &c, &report)?;
        let read = read_report(&report)?;
        let _ = std::fs::remove_file(&report);
        println!(
            "{k:>8} {n:>9} {:>8.2} {:>10.2} {:>9.1} {:>8} {:>8} {:>22}",
            cost.secs,
            cost.cpu_secs,
            cost.peak_mb,
            read.stories,
            read.largest,
            format!("{}/{}/{}", read.claims[0], read.claims[1], read.claims[2])
        );
        points.push((k as f64, cost.cpu_secs, cost.peak_mb));
    }
    // Growth exponent between the two largest story sizes: time ∝ size^e.
    let exponent = |f: fn(&(f64, f64, f64)) -> f64| match points.as_slice() {
        [.., x, y] => (f(y) / f(x)).ln() / (y.0 / x.0).ln(),
        _ => f64::NAN,
    };
    let (te, me) = (exponent(|p| p.1), exponent(|p| p.2));
    let (largest, secs, mb) = points
        .last()
        .copied()
        .unwrap_or((f64::NAN, f64::NAN, f64::NAN));
    println!("per s per core: articles per second over {cores} cores; per CPU s: articles per CPU second of the analyze process (user and system); peak MiB: its maximum resident memory; story exponents: growth of CPU time and memory between the two largest story sizes");
    println!(
        "{last_corpus} story_outlets={largest} story_cpu_secs={secs:.2} story_peak_mb={mb:.1} story_time_exponent={te:.2} story_memory_exponent={me:.2}"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    //! `analyze` and `ingest` link alike; the indexed aligner finds what
    //! comparing every pair finds.

    use super::*;
    use crosscheck_archive::{Archive, Clustering, IngestOptions, IngestReport, Progress};
    use crosscheck_corroborate::pipeline::Outcome;
    use crosscheck_corroborate::Candidates;
    use crosscheck_ingest::Input;
    use std::collections::BTreeSet;
    use std::sync::atomic::AtomicBool;

    struct Quiet;
    impl Progress for Quiet {
        fn error(&mut self, _: &str) {}
        fn committed(&mut self, _: &IngestReport) {}
    }

    fn analysed(input: &Path, how: Candidates) -> Vec<Outcome> {
        analysed_with(input, how, &IngestOptions::default())
    }

    fn analysed_with(input: &Path, how: Candidates, options: &IngestOptions) -> Vec<Outcome> {
        let mut out = Vec::new();
        crosscheck_archive::analyze(
            &[Input::Path(input.to_path_buf())],
            options,
            Clustering::default(),
            how,
            &mut |_| {},
            &mut |o| {
                out.push(o);
                Ok(())
            },
        )
        .unwrap();
        out
    }

    /// Stories as sets of article keys (URL, else source path).
    type Grouping = BTreeSet<BTreeSet<String>>;

    fn key(a: &crosscheck_model::Article) -> String {
        a.url.clone().unwrap_or_else(|| a.source.clone())
    }

    fn analyze_grouping(outcomes: &[Outcome]) -> Grouping {
        outcomes
            .iter()
            .map(|o| o.articles.iter().map(key).collect())
            .collect()
    }

    fn ingest_grouping(input: &Path) -> Grouping {
        ingest_grouping_with(input, &IngestOptions::default())
    }

    fn ingest_grouping_with(input: &Path, options: &IngestOptions) -> Grouping {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("news.db");
        let mut archive = Archive::open(&db, Clustering::default()).unwrap();
        archive
            .ingest(
                &[Input::Path(input.to_path_buf())],
                options,
                &mut Quiet,
                &AtomicBool::new(false),
            )
            .unwrap();
        let mut by_story: HashMap<u64, BTreeSet<String>> = HashMap::new();
        for s in archive.store().articles_after(0, usize::MAX / 2).unwrap() {
            by_story.entry(s.story).or_default().insert(key(&s.article));
        }
        by_story.into_values().collect()
    }

    fn examples() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
    }

    fn generated(n: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("articles.jsonl");
        corpus::generate(n, 7, &c, &dir.path().join("truth.tsv")).unwrap();
        (dir, c)
    }

    #[test]
    fn analyze_and_ingest_make_the_same_stories() {
        let e = examples();
        let a = analyze_grouping(&analysed(&e, Candidates::Indexed));
        assert_eq!(a, ingest_grouping(&e));
        assert_eq!(a.len(), 2, "the ferry story and the unrelated article");
        // 1,200 generated articles: some 150 stories, wire copies, undated
        // batches placed in publication order.
        let (_dir, c) = generated(1200);
        let a = analyze_grouping(&analysed(&c, Candidates::Indexed));
        assert!(a.len() > 50, "{} stories", a.len());
        assert_eq!(a, ingest_grouping(&c));
    }

    /// With the sentence encoder, stories also join and merge on meaning:
    /// `analyze` and `ingest` still make the same ones. (On the generated
    /// corpus, whose invented words the encoder finds all alike, stories
    /// merge a great deal: the merging paths of both are exercised.)
    #[test]
    fn analyze_and_ingest_make_the_same_stories_with_the_model() {
        let Some(model) = std::env::var_os("CROSSCHECK_MODEL") else {
            assert!(
                std::env::var_os("CROSSCHECK_REQUIRE_MODEL").is_none(),
                "CROSSCHECK_REQUIRE_MODEL is set but CROSSCHECK_MODEL is not"
            );
            eprintln!("skipped: no model (set CROSSCHECK_MODEL to the encoder's wheel)");
            return;
        };
        let encoder = crosscheck_link::stream::Encoder::load(Path::new(&model)).unwrap();
        let options = IngestOptions {
            encoder: Some(std::sync::Arc::new(encoder)),
            ..IngestOptions::default()
        };
        let (_dir, c) = generated(600);
        let a = analyze_grouping(&analysed_with(&c, Candidates::Indexed, &options));
        assert_eq!(a, ingest_grouping_with(&c, &options));
        let e = examples();
        let a = analyze_grouping(&analysed_with(&e, Candidates::Indexed, &options));
        assert_eq!(a, ingest_grouping_with(&e, &options));
    }

    /// A claim as a fact-checker reads it: story, status, sources and
    /// evidence (article, offset).
    type ClaimKey = (String, String, usize, Vec<(String, usize)>);

    fn claims(outcomes: &[Outcome]) -> BTreeSet<ClaimKey> {
        outcomes
            .iter()
            .flat_map(|o| &o.stories)
            .flat_map(|s| {
                s.claims.iter().map(|c| {
                    (
                        s.id.clone(),
                        format!("{:?}", c.status),
                        c.sources,
                        c.evidence
                            .iter()
                            .map(|e| (e.article.clone(), e.start))
                            .collect(),
                    )
                })
            })
            .collect()
    }

    /// On stories of at most 60 articles the indexed aligner (an inverted
    /// index of rare terms, 256 neighbours kept per sentence) gives exactly
    /// the claims of comparing every sentence with every other: no
    /// difference is allowed.
    #[test]
    fn the_indexed_aligner_finds_what_comparing_every_pair_finds() {
        let (_dir, c) = generated(600);
        let dir = tempfile::tempdir().unwrap();
        let story = dir.path().join("story.jsonl");
        corpus::generate_story(40, 7, &story, &dir.path().join("truth.tsv")).unwrap();
        for input in [examples(), c, story] {
            let indexed = analysed(&input, Candidates::Indexed);
            let largest = indexed.iter().map(|o| o.articles.len()).max().unwrap_or(0);
            assert!(largest <= 60, "{}: a story of {largest}", input.display());
            let all = analysed(&input, Candidates::Exhaustive);
            let (i, a) = (claims(&indexed), claims(&all));
            assert!(i.len() > 5, "{}", input.display());
            let only_indexed: Vec<_> = i.difference(&a).collect();
            let only_all: Vec<_> = a.difference(&i).collect();
            assert!(
                only_indexed.is_empty() && only_all.is_empty(),
                "{}: {} claims; only indexed: {only_indexed:?}; only exhaustive: {only_all:?}",
                input.display(),
                i.len()
            );
        }
    }
}
