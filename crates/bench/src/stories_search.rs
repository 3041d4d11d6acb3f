//! `crosscheck-bench stories --model M`, its search part: the set's 31
//! queries (`SOURCES.md`, in seven languages, as the pages were found) run
//! with `crosscheck search` over an archive of the 96 pages (and of any
//! unrelated pages given with `--distractors`), by words alone and with
//! the sentence encoder. A hit is right when its page is of the query's
//! event; of the right ones, how many are in another language than the
//! query says what meaning adds.

use anyhow::{bail, Context, Result};
use crosscheck_store::Store;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One query of `SOURCES.md`: its event ("e1"), language and text.
struct Query {
    event: String,
    language: String,
    text: String,
}

/// The rows `| E1-Q1 | en | `text` | … |` of `SOURCES.md`.
fn queries(sources: &Path) -> Result<Vec<Query>> {
    let raw = std::fs::read_to_string(sources)
        .with_context(|| format!("reading {}", sources.display()))?;
    let mut out = Vec::new();
    for line in raw.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(id), Some(lang), Some(text)) = (cells.get(1), cells.get(2), cells.get(3)) else {
            continue;
        };
        let Some((event, _)) = id.split_once("-Q") else {
            continue;
        };
        let Some(text) = text.strip_prefix('`').and_then(|t| t.strip_suffix('`')) else {
            continue;
        };
        out.push(Query {
            event: event.to_lowercase(),
            language: lang.split_whitespace().next().unwrap_or("").to_string(),
            text: text.to_string(),
        });
    }
    if out.is_empty() {
        bail!("{}: no queries found", sources.display());
    }
    Ok(out)
}

/// Hits counted over all queries.
#[derive(Default)]
struct Tally {
    right: usize,
    wrong: usize,
    other_language: usize,
    found: usize,
    wanted: usize,
}

/// Ingests the pages (and distractors) with the model, then runs every
/// query without and with it; gives the key=value figures.
pub fn run(
    dir: &Path,
    pages: &Path,
    distractors: &[PathBuf],
    model: &Path,
    out: &Path,
) -> Result<String> {
    let exe = std::env::current_exe()?.with_file_name("crosscheck");
    let db = out.join("search.db");
    for p in [
        db.clone(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
    let _ = std::fs::remove_dir_all(out.join("search.db.index"));
    let status = Command::new(&exe)
        .args(["ingest", "--db"])
        .arg(&db)
        .arg("--model")
        .arg(model)
        .arg(pages)
        .args(distractors)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .with_context(|| format!("running {}", exe.display()))?;
    if !status.success() {
        bail!("crosscheck ingest failed");
    }
    let label = crate::stories::gold_labels(&dir.join("gold.json"))?;
    let store = crosscheck_store::Sqlite::open(&db)?;
    let file_of: HashMap<i64, String> = store
        .articles_after(0, usize::MAX >> 1)?
        .into_iter()
        .map(|s| {
            let file = s
                .article
                .source
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            (s.id, file)
        })
        .collect();
    let queries = queries(&dir.join("SOURCES.md"))?;
    let mut line = Vec::new();
    for (name, with) in [("words", None), ("meaning", Some(model))] {
        let mut t = Tally::default();
        for q in &queries {
            let mut cmd = Command::new(&exe);
            cmd.args(["search", "--format", "json", "--limit", "20", "--db"])
                .arg(&db);
            match with {
                Some(m) => cmd.arg("--model").arg(m),
                None => cmd.arg("--no-model"),
            };
            let res = cmd
                .arg(&q.text)
                .output()
                .context("running crosscheck search")?;
            let mut found = HashSet::new();
            for hit in String::from_utf8_lossy(&res.stdout).lines() {
                let v: serde_json::Value = serde_json::from_str(hit)?;
                let file = v["id"].as_i64().and_then(|id| file_of.get(&id));
                match file.and_then(|f| label.get(f)) {
                    Some((event, language)) if *event == q.event => {
                        t.right += 1;
                        t.other_language += usize::from(*language != q.language);
                        found.insert(file);
                    }
                    _ => t.wrong += 1,
                }
            }
            t.found += found.len();
            t.wanted += label.values().filter(|(e, _)| *e == q.event).count();
        }
        let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        println!(
            "search by {name:<8} {} queries: {} hits of the query's event ({} in another language), {} of another; pages of the event found {} of {}",
            queries.len(), t.right, t.other_language, t.wrong, t.found, t.wanted
        );
        let mut kv = BTreeMap::new();
        kv.insert(
            "precision",
            format!("{:.3}", share(t.right, t.right + t.wrong)),
        );
        kv.insert("recall", format!("{:.3}", share(t.found, t.wanted)));
        kv.insert("other_language_hits", t.other_language.to_string());
        line.extend(kv.iter().map(|(k, v)| format!("search_{name}_{k}={v}")));
    }
    Ok(line.join(" "))
}
