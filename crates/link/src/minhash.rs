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
        let mut bytes = [0u8; 4 + 4 * ROWS];
        self.mins
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                bytes[..4].copy_from_slice(&(band as u32).to_le_bytes());
                for (k, r) in rows.iter().enumerate() {
                    bytes[4 + 4 * k..8 + 4 * k].copy_from_slice(&r.to_le_bytes());
                }
                xxh3_64(&bytes[..4 + 4 * rows.len()]) as i64
            })
            .collect()
    }

    /// Estimated Jaccard similarity: the share of equal minimums.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        jaccard(&self.mins, self.shingles, &other.mins, other.shingles)
    }

    /// Estimated share of the smaller text's shingles found in the other:
    /// an edited copy that drops paragraphs is still a copy.
    pub fn containment(&self, other: &Signature) -> f64 {
        containment(&self.mins, self.shingles, &other.mins, other.shingles)
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

fn jaccard(a: &[u32], a_shingles: u32, b: &[u32], b_shingles: u32) -> f64 {
    if a_shingles == 0 || b_shingles == 0 {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / HASHES as f64
}

fn containment(a: &[u32], a_shingles: u32, b: &[u32], b_shingles: u32) -> f64 {
    let j = jaccard(a, a_shingles, b, b_shingles);
    let (x, y) = (a_shingles as f64, b_shingles as f64);
    let small = x.min(y);
    if small == 0.0 {
        return 0.0;
    }
    // |A∩B| = J/(1+J)·(|A|+|B|)
    (j / (1.0 + j) * (x + y) / small).min(1.0)
}

/// An article to put in the LSH index.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub id: i64,
    pub signature: Signature,
    pub day: i64,
    /// Its story, and its copy group's first article.
    pub story: u64,
    pub group: i64,
}

/// An article the LSH index found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub id: i64,
    pub day: i64,
    pub story: u64,
    pub group: i64,
}

/// Band keys not yet sorted into the main table, at most: a hash table
/// this small stays in cache, and merging it into the sorted table now and
/// then costs one pass over that table.
const FRESH_MAX: usize = 32768;

/// Top bits of a band key that [`LshIndex`]'s directory is indexed by.
const DIR_BITS: u32 = 16;

/// A band key as an unsigned number whose order is the signed key's.
fn order_key(k: i64) -> u64 {
    (k as u64) ^ (1 << 63)
}

