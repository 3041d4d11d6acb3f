//! Claim alignment: which sentences of a story's articles say one thing.
//!
//! Takes one [`Unit`] per sentence (its article and its words, already
//! interned as integers); gives groups of sentences, each a claim, and the
//! similarity of the pairs that were compared.
//!
//! Two sentences are one claim when the TF-IDF cosine of their terms reaches
//! [`ALIGN_MIN`], they have enough content in common ([`enough_in_common`]),
//! and either the cosine reaches [`ALIGN_SURE`] or each is the other's best
//! match in its article. Groups grow from the strongest pairs down, and two
//! groups merge only when no article would then speak twice in one claim.
//!
//! Candidate pairs come from an inverted index, never from all pairs
//! ([`Candidates::Indexed`]): the AllPairs scheme (Bayardo, Ma and Srikant,
//! WWW 2007). Each sentence's terms are ordered rarest first, and only the
//! shortest prefix whose remaining weight could still reach [`ALIGN_MIN`] is
//! indexed; a pair that shares no indexed term has a cosine below
//! [`ALIGN_MIN`], so probing with every term finds every pair that can align.
//! Then each sentence keeps its [`NEIGHBOURS`] most similar sentences: in a
//! story that 1,000 outlets covered, 800 sentences giving the death toll need
//! a spanning set of links to become one claim, not all 320,000, and memory
//! stays linear in the story. (With 64 kept, a story of 45 articles, most of
//! them copies of one wire, lost claims: the copies' identical sentences
//! filled every slot. 256 gives the exhaustive claims on every generated
//! story of up to 60 articles.) [`Candidates::Exhaustive`] compares every pair
//! and keeps every neighbour; tests check that both give the same claims.

use rustc_hash::FxHashMap;
use std::collections::BinaryHeap;

/// Two sentences below this cosine are never the same claim.
pub(crate) const ALIGN_MIN: f64 = 0.22;
/// At or above this they are, even when not each other's best match.
pub(crate) const ALIGN_SURE: f64 = 0.45;
/// Most similar sentences each sentence keeps (see the module doc).
pub(crate) const NEIGHBOURS: usize = 256;

/// Strings as small integers: each distinct word is hashed once per story,
/// and comparisons after that are integer comparisons.
#[derive(Default)]
pub(crate) struct Interner {
    ids: FxHashMap<String, u32>,
    /// A word as written → the id of its term (stemmed, synonyms folded):
    /// words recur across a story's sentences, and stemming is the costly
    /// part of preparing a sentence.
    terms: FxHashMap<String, u32>,
}

impl Interner {
    /// The id of a word's term ([`crosscheck_analyze::words::term`]).
    pub(crate) fn term(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.terms.get(word) {
            return id;
        }
        let id = self.id(&crosscheck_analyze::words::term(word));
        self.terms.insert(word.to_string(), id);
        id
    }

    pub(crate) fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.to_string(), id);
        id
    }

    /// Distinct strings seen: ids run from 0 to this.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }
}

/// One sentence as the aligner sees it.
pub(crate) struct Unit {
    pub article: usize,
    /// Terms weighed by TF-IDF, with repeats (a repeat counts twice).
    pub terms: Vec<u32>,
    /// Lower-case content words (what the sentence says beyond its names),
    /// sorted, distinct.
    pub plain: Vec<u32>,
    /// Normalised dates, sorted, distinct.
    pub dates: Vec<u32>,
    /// Names other than the first word, sorted, distinct.
    pub named: Vec<u32>,
}

/// How candidate pairs are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidates {
    /// From an inverted index of rare terms, [`NEIGHBOURS`] kept per
    /// sentence: what reports use.
    Indexed,
    /// Every pair, every neighbour kept: the reference the tests compare
    /// with, quadratic in the story.
    Exhaustive,
}

/// Groups of units (each sorted, groups sorted) and the cosine of every
/// pair kept, keyed `(lower, higher)` unit index.
pub(crate) struct Alignment {
    pub groups: Vec<Vec<usize>>,
    pub sims: FxHashMap<(usize, usize), f64>,
}

/// Size of the intersection of two sorted, distinct lists.
pub(crate) fn common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Size of the union of two sorted, distinct lists.
pub(crate) fn union(a: &[u32], b: &[u32]) -> usize {
    a.len() + b.len() - common(a, b)
}

/// Whether two sentences say enough of the same thing to be one claim: two
/// content words in common, or one with a shared date and a shared name
/// ("will visit Floro on Wednesday" / "will travel to Floro on Wednesday").
fn enough_in_common(a: &Unit, b: &Unit) -> bool {
    let words = common(&a.plain, &b.plain);
    let dates = common(&a.dates, &b.dates);
    let names = common(&a.named, &b.named);
    words >= 2 || (words >= 1 && words + dates + names >= 3)
}

