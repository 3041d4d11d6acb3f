//! The SentencePiece unigram tokenizer of the model, in Rust.
//!
//! Reads the `sp.model` protobuf (its pieces with their scores, and the
//! normalizer's precompiled character map); normalises text as
//! SentencePiece's `nmt_nfkc` normalizer does (the longest match in a
//! darts-clone double-array trie, then whitespace folded to U+2581 with a
//! leading one); cuts it into pieces by the Viterbi path over the unigram
//! lattice. Written by hand because the kept crates either wrap the C++
//! library (which the encoder must not need at run time) or normalise by
//! grapheme rather than by SentencePiece's byte-wise longest prefix, which
//! gives other pieces on some inputs; the tests compare ids with the
//! reference implementation's.

use crate::EmbedError;
use std::collections::HashMap;

pub const UNK: u32 = 0;
pub const BOS: u32 = 1;
pub const EOS: u32 = 2;

#[derive(Clone, PartialEq, prost::Message)]
struct ModelProto {
    #[prost(message, repeated, tag = "1")]
    pieces: Vec<Piece>,
    #[prost(message, optional, tag = "3")]
    normalizer: Option<NormalizerSpec>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Piece {
    #[prost(string, optional, tag = "1")]
    piece: Option<String>,
    #[prost(float, optional, tag = "2")]
    score: Option<f32>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct NormalizerSpec {
    #[prost(bytes = "vec", optional, tag = "2")]
    precompiled_charsmap: Option<Vec<u8>>,
}

/// The model's tokenizer.
pub struct Tokenizer {
    scores: Vec<f32>,
    /// Every piece and every prefix of a piece: `Some(id)` for a piece,
    /// `None` for a prefix that only keeps the walk going.
    prefixes: HashMap<String, Option<u32>>,
    max_chars: usize,
    unk_score: f32,
    normalizer: Normalizer,
}

impl Tokenizer {
    pub fn from_bytes(bytes: &[u8]) -> Result<Tokenizer, EmbedError> {
        let proto: ModelProto = prost::Message::decode(bytes)
            .map_err(|e| EmbedError::Corrupt(format!("sp.model: {e}")))?;
        if proto.pieces.len() < 3 {
            return Err(EmbedError::Corrupt("sp.model has no pieces".into()));
        }
        let mut prefixes: HashMap<String, Option<u32>> = HashMap::new();
        let mut scores = Vec::with_capacity(proto.pieces.len());
        let mut max_chars = 1;
        for (id, p) in proto.pieces.iter().enumerate() {
            let piece = p.piece.clone().unwrap_or_default();
            scores.push(p.score.unwrap_or(0.0));
            let chars: Vec<(usize, char)> = piece.char_indices().collect();
            max_chars = max_chars.max(chars.len());
            for &(at, _) in chars.iter().skip(1) {
                prefixes.entry(piece[..at].to_string()).or_insert(None);
            }
            prefixes.insert(piece, Some(id as u32));
        }
        let unk_score = scores.iter().copied().fold(f32::INFINITY, f32::min) - 10.0;
        let charsmap = proto
            .normalizer
            .and_then(|n| n.precompiled_charsmap)
            .unwrap_or_default();
        Ok(Tokenizer {
            scores,
            prefixes,
            max_chars,
            unk_score,
            normalizer: Normalizer::new(charsmap)?,
        })
    }

    /// Piece ids of a text, between BOS and EOS.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let mut ids = vec![BOS];
        if normalized.is_empty() {
            ids.push(UNK);
        } else {
            ids.extend(self.viterbi(&normalized));
        }
        ids.push(EOS);
        ids
    }

    /// The best path through the lattice of pieces. Every node starting at
    /// a position shares that position's best predecessor, so a left to
    /// right pass over positions finds it; ties keep the earlier node, as
    /// SentencePiece does; a character no piece starts with is one unknown.
    fn viterbi(&self, text: &str) -> Vec<u32> {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let n = bounds.len() - 1;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; n + 1];
        let mut piece_of = vec![UNK; n + 1];
        for i in 0..n {
            let base = best[i];
            let mut single = false;
            for j in i + 1..=n.min(i + self.max_chars) {
                let Some(entry) = self.prefixes.get(&text[bounds[i]..bounds[j]]) else {
                    break;
                };
                if let Some(id) = *entry {
                    let score = base + self.scores[id as usize];
                    if score > best[j] {
                        best[j] = score;
                        start_of[j] = i;
                        piece_of[j] = id;
                    }
                    single |= j == i + 1;
                }
            }
            if !single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK;
                }
            }
        }
        let mut ids = Vec::new();
        let mut p = n;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        ids.reverse();
        ids
    }
}

