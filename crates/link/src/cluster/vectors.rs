//! The clusterer's vectors: how terms, anchors and readings are hashed
//! into buckets (three parts of one sorted vector, each of unit length),
//! and the similarities the clusterer compares articles and stories by.

use super::{ANCHOR_SHARED, FACTS_SHARED};
use xxhash_rust::xxh3::xxh3_64;

/// Buckets of the hashed term space (document frequencies are kept per
/// bucket: 1.25 MiB): words, then anchors, then readings.
pub const BUCKETS: usize = (1 << 18) + READING_BUCKETS;

/// Buckets after the words hold anchors ([`crate::anchors`]): numbers and
/// name keys that read the same in every language.
pub(super) const ANCHOR_BUCKETS: usize = 1 << 15;

/// Where the anchors start: names first, then numbers and countries, then
/// days and cities ([`anchor_bucket`]).
pub(super) const FIRST_ANCHOR: u32 = ((1 << 18) - ANCHOR_BUCKETS) as u32;
pub(super) const FIRST_FACT: u32 = FIRST_ANCHOR + (ANCHOR_BUCKETS / 2) as u32;
pub(super) const FIRST_WHEN_WHERE: u32 = FIRST_FACT + (ANCHOR_BUCKETS / 4) as u32;

/// The last buckets hold readings (`crosscheck_readings`): the words
/// Chinese, Japanese and Korean share, keyed alike in the three. (Placed
/// last so that centroids stored before they existed read as they did.)
pub(super) const READING_BUCKETS: usize = 1 << 16;
pub(super) const FIRST_READING: u32 = 1 << 18;

/// A sparse vector over hashed terms, sorted by bucket.
pub type Vector = Vec<Entry>;

/// A bucket and its weight.
pub type Entry = (u32, f32);

/// The term bucket of a name (person, organisation, place) in
/// [`super::features`] and in [`super::Item::names`].
pub fn name_bucket(name: &str) -> u32 {
    let key = format!("entity:{}", name.to_lowercase());
    (xxh3_64(key.as_bytes()) % FIRST_ANCHOR as u64) as u32
}

/// Anchors hash into three ranges: names (`k:`, half the anchor
/// buckets), numbers and countries (`n:`, `C:`), and days and cities
/// (`d:`, `p:`), so that the facts two vectors share can be weighed apart
/// from names, and a day or city told from a count or a country that
/// pages of many events name ([`fact_similarity`]).
pub(super) fn anchor_bucket(key: &str) -> u32 {
    let (first, size) = if key.starts_with("k:") {
        (FIRST_ANCHOR, FIRST_FACT - FIRST_ANCHOR)
    } else if key.starts_with("d:") || key.starts_with("p:") {
        (FIRST_WHEN_WHERE, FIRST_READING - FIRST_WHEN_WHERE)
    } else {
        (FIRST_FACT, FIRST_WHEN_WHERE - FIRST_FACT)
    };
    first + (xxh3_64(key.as_bytes()) % u64::from(size)) as u32
}

pub(super) fn reading_bucket(key: crosscheck_readings::Key) -> u32 {
    let bytes = [
        u32::from(key[0]).to_le_bytes(),
        u32::from(key[1]).to_le_bytes(),
    ]
    .concat();
    FIRST_READING + (xxh3_64(&bytes) % READING_BUCKETS as u64) as u32
}