/// Days since 1970 fit 32 bits for another five million years.
fn day_i32(day: i64) -> i32 {
    day.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// The articles of one publication day: everything in two flat arrays, not
/// one allocation per article, so that the heap does not fragment as the
/// window slides.
#[derive(Default)]
struct Day {
    /// Per slot: id, story, group, shingle count.
    meta: Vec<(i64, u64, i64, u32)>,
    /// Per slot, its [`HASHES`] minimums.
    mins: Vec<u32>,
}

/// Band keys of the articles published within `window_days` of the latest,
/// in memory: syndicated copies follow their original within days, and an
/// index bounded by a window keeps memory flat however large the archive
/// grows (a database table of band keys made every insert a random write).
///
/// The band keys sit in one sorted array of (key, day, slot) rather than a
/// hash map of lists: some 400,000 keys in a week of news take 16 bytes
/// each there, where a map of small vectors took five times as much and
/// grew in doublings. Keys are hashes, so their top bits spread evenly: a
/// directory of where each top-bits prefix starts turns a lookup into one
/// or two cache misses instead of a binary search's twenty.
pub struct LshIndex {
    window_days: i64,
    days: std::collections::BTreeMap<i64, Day>,
    keys: Vec<(u64, i32, u32)>,
    /// `dir[p]`: the first entry of `keys` whose key has top bits `p`.
    dir: Vec<u32>,
    /// Keys inserted since the last merge into `keys`: key → (day, slot).
    fresh: std::collections::HashMap<i64, Vec<(i64, u32)>>,
    fresh_len: usize,
    /// [`FRESH_MAX`], smaller in tests so that they merge often.
    fresh_max: usize,
    latest: i64,
}

impl LshIndex {
    pub fn new(window_days: i64) -> Self {
        LshIndex {
            window_days,
            days: Default::default(),
            keys: Vec::new(),
            dir: vec![0; (1 << DIR_BITS) + 1],
            fresh: Default::default(),
            fresh_len: 0,
            fresh_max: FRESH_MAX,
            latest: i64::MIN,
        }
    }

    /// Articles held.
    pub fn len(&self) -> usize {
        self.days.values().map(|d| d.meta.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        if a.day > self.latest {
            self.latest = a.day;
            self.evict();
        }
        let day = self.days.entry(a.day).or_default();
        let slot = day.meta.len() as u32;
        day.meta
            .push((a.id, a.story, a.group, a.signature.shingles));
        let at = day.mins.len();
        day.mins.resize(at + HASHES, u32::MAX);
        for (m, &x) in day.mins[at..].iter_mut().zip(&a.signature.mins) {
            *m = x;
        }
        for k in a.signature.band_keys() {
            self.fresh.entry(k).or_default().push((a.day, slot));
            self.fresh_len += 1;
        }
        if self.fresh_len >= self.fresh_max {
            self.merge_fresh();
        }
    }

    fn merge_fresh(&mut self) {
        let mut fresh: Vec<(u64, i32, u32)> = Vec::with_capacity(self.fresh_len);
        for (k, list) in self.fresh.drain() {
            fresh.extend(
                list.into_iter()
                    .map(|(day, slot)| (order_key(k), day_i32(day), slot)),
            );
        }
        self.fresh_len = 0;
        fresh.sort_unstable();
        // Merged from the back, in place: a sort of the whole table would
        // take a scratch buffer half its size at every merge.
        let (mut i, mut j) = (self.keys.len(), fresh.len());
        self.keys.resize(i + j, (0, 0, 0));
        let mut k = i + j;
        while j > 0 {
            k -= 1;
            if i > 0 && self.keys[i - 1] > fresh[j - 1] {
                self.keys[k] = self.keys[i - 1];
                i -= 1;
            } else {
                self.keys[k] = fresh[j - 1];
                j -= 1;
            }
        }
        self.rebuild_dir();
    }

    fn rebuild_dir(&mut self) {
        let mut at = 0usize;
        for (p, start) in self.dir.iter_mut().enumerate() {
            while at < self.keys.len() && ((self.keys[at].0 >> (64 - DIR_BITS)) as usize) < p {
                at += 1;
            }
            *start = at as u32;
        }
    }

    /// The entries of `keys` under one band key.
    fn lookup(&self, key: i64) -> impl Iterator<Item = &(u64, i32, u32)> {
        let k = order_key(key);
        let p = (k >> (64 - DIR_BITS)) as usize;
        let (from, to) = (self.dir[p] as usize, self.dir[p + 1] as usize);
        let run = self.keys.get(from..to).unwrap_or(&[]);
        let start = run.partition_point(|e| e.0 < k);
        run[start..].iter().take_while(move |e| e.0 == k)
    }

    fn evict(&mut self) {
        let horizon = self.horizon();
        let Some((&first, _)) = self.days.first_key_value() else {
            return;
        };
        if first >= horizon {
            return;
        }
        self.days = self.days.split_off(&horizon);
        self.keys.retain(|e| i64::from(e.1) >= horizon);
        self.rebuild_dir();
        self.fresh.retain(|_, list| {
            list.retain(|(d, _)| *d >= horizon);
            !list.is_empty()
        });
        self.fresh_len = self.fresh.values().map(Vec::len).sum();
    }

    /// The indexed article that best contains `sig` (or is contained by
    /// it), if its estimated containment reaches `threshold`.
    pub fn best(&self, sig: &Signature, threshold: f64) -> Option<(f64, Found)> {
        let mut candidates: Vec<(i64, u32)> = Vec::new();
        for k in sig.band_keys() {
            if let Some(list) = self.fresh.get(&k) {
                candidates.extend_from_slice(list);
            }
            candidates.extend(self.lookup(k).map(|&(_, day, slot)| (i64::from(day), slot)));
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter_map(|(d, slot)| {
                let day = self.days.get(&d)?;
                let (id, story, group, shingles) = *day.meta.get(slot as usize)?;
                let at = slot as usize * HASHES;
                let mins = day.mins.get(at..at + HASHES)?;
                let c = containment(&sig.mins, sig.shingles, mins, shingles);
                Some((
                    c,
                    Found {
                        id,
                        day: d,
                        story,
                        group,
                    },
                ))
            })
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

    /// A text of `n` words drawn from a small vocabulary by `seed`.
    fn text(seed: u64, n: usize) -> String {
        const WORDS: [&str; 24] = [
            "ferry", "council", "budget", "storm", "harbour", "minister", "police", "bridge",
            "vote", "school", "fire", "court", "river", "train", "strike", "hospital", "north",
            "port", "mayor", "report", "market", "price", "road", "island",
        ];
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                WORDS[(x % WORDS.len() as u64) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_index_agrees_with_comparing_every_pair() {
        // Enough articles over enough days that fresh keys are merged into
        // the sorted table many times and old days are evicted.
        let mut idx = LshIndex::new(3);
        idx.fresh_max = 4096;
        let mut held: Vec<(i64, i64, Signature)> = Vec::new();
        for id in 0..1200i64 {
            let day = 100 + id / 150;
            let body = if id % 5 == 4 {
                // A copy of an earlier article, lightly edited, from the
                // sorted table (two days back) or still among fresh keys.
                let of = if id >= 300 && id % 2 == 0 {
                    id - 299
                } else {
                    id - 3
                };
                text(of as u64, 80).replacen("ferry", "boat", 1)
            } else {
                text(id as u64, 80)
            };
            let sig = signature(&body);
            let expected = held
                .iter()
                .filter(|(_, d, _)| *d >= day.max(idx.latest().unwrap_or(day)) - 3)
                .map(|(i, _, s)| (sig.containment(s), *i))
                .filter(|(c, _)| *c >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                .map(|(_, i)| i);
            let got = idx.best(&sig, 0.5).map(|(_, f)| f.id);
            if id % 5 == 4 {
                assert!(got.is_some(), "copy {id} not found");
            }
            // LSH may miss a pair that comparing all finds, but what it
            // finds is the best among its candidates, and never a stranger.
            if let Some(g) = got {
                let e = expected.expect("found something comparing all does not");
                let c = |i: i64| sig.containment(&held.iter().find(|h| h.0 == i).unwrap().2);
                assert!((c(g) - c(e)).abs() < 1e-9, "article {id}: {g} vs {e}");
            }
            idx.insert(Indexed {
                id,
                signature: sig.clone(),
                day,
                story: id as u64,
                group: id,
            });
            held.push((id, day, sig));
        }
        assert_eq!(idx.len(), 4 * 150, "days 104..=107 are held");
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