/// A sparse unit vector, sorted by term.
type Vector = Vec<(u32, f64)>;

/// TF-IDF vectors of the units' terms: `(1 + ln tf) · (ln((n+1)/(df+1)) + 1)`,
/// normalised; and each term's document frequency.
fn vectors(units: &[Unit], terms: usize) -> (Vec<Vector>, Vec<u32>) {
    let mut df = vec![0u32; terms];
    let counted: Vec<Vec<(u32, u32)>> = units
        .iter()
        .map(|u| {
            let mut t = u.terms.clone();
            t.sort_unstable();
            let mut out: Vec<(u32, u32)> = Vec::with_capacity(t.len());
            for id in t {
                match out.last_mut() {
                    Some(last) if last.0 == id => last.1 += 1,
                    _ => out.push((id, 1)),
                }
            }
            for &(id, _) in &out {
                df[id as usize] += 1;
            }
            out
        })
        .collect();
    let n = units.len() as f64;
    let vecs = counted
        .into_iter()
        .map(|tf| {
            let mut v: Vector = tf
                .into_iter()
                .map(|(t, c)| {
                    let idf = ((n + 1.0) / (df[t as usize] as f64 + 1.0)).ln() + 1.0;
                    (t, (1.0 + (c as f64).ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            v
        })
        .collect();
    (vecs, df)
}

fn dot(a: &Vector, b: &Vector) -> f64 {
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

/// A neighbour offered to a sentence's bounded list: ordered so that the
/// heap's top is the weakest (lowest cosine, then highest index).
#[derive(PartialEq)]
struct Weakest(f64, usize);
impl Eq for Weakest {}
impl PartialOrd for Weakest {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Weakest {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.0.total_cmp(&self.0).then(self.1.cmp(&o.1))
    }
}

/// Keeps the `k` strongest neighbours of each unit.
struct Neighbours {
    k: usize,
    heaps: Vec<BinaryHeap<Weakest>>,
}

impl Neighbours {
    /// The cosine a new neighbour of `i` must beat to be kept, once `i`
    /// has all it keeps.
    fn bar(&self, i: usize) -> f64 {
        match self.heaps[i].peek() {
            Some(w) if self.heaps[i].len() >= self.k => w.0,
            _ => f64::NEG_INFINITY,
        }
    }

    fn offer(&mut self, i: usize, j: usize, sim: f64) {
        let h = &mut self.heaps[i];
        if h.len() < self.k {
            h.push(Weakest(sim, j));
        } else if h.peek().is_some_and(|w| Weakest(sim, j) < *w) {
            h.pop();
            h.push(Weakest(sim, j));
        }
    }
}

/// Pairs of units from different articles whose cosine reaches
/// [`ALIGN_MIN`], as `(i, j, cosine)` with `i < j`, at most the strongest
/// [`NEIGHBOURS`] of each unit (every one when exhaustive).
fn similar_pairs(
    units: &[Unit],
    vecs: &[Vector],
    df: &[u32],
    how: Candidates,
) -> Vec<(usize, usize, f64)> {
    let n = units.len();
    let mut kept = Neighbours {
        k: match how {
            Candidates::Indexed => NEIGHBOURS,
            Candidates::Exhaustive => usize::MAX,
        },
        heaps: (0..n).map(|_| BinaryHeap::new()).collect(),
    };
    let consider = |kept: &mut Neighbours, i: usize, j: usize| {
        if units[i].article == units[j].article {
            return;
        }
        let s = dot(&vecs[i], &vecs[j]);
        if s >= ALIGN_MIN {
            kept.offer(i, j, s);
            kept.offer(j, i, s);
        }
    };
    match how {
        Candidates::Exhaustive => {
            for j in 0..n {
                for i in 0..j {
                    consider(&mut kept, i, j);
                }
            }
        }
        Candidates::Indexed => {
            // Postings of indexed (prefix) terms with their weights; a unit
            // is indexed after it has probed, so each pair is found once,
            // from its later unit. Probing adds up the indexed part of each
            // dot product; what the earlier unit left unindexed can add at
            // most its norm, so a candidate whose sum cannot reach the
            // threshold even then is never compared in full.
            let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); df.len()];
            let mut unindexed = vec![0.0f64; n];
            let mut sum = vec![0.0f64; n];
            let mut mark = vec![usize::MAX; n];
            let mut touched: Vec<usize> = Vec::new();
            for j in 0..n {
                for &(t, wj) in &vecs[j] {
                    for &(i, wi) in &postings[t as usize] {
                        let i = i as usize;
                        if units[i].article == units[j].article {
                            continue;
                        }
                        if mark[i] != j {
                            mark[i] = j;
                            touched.push(i);
                        }
                        sum[i] += wi * wj;
                    }
                }
                for i in touched.drain(..) {
                    // Nor is one that neither side would keep: both have
                    // their fill of closer neighbours.
                    let most = sum[i] + unindexed[i];
                    if most >= ALIGN_MIN - 1e-9
                        && (most + 1e-9 >= kept.bar(i) || most + 1e-9 >= kept.bar(j))
                    {
                        consider(&mut kept, i, j);
                    }
                    sum[i] = 0.0;
                }
                let (indexed, rest) = prefix(&vecs[j], df);
                unindexed[j] = rest;
                for (t, w) in indexed {
                    postings[t as usize].push((j as u32, w));
                }
            }
        }
    }
    let mut pairs: Vec<(usize, usize, f64)> = kept
        .heaps
        .into_iter()
        .enumerate()
        .flat_map(|(i, h)| {
            h.into_iter()
                .map(move |Weakest(s, j)| (i.min(j), i.max(j), s))
        })
        .collect();
    pairs.sort_by_key(|a| (a.0, a.1));
    pairs.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
    pairs
}

/// The terms of a vector worth indexing, with their weights: rarest first,
/// until what remains could no longer reach [`ALIGN_MIN`] on its own (a
/// unit vector's dot product with another over some terms is at most the
/// norm of its part on those terms); and the norm of what remains.
fn prefix(v: &Vector, df: &[u32]) -> (Vector, f64) {
    let mut order: Vec<(u32, f64)> = v.clone();
    order.sort_unstable_by_key(|&(t, _)| (df[t as usize], t));
    let mut rest: f64 = order.iter().map(|(_, w)| w * w).sum();
    // A hair below the threshold, so rounding never drops a pair.
    let bound = (ALIGN_MIN - 1e-9).powi(2);
    let mut out = Vec::new();
    for (t, w) in order {
        if rest < bound {
            break;
        }
        out.push((t, w));
        rest -= w * w;
    }
    (out, rest.max(0.0).sqrt())
}

/// Aligns units into claims (see the module doc).
pub(crate) fn align(units: &[Unit], terms: usize, how: Candidates) -> Alignment {
    let (vecs, df) = vectors(units, terms);
    let pairs = similar_pairs(units, &vecs, &df, how);
    // Each unit's best match per other article, over the pairs kept: ties
    // go to the earlier unit.
    let mut best: FxHashMap<(usize, usize), (usize, f64)> = FxHashMap::default();
    for &(i, j, s) in &pairs {
        for (a, b) in [(i, j), (j, i)] {
            let e = best.entry((a, units[b].article)).or_insert((b, -1.0));
            if s > e.1 || (s == e.1 && b < e.0) {
                *e = (b, s);
            }
        }
    }
    let is_best = |a: usize, b: usize| best.get(&(a, units[b].article)).is_some_and(|x| x.0 == b);
    let mut edges: Vec<(f64, usize, usize)> = pairs
        .iter()
        .filter(|&&(i, j, s)| {
            enough_in_common(&units[i], &units[j])
                && (s >= ALIGN_SURE || (is_best(i, j) && is_best(j, i)))
        })
        .map(|&(i, j, s)| (s, i, j))
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let groups = merge(units, &edges);
    let sims = pairs.into_iter().map(|(i, j, s)| ((i, j), s)).collect();
    Alignment { groups, sims }
}

/// Strongest pairs first; two groups merge only when no article would then
/// speak twice in one claim, so a chain of loosely similar sentences cannot
/// snowball into one claim. Each group keeps its articles sorted, so the
/// check is a merge of two sorted lists, not a product.
fn merge(units: &[Unit], edges: &[(f64, usize, usize)]) -> Vec<Vec<usize>> {
    let n = units.len();
    let mut member: Vec<usize> = (0..n).collect();
    let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut articles: Vec<Vec<u32>> = units.iter().map(|u| vec![u.article as u32]).collect();
    for &(_, i, j) in edges {
        let (gi, gj) = (member[i], member[j]);
        if gi == gj || common(&articles[gi], &articles[gj]) > 0 {
            continue;
        }
        // The smaller group moves into the larger.
        let (to, from) = if groups[gi].len() >= groups[gj].len() {
            (gi, gj)
        } else {
            (gj, gi)
        };
        let moved = std::mem::take(&mut groups[from]);
        for &m in &moved {
            member[m] = to;
        }
        groups[to].extend(moved);
        let mut arts = std::mem::take(&mut articles[from]);
        arts.extend_from_slice(&articles[to]);
        arts.sort_unstable();
        articles[to] = arts;
    }
    groups.retain(|g| !g.is_empty());
    for g in groups.iter_mut() {
        g.sort_unstable();
    }
    groups.sort();
    groups
}
