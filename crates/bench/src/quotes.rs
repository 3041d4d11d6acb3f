//! `crosscheck-bench quotes`: direct quotes and their speakers on PolNeAR,
//! plus the speed of the whole analyze stage on the same articles.

use crate::common::{char_offsets, field, python};
use anyhow::{Context, Result};
use crosscheck_analyze::{mentions, quotes, sentences};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Split to score: dev for tuning, test for final figures.
    #[arg(long, default_value = "test")]
    split: String,
    /// Scorer subset: direct, quoted or all.
    #[arg(long, default_value = "direct")]
    subset: String,
    #[arg(long, default_value = "target/bench")]
    out: std::path::PathBuf,
}

pub fn run(dir: &Path, args: Args) -> Result<()> {
    let qdir = dir.join("quotes");
    let docs = python(&qdir, "to_jsonl.py", &["--split", &args.split])?;
    std::fs::create_dir_all(&args.out)?;
    let pred_path = std::fs::canonicalize(&args.out)?.join(format!("quotes-{}.jsonl", args.split));
    let mut out = std::fs::File::create(&pred_path)?;
    let mut articles = Vec::new();
    for line in docs.lines() {
        let v: serde_json::Value = serde_json::from_str(line).context("reading to_jsonl output")?;
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let date = v["publication_date"].as_str().map(str::to_string);
        articles.push((id, text, date));
    }
    for (id, text, _) in &articles {
        let sents = sentences::split(text);
        let ments = mentions::find(text, &sents);
        let idx = char_offsets(text);
        let qs: Vec<serde_json::Value> = quotes::find(text, &sents, &ments)
            .into_iter()
            .map(|q| {
                let mut rec = serde_json::json!({"start": idx.char_at(q.range.start), "end": idx.char_at(q.range.end)});
                // PolNeAR marks the mention at the quote ("he"), so the span
                // is scored; the resolved name is the product's answer.
                if let Some(sp) = &q.speaker_span {
                    rec["speaker_start"] = idx.char_at(sp.start).into();
                    rec["speaker_end"] = idx.char_at(sp.end).into();
                } else if let Some(s) = q.speaker {
                    rec["speaker"] = serde_json::Value::String(s);
                }
                rec
            })
            .collect();
        writeln!(out, "{}", serde_json::json!({"id": id, "quotes": qs}))?;
    }
    drop(out);
    // Speed of the whole analyze stage (every analyser, not only quotes).
    let t = Instant::now();
    let mut chars = 0usize;
    for (id, text, date) in &articles {
        let a = crosscheck_model::Article {
            id: id.clone(),
            text: text.clone(),
            published: date.clone(),
            ..Default::default()
        };
        chars += crosscheck_analyze::analyze(&a).sentences.len();
    }
    let secs = t.elapsed().as_secs_f64();
    let report = python(
        &qdir,
        "score.py",
        &[
            pred_path.to_str().unwrap_or_default(),
            "--split",
            &args.split,
            "--subset",
            &args.subset,
        ],
    )?;
    let last = report.trim().lines().last().unwrap_or("").to_string();
    println!(
        "{:<12} {:>10} {:>9} {:>11} {:>7}",
        "system", "overlap F1", "exact F1", "speaker acc", "e2e F1"
    );
    println!(
        "{:<12} {:>10.4} {:>9.4} {:>11.4} {:>7.4}",
        "crosscheck",
        field(&last, "f1"),
        field(&last, "exact_f1"),
        field(&last, "speaker_acc"),
        field(&last, "e2e_f1")
    );
    println!(
        "split {} / {}: {} articles; analyze: {:.0} articles/s ({} sentences)",
        args.split,
        args.subset,
        articles.len(),
        articles.len() as f64 / secs,
        chars
    );
    println!(
        "{last} analyze_articles_per_s={:.0}",
        articles.len() as f64 / secs
    );
    Ok(())
}
