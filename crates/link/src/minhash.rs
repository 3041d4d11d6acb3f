//! MinHash signatures of word 5-shingles, and LSH band keys over them, for
//! finding copies of a text among many without comparing every pair.
//!
//! Written here rather than taken from a crate: the archive stores the
//! signatures and rebuilds its [`LshIndex`] of recent articles from them
//! when it resumes, and needs the shingle count beside the signature to
//! estimate containment, which the MinHash crates we looked at do not
//! expose. The arithmetic is thirty lines.
//!
//! With [`BANDS`] bands of [`ROWS`] rows, two texts become candidates with
//! probability `1 - (1 - J^3)^40`: 0.995 at Jaccard 0.5, 0.93 at 0.4, 0.04
//! at 0.1. Candidates are then kept only if their estimated containment
//! reaches [`crate::COPY_THRESHOLD`].

use crosscheck_analyze::words::tokens;
use xxhash_rust::xxh3::xxh3_64;

/// Hash functions in a signature.
pub const HASHES: usize = 120;
/// Bands of the LSH index.
pub const BANDS: usize = 40;
/// Rows (hash values) per band.
pub const ROWS: usize = HASHES / BANDS;

/// A MinHash signature, with the number of distinct shingles it summarises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: Vec<u32>,
    pub shingles: u32,
}

/// Fixed multipliers and offsets of the hash family: odd 64-bit constants
/// from a SplitMix64 stream, so that signatures are stable across runs,
/// machines and versions (they are stored).
fn family() -> &'static [(u64, u64); HASHES] {
    static F: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let mut state: u64 = 0x6372_6f73_7363_6863; // "crosschc"
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut out = [(0u64, 0u64); HASHES];
        for slot in out.iter_mut() {
            *slot = (next() | 1, next());
        }
        out
    })
}

/// Hashes of the text's word 5-shingles (lower-cased words), deduplicated.
pub fn shingle_hashes(text: &str) -> Vec<u64> {
    let mut buf = String::new();
    let words: Vec<u64> = tokens(text)
        .into_iter()
        .map(|(a, b)| {
            buf.clear();
            for c in text[a..b].chars() {
                buf.extend(c.to_lowercase());
            }
            xxh3_64(buf.as_bytes())
        })
        .collect();
    let mut out: Vec<u64> = if words.len() < 5 {
        // A very short text is one shingle of all its words.
        if words.is_empty() {
            Vec::new()
        } else {
            vec![words.iter().fold(0u64, |h, w| h.rotate_left(13) ^ w)]
        }
    } else {
        words
            .windows(5)
            .map(|w| {
                w.iter()
                    .fold(0u64, |h, x| h.rotate_left(13).wrapping_mul(31) ^ x)
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The signature of a text.
pub fn signature(text: &str) -> Signature {
    let sh = shingle_hashes(text);
    let mut mins = vec![u32::MAX; HASHES];
    for &x in &sh {
        for (m, &(a, b)) in mins.iter_mut().zip(family().iter()) {
            let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            if h < *m {
                *m = h;
            }
        }
    }
    Signature {
        mins,
        shingles: sh.len() as u32,
    }
}

impl Signature {
    /// One key per band; equal keys in the same band make a candidate pair.
    /// The band number is part of the key, so all bands share one table.
    pub fn band_keys(&self) -> Vec<i64> {
        if self.shingles == 0 {
            return Vec::new();
        }
        self.mins
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(4 + 4 * ROWS);
                bytes.extend_from_slice(&(band as u32).to_le_bytes());
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64(&bytes) as i64
            })
            .collect()
    }

    /// Estimated Jaccard similarity: the share of equal minimums.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        if self.shingles == 0 || other.shingles == 0 {
            return 0.0;
        }
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / HASHES as f64
    }

    /// Estimated share of the smaller text's shingles found in the other:
    /// an edited copy that drops paragraphs is still a copy.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (self.shingles as f64, other.shingles as f64);
        let small = a.min(b);
        if small == 0.0 {
            return 0.0;
        }
        // |A∩B| = J/(1+J)·(|A|+|B|)
        (j / (1.0 + j) * (a + b) / small).min(1.0)
    }

    /// Bytes for storage: the shingle count, then each minimum, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 4 * self.mins.len());
        out.extend_from_slice(&self.shingles.to_le_bytes());
        for m in &self.mins {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    /// Reads what [`Signature::to_bytes`] wrote; `None` if it is malformed.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != 4 + 4 * HASHES {
            return None;
        }
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        Some(Signature {
            shingles: word(0),
            mins: (0..HASHES).map(|k| word(4 + 4 * k)).collect(),
        })
    }
}

/// An article in the LSH index.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub id: i64,
    pub signature: Signature,
    pub day: i64,
    /// Its story, and its copy group's first article.
    pub story: u64,
    pub group: i64,
}