/// SentencePiece's normalizer over a precompiled character map: a
/// darts-clone double array (units of 32 bits) and the replacement strings
/// it points into, each ended by a zero byte.
struct Normalizer {
    units: Vec<u32>,
    replacements: Vec<u8>,
}

const SPACE: &str = "\u{2581}";

impl Normalizer {
    fn new(charsmap: Vec<u8>) -> Result<Normalizer, EmbedError> {
        if charsmap.is_empty() {
            return Ok(Normalizer {
                units: Vec::new(),
                replacements: Vec::new(),
            });
        }
        let bad = || EmbedError::Corrupt("sp.model: the character map is cut short".into());
        let size = u32::from_le_bytes(
            charsmap
                .get(..4)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?,
        ) as usize;
        let trie = charsmap.get(4..4 + size).ok_or_else(bad)?;
        let units = trie
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Normalizer {
            units,
            replacements: charsmap[4 + size..].to_vec(),
        })
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// The normalised form of the longest match at the start of `data`, and
    /// how many bytes it consumed; a character without a match is itself.
    fn prefix<'a>(&'a self, data: &'a [u8]) -> (&'a [u8], usize) {
        let mut best: Option<(usize, usize)> = None;
        if let Some(&root) = self.units.first() {
            let mut node = Self::offset(root);
            for (i, &c) in data.iter().enumerate() {
                node ^= c as usize;
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if unit & 0x8000_00FF != c as u32 {
                    break;
                }
                node ^= Self::offset(unit);
                if unit & 0x100 != 0 {
                    let value = self
                        .units
                        .get(node)
                        .map_or(usize::MAX, |v| (v & 0x7FFF_FFFF) as usize);
                    best = Some((i + 1, value));
                }
            }
        }
        if let Some((len, value)) = best.filter(|&(_, v)| v < self.replacements.len()) {
            let rest = &self.replacements[value..];
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            return (&rest[..end], len);
        }
        let len = utf8_len(data);
        (&data[..len], len)
    }

    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let mut pos = 0;
        // Leading whitespace goes.
        while pos < raw.len() {
            let (p, used) = self.prefix(&raw[pos..]);
            if p != b" " {
                break;
            }
            pos += used;
        }
        if pos >= raw.len() {
            return String::new();
        }
        let mut out: Vec<u8> = SPACE.as_bytes().to_vec();
        let mut prev_space = true;
        while pos < raw.len() {
            let (mut p, used) = self.prefix(&raw[pos..]);
            pos += used;
            if prev_space {
                while let Some(rest) = p.strip_prefix(b" ") {
                    p = rest;
                }
            }
            if p.is_empty() {
                continue;
            }
            for &b in p {
                if b == b' ' {
                    out.extend_from_slice(SPACE.as_bytes());
                } else {
                    out.push(b);
                }
            }
            prev_space = p.last() == Some(&b' ');
        }
        while out.ends_with(SPACE.as_bytes()) {
            out.truncate(out.len() - SPACE.len());
        }
        // Replacements are whole UTF-8 strings and cut points fall between
        // characters, so this never loses anything; lossy only as a guard.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Length of the UTF-8 character at the start of `data` (1 for a stray
/// byte, so a broken sequence is passed through byte by byte).
fn utf8_len(data: &[u8]) -> usize {
    let first = data[0];
    let len = match first {
        0x00..=0x7F => 1,
        _ if first >> 5 == 0x6 => 2,
        _ if first >> 4 == 0xE => 3,
        _ if first >> 3 == 0x1E => 4,
        _ => 1,
    };
    if len > data.len() || data[1..len].iter().any(|&b| b & 0xC0 != 0x80) {
        1
    } else {
        len
    }
}
