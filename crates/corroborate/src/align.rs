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
//!
//! In stories of more than [`EXACT_ARTICLES`] articles the index has a
//! frequency cap: a term holds at most [`POSTINGS`]
//! sentences, the first ones to use it. Without it, a term that 1,000
//! outlets use in one claim makes each of their sentences probe all the
//! earlier ones, and the work grows with the square of the story. With it, a
//! later sentence meets the claim through its first [`POSTINGS`] tellings,
//! which is enough to join it; two later sentences that share nothing else
//! rare are not compared with each other. A capped term's weight counts as
//! unindexed, so the pruning bound stays sound.

use rustc_hash::{FxHashMap, FxHashSet};

/// Two sentences below this cosine are never the same claim.
pub(crate) const ALIGN_MIN: f64 = 0.22;
/// At or above this they are, even when not each other's best match.
pub(crate) const ALIGN_SURE: f64 = 0.45;
/// Most similar sentences each sentence keeps (see the module doc).
pub(crate) const NEIGHBOURS: usize = 256;
/// Most sentences indexed under one term (see the module doc).
pub(crate) const POSTINGS: usize = 128;
/// Stories of at most this many articles are indexed without the cap.
pub(crate) const EXACT_ARTICLES: usize = 60;

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
    /// Written in a script without case (Chinese, Japanese, Korean).
    pub caseless: bool,
    /// States a count of something.
    pub counts: bool,
    /// Counts of people with the state they are in (dead, injured,
    /// missing …), as (noun, state) term ids, sorted.
    pub states: Vec<(u32, u32)>,
    /// Its article's language (interned), when known.
    pub language: Option<u32>,
    /// Exact counts of people in a state ("179 dead"), interned with their
    /// value, sorted: what two sentences in different languages can be
    /// seen to say alike ([`tally_edges`]).
    pub tallies: Vec<u32>,
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
/// pair kept.
pub(crate) struct Alignment {
    pub groups: Vec<Vec<usize>>,
    pub sims: Sims,
}

/// The cosine of every pair kept, as `(lower, higher, cosine)` sorted by
/// unit index: a sorted array searched in halves holds a story's millions of
/// pairs in a third of a hash map's memory.
pub(crate) struct Sims(Vec<(u32, u32, f64)>);

