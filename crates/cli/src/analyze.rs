//! `crosscheck analyze`: documents read and analysed in parallel, linked
//! into stories as they arrive (the archive's linker, in memory), and each
//! story's report written as soon as nothing more can join it.

use crate::{color_enabled, Common, ReportFormat};
use crosscheck_archive::{stream, ArchiveError, Clustering, IngestOptions};
use crosscheck_corroborate::pipeline::{Analysed, Settled, Stories, BATCH};
use crosscheck_corroborate::Candidates;
use crosscheck_ingest::Input;
use crosscheck_model::Document;
use crosscheck_report::stream::{Json, JsonLines, StoryWriter, Text};
use crosscheck_report::Flavour;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

/// Extraction and analysis of one document, with the reader's warnings.
fn prepare(doc: &Document) -> Result<(Analysed, Vec<String>), String> {
    let article = crosscheck_extract::extract(doc).map_err(|e| e.to_string())?;
    let warnings = doc
        .warnings
        .iter()
        .map(|w| format!("{}: warning: {w}", doc.source))
        .collect();
    Ok((Analysed::new(article), warnings))
}

type Out = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// The writer for the format asked for, made when the first story is
/// ready (so that a run that reads nothing prints nothing).
fn writer(common: &Common) -> std::io::Result<Box<dyn StoryWriter>> {
    let out: Out = std::io::BufWriter::new(std::io::stdout().lock());
    Ok(match common.format {
        ReportFormat::Json => Box::new(Json::new(out)?),
        ReportFormat::Jsonl => Box::new(JsonLines { out }),
        ReportFormat::Markdown => Box::new(Text {
            out,
            flavour: Flavour::Markdown,
        }),
        ReportFormat::Terminal => Box::new(Text {
            out,
            flavour: Flavour::Terminal {
                color: color_enabled(common.color),
            },
        }),
    })
}

/// Makes the reports of settled stories, in parallel (the largest first,
/// so that one big story does not start last), and writes them in story
/// order, opening the writer first if need be.
fn emit(
    w: &mut Option<Box<dyn StoryWriter>>,
    common: &Common,
    settled: Vec<Settled>,
) -> std::io::Result<()> {
    let mut order: Vec<(usize, Settled)> = settled.into_iter().enumerate().collect();
    order.sort_by_key(|(i, s)| (std::cmp::Reverse(s.len()), *i));
    let mut made: Vec<(usize, _)> = order
        .into_par_iter()
        .map(|(i, s)| (i, s.report()))
        .collect();
    made.sort_by_key(|(i, _)| *i);
    for (_, o) in made {
        if w.is_none() {
            *w = Some(writer(common)?);
        }
        if let Some(w) = w.as_mut() {
            w.write(&o.articles, &o.analyses, &o.stories)?;
        }
    }
    Ok(())
}

pub(crate) fn run(inputs: &[String], common: &Common) -> anyhow::Result<ExitCode> {
    let inputs: Vec<Input> = inputs.iter().map(|s| Input::parse(s)).collect();
    let opts = IngestOptions {
        batch: BATCH,
        max_bytes: common.max_bytes,
        ..IngestOptions::default()
    };
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    let say = |m: &str| bar.suspend(|| eprintln!("crosscheck: {m}"));
    let mut stories = Stories::new(Clustering::default(), Candidates::Indexed);
    let mut w: Option<Box<dyn StoryWriter>> = None;
    let (mut read, mut analysed) = (0u64, 0u64);
    let result = stream::run(
        &inputs,
        &opts,
        None,
        &AtomicBool::new(false),
        |_, doc| prepare(doc),
        |batch| {
            read += batch.read;
            batch.errors.iter().for_each(|e| say(e));
            let mut ready = Vec::with_capacity(batch.results.len());
            for r in batch.results {
                match r {
                    Ok((a, warnings)) => {
                        warnings.iter().for_each(|m| say(m));
                        ready.push(a);
                    }
                    Err(e) => say(&e),
                }
            }
            analysed += ready.len() as u64;
            let (done, repeats) = stories.add(ready);
            repeats.iter().for_each(|m| say(m));
            bar.set_message(format!("{read} read, {analysed} analysed"));
            bar.tick();
            emit(&mut w, common, done).map_err(ArchiveError::Output)
        },
    )
    .and_then(|_| emit(&mut w, common, stories.finish()).map_err(ArchiveError::Output))
    .and_then(|_| match w.as_mut() {
        Some(w) => w.finish().map_err(ArchiveError::Output),
        None => Ok(()),
    });
    bar.finish_and_clear();
    match result {
        // A closed pipe (`crosscheck analyze … | head`) is not an error.
        Err(ArchiveError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e.into()),
        Ok(()) => {}
    }
    if analysed == 0 {
        eprintln!("crosscheck: no article could be read from the inputs");
        return Ok(ExitCode::from(1));
    }
    std::io::stdout().flush()?;
    Ok(ExitCode::SUCCESS)
}
