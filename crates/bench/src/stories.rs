//! `crosscheck-bench stories`: story grouping across languages on
//! `bench/stories` (96 real page excerpts of 6 events in 13 languages).
//!
//! The page texts are not in the bench folder (the index they come from
//! asks that they not sit in a repository): its README says how to build
//! them once, outside every repository, and this command takes that folder.
//! Runs the `crosscheck` binary built beside this one, `analyze --format
//! json`, on the folder, as a user would; scores the report with the
//! bench's own `score.py`; and prints how the stories divide by event and
//! language, so a wrong merge can be read, not only counted.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(clap::Args)]
pub struct Args {
    /// The folder of page texts built as bench/stories/README.md says (it
    /// holds `pages/e1-01.txt` …).
    pages: PathBuf,
    /// Where the report is written.
    #[arg(long, default_value = "target/bench/stories/report.json")]
    out: PathBuf,
}

pub fn run(bench: &Path, a: Args) -> Result<()> {
    let dir = bench.join("stories");
    let pages = a.pages.join("pages");
    if !pages.is_dir() {
        bail!(
            "{}: no pages folder; build the texts as {} says",
            a.pages.display(),
            dir.join("README.md").display()
        );
    }
    if let Some(parent) = a.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let exe = std::env::current_exe()?.with_file_name("crosscheck");
    let report =
        std::fs::File::create(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let status = Command::new(&exe)
        .args(["analyze", "--format", "json"])
        .arg(&pages)
        .stdout(report)
        .status()
        .with_context(|| format!("running {}", exe.display()))?;
    if !status.success() {
        bail!("crosscheck analyze failed on {}", pages.display());
    }
    print_groups(&dir.join("gold.json"), &a.out)?;
    let out = Command::new("python3")
        .arg(dir.join("score.py"))
        .arg(&a.out)
        .arg("--gold")
        .arg(dir.join("gold.json"))
        .output()
        .context("running python3 score.py")?;
    if !out.status.success() {
        bail!("score.py failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    print!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}

/// Every story of two or more pages, as `event/language ×count`.
fn print_groups(gold: &Path, report: &Path) -> Result<()> {
    let gold: serde_json::Value = serde_json::from_slice(&std::fs::read(gold)?)?;
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(report)?)?;
    let label: BTreeMap<String, String> = gold
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| {
            let file = g["file"].as_str()?.rsplit('/').next()?.to_string();
            Some((
                file,
                format!("{}/{}", g["event"].as_str()?, g["language"].as_str()?),
            ))
        })
        .collect();
    let source: BTreeMap<&str, &str> = report["articles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| Some((a["id"].as_str()?, a["source"].as_str()?)))
        .collect();
    println!("stories of two or more pages (event/language ×pages):");
    for s in report["stories"].as_array().into_iter().flatten() {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for id in s["articles"].as_array().into_iter().flatten() {
            let file = id
                .as_str()
                .and_then(|i| source.get(i))
                .and_then(|p| p.rsplit('/').next());
            if let Some(l) = file.and_then(|f| label.get(f)) {
                *counts.entry(l).or_default() += 1;
            }
        }
        if counts.values().sum::<usize>() > 1 {
            let parts: Vec<String> = counts.iter().map(|(l, n)| format!("{l} ×{n}")).collect();
            println!(
                "  {}: {}",
                s["id"].as_str().unwrap_or("?"),
                parts.join(", ")
            );
        }
    }
    Ok(())
}