impl Sims {
    /// The cosine of two units, 0 when their pair was not kept.
    pub(crate) fn get(&self, a: usize, b: usize) -> f64 {
        let key = (a.min(b) as u32, a.max(b) as u32);
        self.0
            .binary_search_by(|&(i, j, _)| (i, j).cmp(&key))
            .map_or(0.0, |k| self.0[k].2)
    }
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
///
/// Sentences without case that state counts say nearly the same thing or
/// are apart: there a count knows only that it counts people (名, 人, 명),
/// not whether the dead, the missing or the injured, so "22 missing in
/// Wajima" and "39 dead in Wajima" would be one claim with its figures
/// either conflicting or corroborated, and neither can be defended.
///
/// Sentences that count the same people in different states and in no
/// state alike ("64 people confirmed dead" / "372 people injured") state
/// different facts, and are not one claim however alike their words.
fn enough_in_common(a: &Unit, b: &Unit) -> bool {
    if other_states(a, b) {
        return false;
    }
    let words = common(&a.plain, &b.plain);
    if a.caseless && b.caseless && (a.counts || b.counts) {
        return words >= 2 && words * 10 >= union(&a.plain, &b.plain) * 6;
    }
    let dates = common(&a.dates, &b.dates);
    let names = common(&a.named, &b.named);
    words >= 2 || (words >= 1 && words + dates + names >= 3)
}

/// Whether two sentences count the same people only in different states.
fn other_states(a: &Unit, b: &Unit) -> bool {
    let same = a.states.iter().any(|x| b.states.contains(x));
    let differ = a
        .states
        .iter()
        .any(|x| b.states.iter().any(|y| y.0 == x.0 && y.1 != x.1));
    differ && !same
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

/// A neighbour offered to a sentence's bounded list, ordered weakest last:
/// higher cosine first, then lower index.
#[derive(Clone, Copy, PartialEq)]
struct Offered(f64, u32);

impl Offered {
    fn order(&self, o: &Self) -> std::cmp::Ordering {
        o.0.total_cmp(&self.0).then(self.1.cmp(&o.1))
    }
}

/// Keeps the `k` strongest neighbours of each unit. Each list takes offers
/// until it holds half as many again, then keeps its `k` strongest (a
/// selection, linear) and from then on refuses anything weaker than the
/// weakest it kept: a few steps per offer, in one run of memory, where a
/// heap per unit spent most of a large story's time on cache misses.
struct Neighbours {
    k: usize,
    lists: Vec<Vec<Offered>>,
    /// Per unit, the weakest neighbour kept at its last selection.
    bars: Vec<Option<Offered>>,
}

impl Neighbours {
    fn new(n: usize, k: usize) -> Self {
        Neighbours {
            k,
            lists: vec![Vec::new(); n],
            bars: vec![None; n],
        }
    }

    /// A cosine a new neighbour of `i` must reach to be kept (lower than
    /// the true bar until the list is next cut, so pruning with it is safe).
    fn bar(&self, i: usize) -> f64 {
        self.bars[i].map_or(f64::NEG_INFINITY, |w| w.0)
    }

    fn offer(&mut self, i: usize, j: usize, sim: f64) {
        let o = Offered(sim, j as u32);
        if self.bars[i].is_some_and(|w| o.order(&w).is_ge()) {
            return;
        }
        let list = &mut self.lists[i];
        if list.len() == self.k {
            // Grown by doubling, the list would take twice what it needs.
            list.reserve_exact(self.k / 2);
        }
        list.push(o);
        if list.len() >= self.k.saturating_add(self.k / 2) {
            self.bars[i] = Some(Self::cut(list, self.k));
        }
    }

    /// Keeps the `k` strongest of a list; gives the weakest kept.
    fn cut(list: &mut Vec<Offered>, k: usize) -> Offered {
        list.select_nth_unstable_by(k - 1, Offered::order);
        list.truncate(k);
        list[k - 1]
    }

    /// Every unit's kept neighbours.
    fn into_lists(self) -> impl Iterator<Item = Vec<Offered>> {
        let k = self.k;
        self.lists.into_iter().map(move |mut list| {
            if list.len() > k {
                Self::cut(&mut list, k);
            }
            list
        })
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
) -> Vec<(u32, u32, f64)> {
    let n = units.len();
    let mut kept = Neighbours::new(
        n,
        match how {
            Candidates::Indexed => NEIGHBOURS,
            Candidates::Exhaustive => usize::MAX,
        },
    );
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
            // Small stories are indexed whole: the cap is for stories too
            // big to compare exhaustively, and below it the claims are
            // exactly the exhaustive ones (a test says so).
            let articles = units.iter().map(|u| u.article + 1).max().unwrap_or(0);
            let cap = if articles <= EXACT_ARTICLES {
                usize::MAX
            } else {
                POSTINGS
            };
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
                let mut rest_sq = rest * rest;
                for (t, w) in indexed {
                    let list = &mut postings[t as usize];
                    if list.len() < cap {
                        list.push((j as u32, w));
                    } else {
                        rest_sq += w * w;
                    }
                }
                unindexed[j] = rest_sq.sqrt();
            }
        }
    }
    let mut pairs: Vec<(u32, u32, f64)> = kept
        .into_lists()
        .enumerate()
        .flat_map(|(i, list)| {
            let i = i as u32;
            list.into_iter()
                .map(move |Offered(s, j)| (i.min(j), i.max(j), s))
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
    let mutual = mutual_best(units, &pairs);
    let mut edges: Vec<(f64, u32, u32)> = pairs
        .iter()
        .zip(&mutual)
        .filter(|&(&(i, j, s), &mutual)| {
            (s >= ALIGN_SURE || mutual) && enough_in_common(&units[i as usize], &units[j as usize])
        })
        .map(|(&(i, j, s), _)| (s, i, j))
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    // After every pair that words join: claims form in each language first.
    edges.extend(tally_edges(units));
    let groups = merge(units, &edges);
    Alignment {
        groups,
        sims: Sims(pairs),
    }
}

/// Pairs of sentences in different languages that give the same exact
/// count of people in the same state ("179명이 숨졌다", "179人が死亡した",
/// "179 people died"): a language-independent value, so one claim,
/// whatever their words. Each sentence is paired with the first sentence
/// of every other language giving that count (claims then merge whole, as
/// for words), so the pairs grow with the sentences, not their square.
/// Counts that differ are not paired: across languages nothing but the
/// count says two sentences are about the same thing.
fn tally_edges(units: &[Unit]) -> Vec<(f64, u32, u32)> {
    let mut by_tally: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (i, u) in units.iter().enumerate() {
        if u.language.is_some() {
            for &t in &u.tallies {
                by_tally.entry(t).or_default().push(i as u32);
            }
        }
    }
    let mut tallies: Vec<(u32, Vec<u32>)> = by_tally.into_iter().collect();
    tallies.sort_unstable();
    let mut edges = Vec::new();
    for (_, members) in tallies {
        // The first sentence of each language, in order.
        let mut firsts: Vec<(u32, u32)> = Vec::new();
        for &m in &members {
            let l = units[m as usize].language.unwrap_or(u32::MAX);
            if !firsts.iter().any(|f| f.0 == l) {
                firsts.push((l, m));
            }
        }
        for &m in &members {
            let l = units[m as usize].language.unwrap_or(u32::MAX);
            for &(fl, f) in &firsts {
                if fl != l {
                    edges.push((ALIGN_MIN, f.min(m), f.max(m)));
                }
            }
        }
    }
    edges.sort_by_key(|e| (e.1, e.2));
    edges.dedup();
    edges
}

/// Per pair, whether each side is the other's best match in its article
/// (ties go to the earlier unit), over the pairs kept. Each unit's pairs are
/// gathered once (an adjacency list in one array), so the work and the
/// memory grow with the pairs, not with units times articles.
fn mutual_best(units: &[Unit], pairs: &[(u32, u32, f64)]) -> Vec<bool> {
    let n = units.len();
    let mut start = vec![0usize; n + 1];
    for &(i, j, _) in pairs {
        start[i as usize + 1] += 1;
        start[j as usize + 1] += 1;
    }
    for k in 0..n {
        start[k + 1] += start[k];
    }
    // (partner, pair index) of every unit's pairs, unit by unit.
    let mut adjacent = vec![(0u32, 0u32); 2 * pairs.len()];
    let mut next = start.clone();
    for (p, &(i, j, _)) in pairs.iter().enumerate() {
        for (a, b) in [(i, j), (j, i)] {
            adjacent[next[a as usize]] = (b, p as u32);
            next[a as usize] += 1;
        }
    }
    let articles = units.iter().map(|u| u.article + 1).max().unwrap_or(0);
    // Per article, the best partner so far of the unit being scanned, and
    // which unit that was (so the array is never cleared).
    let mut best: Vec<(usize, u32, f64)> = vec![(usize::MAX, 0, 0.0); articles];
    let mut sides = vec![0u8; pairs.len()];
    for a in 0..n {
        let mine = &adjacent[start[a]..start[a + 1]];
        for &(b, p) in mine {
            let (art, s) = (units[b as usize].article, pairs[p as usize].2);
            let e = &mut best[art];
            if e.0 != a || s > e.2 || (s == e.2 && b < e.1) {
                *e = (a, b, s);
            }
        }
        for &(b, p) in mine {
            if best[units[b as usize].article].1 == b {
                sides[p as usize] += 1;
            }
        }
    }
    sides.into_iter().map(|n| n == 2).collect()
}

/// Strongest pairs first; two groups merge only when no article would then
/// speak twice in one claim, so a chain of loosely similar sentences cannot
/// snowball into one claim. The smaller group is checked against the
/// larger's set of articles and moves into it, so a claim that 3,000
/// outlets state grows in time with its size, not its square.
fn merge(units: &[Unit], edges: &[(f64, u32, u32)]) -> Vec<Vec<usize>> {
    let n = units.len();
    let mut member: Vec<usize> = (0..n).collect();
    let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut articles: Vec<FxHashSet<u32>> = units
        .iter()
        .map(|u| FxHashSet::from_iter([u.article as u32]))
        .collect();
    for &(_, i, j) in edges {
        let (gi, gj) = (member[i as usize], member[j as usize]);
        if gi == gj {
            continue;
        }
        let (to, from) = if groups[gi].len() >= groups[gj].len() {
            (gi, gj)
        } else {
            (gj, gi)
        };
        if articles[from].iter().any(|a| articles[to].contains(a)) {
            continue;
        }
        let moved = std::mem::take(&mut groups[from]);
        for &m in &moved {
            member[m] = to;
        }
        groups[to].extend(moved);
        let arts = std::mem::take(&mut articles[from]);
        articles[to].extend(arts);
    }
    groups.retain(|g| !g.is_empty());
    for g in groups.iter_mut() {
        g.sort_unstable();
    }
    groups.sort();
    groups
}