/// Band keys of the articles published within `window_days` of the latest,
/// in memory: syndicated copies follow their original within days, and an
/// index bounded by a window keeps memory flat however large the archive
/// grows (a database table of band keys made every insert a random write).
pub struct LshIndex {
    window_days: i64,
    articles: std::collections::HashMap<i64, Indexed>,
    buckets: std::collections::HashMap<i64, Vec<i64>>,
    by_day: std::collections::BTreeMap<i64, Vec<i64>>,
    latest: i64,
}

impl LshIndex {
    pub fn new(window_days: i64) -> Self {
        LshIndex {
            window_days,
            articles: Default::default(),
            buckets: Default::default(),
            by_day: Default::default(),
            latest: i64::MIN,
        }
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// The latest publication day seen.
    pub fn latest(&self) -> Option<i64> {
        (self.latest != i64::MIN).then_some(self.latest)
    }

    /// The first day still held, given the latest seen.
    pub fn horizon(&self) -> i64 {
        self.latest.saturating_sub(self.window_days)
    }

    pub fn insert(&mut self, a: Indexed) {
        for k in a.signature.band_keys() {
            self.buckets.entry(k).or_default().push(a.id);
        }
        self.by_day.entry(a.day).or_default().push(a.id);
        if a.day > self.latest {
            self.latest = a.day;
            self.evict();
        }
        self.articles.insert(a.id, a);
    }

    fn evict(&mut self) {
        let horizon = self.horizon();
        while let Some((&day, _)) = self.by_day.first_key_value() {
            if day >= horizon {
                break;
            }
            let Some((_, ids)) = self.by_day.pop_first() else {
                break;
            };
            for id in ids {
                let Some(a) = self.articles.remove(&id) else {
                    continue;
                };
                for k in a.signature.band_keys() {
                    if let Some(list) = self.buckets.get_mut(&k) {
                        list.retain(|&x| x != id);
                        if list.is_empty() {
                            self.buckets.remove(&k);
                        }
                    }
                }
            }
        }
    }

    /// The indexed article that best contains `sig` (or is contained by
    /// it), if its estimated containment reaches `threshold`.
    pub fn best(&self, sig: &Signature, threshold: f64) -> Option<(f64, &Indexed)> {
        let mut ids: Vec<i64> = sig
            .band_keys()
            .iter()
            .filter_map(|k| self.buckets.get(k))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| self.articles.get(&id))
            .map(|a| (sig.containment(&a.signature), a))
            .filter(|(c, _)| *c >= threshold)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.id.cmp(&a.1.id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The ferry ran aground near the island on Sunday night, forcing the evacuation of everyone on board. The vessel was carrying 212 passengers and 14 crew members when it struck rocks in heavy fog. Three people were taken to hospital with minor injuries, officials said. The operator said an investigation had begun and that the ship's captain had been questioned by police. Divers inspected the hull on Monday morning and found a long gash below the waterline.";

    #[test]
    fn an_edited_copy_is_close_and_another_text_is_not() {
        let copy = WIRE
            .replace("vessel", "ship")
            .replace("officials said", "police said")
            .replace("Monday morning", "Monday");
        let other = "The city council approved a budget of 48 million kroner for new bike lanes by a vote of 31 to 12, after a long debate about parking on the harbour front and the cost of snow clearing in winter.";
        let (a, b, c) = (signature(WIRE), signature(&copy), signature(other));
        assert!(a.containment(&b) > 0.6, "{}", a.containment(&b));
        assert!(a.containment(&c) < 0.1, "{}", a.containment(&c));
        let shared = a
            .band_keys()
            .iter()
            .filter(|k| b.band_keys().contains(k))
            .count();
        assert!(shared > 0);
        assert!(!a.band_keys().iter().any(|k| c.band_keys().contains(k)));
    }

    #[test]
    fn a_truncated_copy_is_contained() {
        let half = &WIRE[..WIRE.len() / 2];
        let (a, b) = (signature(WIRE), signature(half));
        assert!(a.containment(&b) >= 0.5, "{}", a.containment(&b));
    }

    #[test]
    fn the_index_finds_copies_and_forgets_old_articles() {
        let copy = WIRE.replace("vessel", "ship");
        let mut idx = LshIndex::new(7);
        let entry = |id, day| Indexed {
            id,
            signature: signature(WIRE),
            day,
            story: 1,
            group: id,
        };
        idx.insert(entry(1, 100));
        let (c, found) = idx.best(&signature(&copy), 0.5).unwrap();
        assert_eq!(found.id, 1);
        assert!(c > 0.6);
        assert!(idx
            .best(
                &signature(
                    "Unrelated words about a council budget and bike lanes in the harbour town."
                ),
                0.5
            )
            .is_none());
        idx.insert(Indexed {
            id: 2,
            signature: signature(
                "Other text entirely, about weather and trains and a long delayed bridge repair.",
            ),
            day: 120,
            story: 2,
            group: 2,
        });
        assert_eq!(idx.len(), 1, "the article from day 100 left the window");
        assert!(idx.best(&signature(&copy), 0.5).is_none());
    }

    #[test]
    fn signatures_round_trip_and_are_stable() {
        let s = signature(WIRE);
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s.clone()));
        assert_eq!(signature(WIRE), s);
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
        assert!(signature("").band_keys().is_empty());
    }
}
