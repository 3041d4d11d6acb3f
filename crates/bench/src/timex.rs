//! `crosscheck-bench timex`: time expressions on TempEval-3 platinum,
//! normalised against each document's creation date.

use crate::common::{char_offsets, field, python};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use crosscheck_analyze::{sentences, timex, Anchor};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Where predictions go.
    #[arg(long, default_value = "target/bench")]
    out: std::path::PathBuf,
}

pub fn run(dir: &Path, args: Args) -> Result<()> {
    let tdir = dir.join("timex");
    let docs = python(&tdir, "to_jsonl.py", &["te3-platinum"])?;
    std::fs::create_dir_all(&args.out)?;
    let pred_path = std::fs::canonicalize(&args.out)?.join("timex.jsonl");
    let mut out = std::fs::File::create(&pred_path)?;
    let t = Instant::now();
    let mut n_docs = 0;
    let mut n_pred = 0;
    for line in docs.lines() {
        let v: serde_json::Value = serde_json::from_str(line).context("reading to_jsonl output")?;
        let (Some(doc), Some(text), Some(dct)) =
            (v["doc"].as_str(), v["text"].as_str(), v["dct"].as_str())
        else {
            continue;
        };
        let anchor = NaiveDate::parse_from_str(dct.get(..10).unwrap_or(dct), "%Y-%m-%d")
            .ok()
            .map(|d| Anchor { from: d, to: d });
        let sents = sentences::split(text);
        let idx = char_offsets(text);
        for f in timex::find(text, &sents, anchor) {
            let Some(value) = timex::timex3_of(&f) else {
                continue;
            };
            let rec = serde_json::json!({
                "doc": doc,
                "start": idx.char_at(f.range.start),
                "end": idx.char_at(f.range.end),
                "value": value,
            });
            writeln!(out, "{rec}")?;
            n_pred += 1;
        }
        n_docs += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    drop(out);
    let report = python(&tdir, "score.py", &[pred_path.to_str().unwrap_or_default()])?;
    let last = report.trim().lines().last().unwrap_or("").to_string();
    println!(
        "{:<12} {:>8} {:>8} {:>10} {:>9}",
        "system", "value F1", "strict F1", "relaxed F1", "value acc"
    );
    println!(
        "{:<12} {:>8.4} {:>8.4} {:>10.4} {:>9.4}",
        "crosscheck",
        field(&last, "f1"),
        field(&last, "strict_f1"),
        field(&last, "relaxed_f1"),
        field(&last, "value_acc")
    );
    println!(
        "{:<12} {:>8.4} {:>8.4} {:>10.4}",
        "HeidelTime", 0.7761, 0.8134, 0.9030
    );
    println!(
        "documents: {n_docs}, expressions predicted: {n_pred}, {:.0} documents/s",
        n_docs as f64 / secs
    );
    println!("{last}");
    Ok(())
}
