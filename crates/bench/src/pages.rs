//! `crosscheck-bench pages`: what `analyze` makes of real scraped pages,
//! read the way a fact-checker would check it, on `bench/stories` (96 page
//! excerpts of 6 events, saved as web tools save them; texts built locally
//! as its README says).
//!
//! Counts, against `gold.json`: pages with a publisher (and where it came
//! from), pages with a date and whether it is the day the gold gives, pages
//! with a wire or agency credit; per story, its conflicting and
//! corroborated claims; and prints every conflict with its sides, so each
//! can be read and called right or wrong. The last line is key=value.

use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The folder of page texts built as bench/stories/README.md says (it
    /// holds `pages/e1-01.txt` …).
    pages: PathBuf,
    /// Where the report is written.
    #[arg(long, default_value = "target/bench/pages")]
    out: PathBuf,
}

/// Cues of an attribution that credit another outlet or an agency.
const CREDITS: &[&str] = &[
    "wire_dateline",
    "credit",
    "cited_by",
    "reported",
    "according_to",
];

pub fn run(bench: &Path, a: Args) -> Result<()> {
    let dir = bench.join("stories");
    std::fs::create_dir_all(&a.out)?;
    let report = a.out.join("report.json");
    crate::stories::analyze(&a.pages.join("pages"), None, &report)?;
    let doc: Value = serde_json::from_slice(
        &std::fs::read(&report).with_context(|| format!("reading {}", report.display()))?,
    )?;
    let gold: Vec<Value> = serde_json::from_slice(&std::fs::read(dir.join("gold.json"))?)?;
    let gold: BTreeMap<String, &Value> = gold
        .iter()
        .filter_map(|g| Some((file_name(g["file"].as_str()?), g)))
        .collect();
    let articles = doc["articles"].as_array().cloned().unwrap_or_default();
    let mut n = Counts::default();
    let mut publisher_from: BTreeMap<String, usize> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for art in &articles {
        let file = file_name(art["source"].as_str().unwrap_or(""));
        names.insert(art["id"].as_str().unwrap_or("").to_string(), file.clone());
        n.pages += 1;
        if art["publisher"].is_string() {
            n.publisher += 1;
            let from = art["publisher_from"].as_str().unwrap_or("?").to_string();
            *publisher_from.entry(from).or_default() += 1;
        }
        let stated = art["published"].as_str().map(|p| p.get(..10).unwrap_or(p));
        let wanted = gold.get(&file).and_then(|g| g["date"].as_str());
        if wanted.is_some() {
            n.gold_dated += 1;
        }
        match (stated, wanted) {
            (Some(s), Some(w)) if s == w => n.date_exact += 1,
            (Some(s), Some(w)) => {
                n.date_wrong += 1;
                println!("date: {file}: {s}, gold {w}");
            }
            (Some(_), None) => n.date_extra += 1,
            (None, Some(w)) => println!("date: {file}: none, gold {w}"),
            (None, None) => {}
        }
        let credits = art["attributions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|x| CREDITS.contains(&x["cue"].as_str().unwrap_or("")))
            .count();
        n.credited += usize::from(credits > 0);
    }
    println!();
    for story in doc["stories"].as_array().into_iter().flatten() {
        n.stories += 1;
        let claims = story["claims"].as_array().cloned().unwrap_or_default();
        let status = |s: &str| claims.iter().filter(|c| c["status"] == s).count();
        let (conflicting, corroborated) = (status("conflicting"), status("corroborated"));
        n.conflicting += conflicting;
        n.corroborated += corroborated;
        if conflicting + corroborated == 0 {
            continue;
        }
        let members: Vec<&str> = story["articles"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().or_else(|| a["id"].as_str()))
            .filter_map(|id| names.get(id).map(String::as_str))
            .collect();
        println!(
            "{}: {} pages ({}), {conflicting} conflicting, {corroborated} corroborated",
            story["id"].as_str().unwrap_or("?"),
            members.len(),
            members.join(" ")
        );
        for c in claims.iter().filter(|c| c["status"] == "conflicting") {
            println!("  conflict: {}", c["summary"].as_str().unwrap_or(""));
            for e in c["evidence"].as_array().into_iter().flatten() {
                let who = names
                    .get(e["article"].as_str().unwrap_or(""))
                    .map_or("?", String::as_str);
                println!("    [{who}] {}", e["text"].as_str().unwrap_or(""));
            }
        }
    }
    let from: Vec<String> = publisher_from
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!("\npublishers by source: {}", from.join(", "));
    println!(
        "pages={} publishers={} dates_exact={} dates_wrong={} gold_dated={} dates_not_in_gold={} \
         pages_with_credits={} stories={} conflicting={} corroborated={}",
        n.pages,
        n.publisher,
        n.date_exact,
        n.date_wrong,
        n.gold_dated,
        n.date_extra,
        n.credited,
        n.stories,
        n.conflicting,
        n.corroborated
    );
    Ok(())
}

#[derive(Default)]
struct Counts {
    pages: usize,
    publisher: usize,
    gold_dated: usize,
    date_exact: usize,
    date_wrong: usize,
    date_extra: usize,
    credited: usize,
    stories: usize,
    conflicting: usize,
    corroborated: usize,
}

fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}
