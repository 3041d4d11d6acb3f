//! `crosscheck-bench extract`: body-extraction quality and speed against
//! trafilatura on the same pages, in the same run.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Timed passes over all pages (the best pass is reported).
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Skip trafilatura (no Python virtualenv is created).
    #[arg(long)]
    no_peer: bool,
    /// Where predictions, the virtualenv and logs go.
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
}

/// The Python side: times trafilatura's `extract` per page on decompressed
/// HTML, like ours, and writes its predictions. Written for this bench.
const PEER_SCRIPT: &str = r#"
import gzip, json, os, sys, time
import trafilatura
src, out = sys.argv[1], sys.argv[2]
pages = {}
for name in sorted(os.listdir(src)):
    if name.endswith('.html.gz'):
        with gzip.open(os.path.join(src, name), 'rt', encoding='utf-8', errors='replace') as f:
            pages[name[:-len('.html.gz')]] = f.read()
trafilatura.extract(next(iter(pages.values())), include_comments=False)
preds = {}
t = time.perf_counter()
for k, html in pages.items():
    preds[k] = trafilatura.extract(html, include_comments=False) or ''
elapsed = time.perf_counter() - t
json.dump(preds, open(out, 'w'))
print(f"pages={len(pages)} seconds={elapsed:.4f} version={trafilatura.__version__}")
"#;

struct Score {
    line: String,
    f1: f64,
    precision: f64,
    recall: f64,
}

fn score(dir: &Path, preds: &Path) -> Result<Score> {
    let out = Command::new("python3")
        .arg(dir.join("extraction/score.py"))
        .arg(preds)
        .arg("--gold")
        .arg(dir.join("extraction/ground-truth.json"))
        .output()
        .context("running python3 score.py")?;
    if !out.status.success() {
        bail!("score.py failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let line = String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    let get = |k: &str| -> f64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    Ok(Score {
        f1: get("f1"),
        precision: get("precision"),
        recall: get("recall"),
        line,
    })
}

fn load_pages(html_dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(html_dir)
        .with_context(|| format!("reading {}", html_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    names.sort();
    let mut pages = Vec::new();
    for p in names {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p)?)
            .read_to_end(&mut bytes)
            .with_context(|| format!("decompressing {}", p.display()))?;
        let id = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .trim_end_matches(".html.gz")
            .to_string();
        pages.push((id, bytes));
    }
    Ok(pages)
}

/// Runs trafilatura from a local virtualenv (created on first use from PyPI).
fn peer(dir: &Path, out: &Path) -> Result<(Score, f64, String)> {
    let venv = out.join("venv");
    let py = venv.join("bin/python");
    if !py.exists() {
        eprintln!("creating {} …", venv.display());
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()?
            .success();
        if !ok {
            bail!("python3 -m venv failed");
        }
    }
    let ready = Command::new(&py)
        .args(["-c", "import trafilatura"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ready {
        eprintln!(
            "installing trafilatura 2.3.1 from PyPI into {} …",
            venv.display()
        );
        // lxml 5.2+ moved lxml.html.clean, which trafilatura's jusText
        // fallback imports, into its own package.
        let ok = Command::new(&py)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "trafilatura==2.3.1",
                "lxml_html_clean",
            ])
            .status()?
            .success();
        if !ok {
            bail!("pip install trafilatura failed");
        }
    }
    let script = out.join("trafilatura_peer.py");
    std::fs::write(&script, PEER_SCRIPT)?;
    let preds = out.join("trafilatura.json");
    let o = Command::new(&py)
        .arg(&script)
        .arg(dir.join("extraction/html"))
        .arg(&preds)
        .output()?;
    if !o.status.success() {
        bail!(
            "trafilatura run failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let line = String::from_utf8_lossy(&o.stdout).to_string();
    let field = |k: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
            .unwrap_or("")
            .to_string()
    };
    let pages: f64 = field("pages").parse().unwrap_or(0.0);
    let secs: f64 = field("seconds").parse().unwrap_or(f64::NAN);
    Ok((score(dir, &preds)?, pages / secs, field("version")))
}

pub fn run(dir: &Path, args: Args) -> Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let pages = load_pages(&dir.join("extraction/html"))?;
    if pages.is_empty() {
        bail!("no pages in {}", dir.join("extraction/html").display());
    }
    let docs: Vec<(String, crosscheck_model::Document)> = pages
        .iter()
        .map(|(id, b)| {
            Ok((
                id.clone(),
                crosscheck_ingest::document_from_bytes(id.clone(), b)?,
            ))
        })
        .collect::<Result<_>>()?;
    let mut preds: BTreeMap<String, String> = BTreeMap::new();
    let mut best = f64::INFINITY;
    for _ in 0..args.rounds.max(1) {
        let t = Instant::now();
        for (id, doc) in &docs {
            let text = match crosscheck_extract::extract(doc) {
                Ok(a) => a.text,
                Err(_) => String::new(),
            };
            preds.insert(id.clone(), text);
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let empty = preds.values().filter(|t| t.is_empty()).count();
    let ours_path = args.out.join("crosscheck.json");
    std::fs::write(&ours_path, serde_json::to_string(&preds)?)?;
    let ours = score(dir, &ours_path)?;
    let ours_rate = docs.len() as f64 / best;

    let peer = if args.no_peer {
        None
    } else {
        Some(peer(dir, &args.out))
    };
    println!(
        "{:<24} {:>7} {:>9} {:>7} {:>9}",
        "extractor", "F1", "precision", "recall", "pages/s"
    );
    println!(
        "{:<24} {:>7.4} {:>9.4} {:>7.4} {:>9.1}",
        "crosscheck", ours.f1, ours.precision, ours.recall, ours_rate
    );
    let mut kv = format!(
        "f1={:.4} precision={:.4} recall={:.4} pages_per_s={:.1} empty={empty}",
        ours.f1, ours.precision, ours.recall, ours_rate
    );
    match peer {
        Some(Ok((s, rate, version))) => {
            println!(
                "{:<24} {:>7.4} {:>9.4} {:>7.4} {:>9.1}",
                format!("trafilatura {version}"),
                s.f1,
                s.precision,
                s.recall,
                rate
            );
            println!(
                "ratio (crosscheck pages/s ÷ trafilatura pages/s): {:.1}",
                ours_rate / rate
            );
            kv.push_str(&format!(
                " trafilatura_f1={:.4} trafilatura_pages_per_s={:.1} ratio={:.1}",
                s.f1,
                rate,
                ours_rate / rate
            ));
        }
        Some(Err(e)) => eprintln!("trafilatura not run: {e:#}"),
        None => {}
    }
    println!("scorer: {}", ours.line);
    println!("{kv}");
    Ok(())
}
