//! `analyze` over any number of inputs, in memory: the archive's pipeline
//! (parallel reading and analysis, the same linker, the same batches)
//! without a database, each story reported as soon as nothing more can
//! join it.

use crate::{stream, ArchiveError, Clustering, IngestOptions, Result};
use crosscheck_corroborate::pipeline::{embed, Analysed, Outcome, Settled, Stories, BATCH};
use crosscheck_corroborate::Candidates;
use crosscheck_ingest::Input;
use crosscheck_model::Document;
use rayon::prelude::*;
use std::sync::atomic::AtomicBool;

/// What an analysis run did.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnalyzeReport {
    /// Documents read.
    pub read: u64,
    /// Articles analysed (repeats of an article read before are not).
    pub analysed: u64,
}

/// Extraction and analysis of one document, with the reader's warnings.
fn prepare(doc: &Document) -> std::result::Result<(Analysed, Vec<String>), String> {
    let article = crosscheck_extract::extract(doc).map_err(|e| e.to_string())?;
    let warnings = doc
        .warnings
        .iter()
        .map(|w| format!("{}: warning: {w}", doc.source))
        .collect();
    Ok((Analysed::new(article), warnings))
}

/// Makes the reports of settled stories in parallel (the largest first, so
/// that one big story does not start last) and hands them on in story
/// order.
fn report(
    settled: Vec<Settled>,
    write: &mut dyn FnMut(Outcome) -> std::io::Result<()>,
) -> Result<()> {
    let mut order: Vec<(usize, Settled)> = settled.into_iter().enumerate().collect();
    order.sort_by_key(|(i, s)| (std::cmp::Reverse(s.len()), *i));
    let mut made: Vec<(usize, Outcome)> = order
        .into_par_iter()
        .map(|(i, s)| (i, s.report()))
        .collect();
    made.sort_by_key(|(i, _)| *i);
    made.into_iter()
        .try_for_each(|(_, o)| write(o))
        .map_err(ArchiveError::Output)
}

/// Stories settled at the end are reported this many at a time, so that
/// reports waiting to be written stay few.
const FINAL_CHUNK: usize = 64;

/// Analyses every document the inputs hold: `say` hears about each input,
/// record or article that could not be used (named), `write` gets each
/// story's report, in the order stories settle. `opts.batch` is taken as
/// [`BATCH`], as `ingest` cuts its batches, so that both link alike.
pub fn analyze(
    inputs: &[Input],
    opts: &IngestOptions,
    clustering: Clustering,
    how: Candidates,
    say: &mut dyn FnMut(&str),
    write: &mut dyn FnMut(Outcome) -> std::io::Result<()>,
) -> Result<AnalyzeReport> {
    let opts = IngestOptions {
        batch: BATCH,
        ..opts.clone()
    };
    let mut stories = Stories::new(clustering, how);
    let mut done = AnalyzeReport::default();
    stream::run(
        inputs,
        &opts,
        None,
        &AtomicBool::new(false),
        |_, doc| prepare(doc),
        |results| {
            let ok = results
                .iter_mut()
                .filter_map(|r| r.as_mut().ok().map(|(a, _)| a));
            embed(ok, opts.encoder.as_deref());
        },
        |batch| {
            done.read += batch.read;
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
            let (settled, repeats) = stories.add(ready);
            repeats.iter().for_each(|m| say(m));
            report(settled, write)
        },
    )?;
    done.analysed = stories.numbered();
    let mut rest = stories.finish().into_iter().peekable();
    while rest.peek().is_some() {
        report(rest.by_ref().take(FINAL_CHUNK).collect(), write)?;
    }
    Ok(done)
}
