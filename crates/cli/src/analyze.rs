//! `crosscheck analyze`: the library's in-memory analysis
//! ([`crosscheck_archive::analyze`]), each story's report written in the
//! format asked for as soon as it is ready.

use crate::{color_enabled, Common, ReportFormat};
use crosscheck_archive::{ArchiveError, Clustering, IngestOptions};
use crosscheck_corroborate::pipeline::Outcome;
use crosscheck_corroborate::Candidates;
use crosscheck_ingest::Input;
use crosscheck_report::stream::{Json, JsonLines, StoryWriter, Text};
use crosscheck_report::Flavour;
use std::io::IsTerminal;
use std::process::ExitCode;

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

pub(crate) fn run(
    inputs: &[String],
    common: &Common,
    model: &crate::model::ModelArg,
) -> anyhow::Result<ExitCode> {
    let inputs: Vec<Input> = inputs.iter().map(|s| Input::parse(s)).collect();
    let opts = IngestOptions {
        max_bytes: common.max_bytes,
        encoder: model.load()?,
        ..IngestOptions::default()
    };
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut w: Option<Box<dyn StoryWriter>> = None;
    let mut stories = 0u64;
    let mut write = |o: Outcome| -> std::io::Result<()> {
        if w.is_none() {
            w = Some(writer(common)?);
        }
        stories += 1;
        bar.set_message(format!("{stories} stories reported"));
        bar.tick();
        match w.as_mut() {
            Some(w) => w.write(&o.articles, &o.analyses, &o.stories),
            None => Ok(()),
        }
    };
    let mut say = |m: &str| bar.suspend(|| eprintln!("crosscheck: {m}"));
    let result = crosscheck_archive::analyze(
        &inputs,
        &opts,
        Clustering::default(),
        Candidates::Indexed,
        &mut say,
        &mut write,
    )
    .and_then(|done| match w.as_mut() {
        Some(w) => w.finish().map(|_| done).map_err(ArchiveError::Output),
        None => Ok(done),
    });
    bar.finish_and_clear();
    let done = match result {
        // A closed pipe (`crosscheck analyze … | head`) is not an error.
        Err(ArchiveError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(ExitCode::SUCCESS)
        }
        Err(e) => return Err(e.into()),
        Ok(done) => done,
    };
    if done.analysed == 0 {
        eprintln!("crosscheck: no article could be read from the inputs");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