pub(super) fn dot(a: &[Entry], b: &[Entry]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// A vector's words, anchors and readings (they sort in that order).
pub(super) fn split(v: &[Entry]) -> (&[Entry], &[Entry], &[Entry]) {
    let (words, rest) = v.split_at(v.partition_point(|e| e.0 < FIRST_ANCHOR));
    let (anchors, readings) = rest.split_at(rest.partition_point(|e| e.0 < FIRST_READING));
    (words, anchors, readings)
}

/// Cosine of an article (words of unit length) with a story's centroid over
/// their words.
pub(super) fn word_similarity(article: &Vector, centroid: &Vector) -> f32 {
    let (a, c) = (split(article).0, split(centroid).0);
    let len = norm(c);
    if len == 0.0 {
        return 0.0;
    }
    dot(a, c) / len
}

/// Cosine of an article's readings (of unit length) with a story's.
pub(super) fn reading_similarity(article: &Vector, centroid: &Vector) -> f32 {
    if !has_readings(article) || !has_readings(centroid) {
        return 0.0;
    }
    let (a, c) = (split(article).2, split(centroid).2);
    let len = norm(c);
    if len == 0.0 {
        return 0.0;
    }
    dot(a, c) / len
}

/// Cosine of an article with a story's centroid over the facts they name
/// (numbers, days, places: the anchors other than name keys), or 0 when
/// they share fewer than [`super::FACTS_SHARED`] of them or no day or city
/// (numbers alone may be a model number and a count that happen to
/// match: a Boeing 737 crash with 181 aboard and a sale of 181 737s; and a
/// Korean report of an earthquake in Japan that counted 13 dead and 33
/// hurt shares "Japan", 13 and 33 with a page of product-feed specs).
pub(super) fn fact_similarity(a: &Vector, b: &Vector, when_where_needed: usize) -> f32 {
    let (a, b) = (facts(a), facts(b));
    // Days and cities sort last among the facts: one look tells whether
    // either names any.
    let names_when_where = |f: &[Entry]| f.last().is_some_and(|e| e.0 >= FIRST_WHEN_WHERE);
    if when_where_needed > 0 && !(names_when_where(a) && names_when_where(b)) {
        return 0.0;
    }
    let (mut shared, mut when_where) = (0, 0);
    for e in a {
        if b.binary_search_by_key(&e.0, |f| f.0).is_ok() {
            shared += 1;
            when_where += usize::from(e.0 >= FIRST_WHEN_WHERE);
        }
    }
    if shared < FACTS_SHARED || when_where < when_where_needed {
        return 0.0;
    }
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    dot(a, b) / (na * nb)
}

/// The facts of a vector: its anchors other than name keys (they sort
/// last among its anchors).
pub(super) fn facts(v: &Vector) -> &[Entry] {
    let anchors = split(v).1;
    &anchors[anchors.partition_point(|e| e.0 < FIRST_FACT)..]
}

/// How many days and cities a vector names.
pub(super) fn when_where(v: &Vector) -> usize {
    facts(v).iter().filter(|e| e.0 >= FIRST_WHEN_WHERE).count()
}

/// Cosine of two vectors over their anchors only, or 0 when they share
/// fewer than [`super::ANCHOR_SHARED`] of them.
pub(super) fn anchor_similarity(a: &Vector, b: &Vector) -> f32 {
    let (a, b) = (split(a).1, split(b).1);
    let shared = a
        .iter()
        .filter(|e| b.binary_search_by_key(&e.0, |f| f.0).is_ok())
        .count();
    let (na, nb) = (norm(a), norm(b));
    if shared < ANCHOR_SHARED || na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    dot(a, b) / (na * nb)
}

/// Cosine of two centroids over their readings.
pub(super) fn centroid_readings(a: &Vector, b: &Vector) -> f32 {
    if !has_readings(a) || !has_readings(b) {
        return 0.0;
    }
    let (a, b) = (split(a).2, split(b).2);
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    dot(a, b) / (na * nb)
}

/// Whether a vector has readings (they sort last: one look).
pub(super) fn has_readings(v: &Vector) -> bool {
    v.last().is_some_and(|e| e.0 >= FIRST_READING)
}

/// Cosine of two centroids over their words.
pub(super) fn centroid_cosine(a: &Vector, b: &Vector) -> f32 {
    let (a, b) = (split(a).0, split(b).0);
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    dot(a, b) / (na * nb)
}

pub(super) fn norm(v: &[Entry]) -> f32 {
    v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
}

/// Keeps the heaviest words, anchors and readings, each as many as given,
/// sorted by bucket: each part is trimmed apart, or the hundreds of
/// two-character terms of a Japanese page push its numbers and names out.
pub(super) fn trim_apart(v: Vector, [words, anchors, readings]: [usize; 3]) -> Vector {
    let (w, rest): (Vector, Vector) = v.into_iter().partition(|e| e.0 < FIRST_ANCHOR);
    let (a, r): (Vector, Vector) = rest.into_iter().partition(|e| e.0 < FIRST_READING);
    let mut out = trim(w, words);
    out.extend(trim(a, anchors));
    out.extend(trim(r, readings));
    out.sort_unstable_by_key(|e| e.0);
    out
}

/// Keeps the `n` heaviest entries, sorted by bucket again.
pub(super) fn trim(mut v: Vector, n: usize) -> Vector {
    if v.len() > n {
        v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v.sort_unstable_by_key(|e| e.0);
    }
    v
}

/// Bytes for storing a centroid: (bucket, weight) pairs, little-endian.
pub fn vector_bytes(v: &Vector) -> Vec<u8> {
    v.iter()
        .flat_map(|(t, w)| t.to_le_bytes().into_iter().chain(w.to_le_bytes()))
        .collect()
}

/// Reads what [`vector_bytes`] wrote; trailing odd bytes are ignored.
pub fn vector_from_bytes(b: &[u8]) -> Vector {
    b.chunks_exact(8)
        .map(|c| {
            (
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        })
        .filter(|(t, w)| (*t as usize) < BUCKETS && w.is_finite())
        .collect()
}
