//! The whole chain from analysed articles to story reports, as `analyze`
//! runs it: articles are linked as they arrive, with the linker the archive
//! uses ([`crosscheck_link::stream`]), and a story's report is made as soon
//! as nothing more can join it. Memory holds the stories still open, not
//! the whole input.

use crate::{corroborate_with, Candidates};
use chrono::NaiveDate;
use crosscheck_analyze::{analyze, analyze_with, timex};
use crosscheck_link::minhash::Signature;
use crosscheck_link::stream::{batch_order, meanings, Clustering, Encoder, Link, Linkable, Linker};
use crosscheck_model::{Analysis, Article, Copy, DateRange, Story};
use std::collections::{BTreeMap, HashMap};

/// Analysed articles and the stories they form.
pub struct Outcome {
    pub articles: Vec<Article>,
    pub analyses: Vec<Analysis>,
    pub stories: Vec<Story>,
}

/// Documents `analyze` takes at a time, as `ingest` does: articles are
/// placed batch by batch, each batch in publication order.
pub const BATCH: usize = 256;

/// An article read and analysed, ready to be linked.
pub struct Analysed {
    pub article: Article,
    pub analysis: Analysis,
    pub link: Linkable,
    /// Hash of its URL, title and text: the same article read twice is
    /// analysed once.
    pub content_hash: u64,
}

impl Analysed {
    /// Analyses an extracted article (its meaning is left for [`embed`]).
    pub fn new(article: Article) -> Analysed {
        let analysis = analyze(&article);
        let link = Linkable::of(&article, &analysis);
        let content_hash = content_hash(&article);
        Analysed {
            article,
            analysis,
            link,
            content_hash,
        }
    }
}

/// Gives analysed articles their meaning (headline and lead embedded, all
/// at once), when an encoder is given.
pub fn embed<'a>(batch: impl IntoIterator<Item = &'a mut Analysed>, encoder: Option<&Encoder>) {
    let Some(encoder) = encoder else { return };
    let mut batch: Vec<&mut Analysed> = batch.into_iter().collect();
    let articles: Vec<&Article> = batch.iter().map(|a| &a.article).collect();
    let meanings = meanings(&articles, encoder);
    for (a, m) in batch.iter_mut().zip(meanings) {
        a.link.meaning = m;
    }
}

/// Hash of an article's URL, title and text, joined by NUL.
pub fn content_hash(a: &Article) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (i, p) in [
        a.url.as_deref().unwrap_or(""),
        a.title.as_deref().unwrap_or(""),
        &a.text,
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            h.update(&[0]);
        }
        h.update(p.as_bytes());
    }
    h.digest()
}

/// An article of a story still open.
struct Member {
    article: Article,
    analysis: Analysis,
    signature: Signature,
    /// Number of the first article of its copy group.
    group: i64,
}

/// A story still open: what it holds, and the last day it was added to.
struct Open {
    members: Vec<(i64, Member)>,
    last_day: i64,
}

/// A story nothing more can join, ready for its report (which takes far
/// longer than linking, so callers may make reports in parallel).
pub struct Settled {
    id: u64,
    story: Open,
    how: Candidates,
}

impl Settled {
    /// Articles in the story.
    pub fn len(&self) -> usize {
        self.story.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.story.members.is_empty()
    }

    /// The story's report.
    pub fn report(self) -> Outcome {
        report(self.id, self.story, self.how)
    }
}

/// Links analysed articles into stories as they arrive and reports each
/// story once nothing more can join it.
pub struct Stories {
    linker: Linker,
    clustering: Clustering,
    how: Candidates,
    /// Articles numbered so far (`a1`, `a2`, … in the order read).
    numbered: i64,
    open: BTreeMap<u64, Open>,
    latest: Option<i64>,
    /// Content hash → number of the article first read with it.
    seen: HashMap<u64, i64>,
}

impl Stories {
    pub fn new(clustering: Clustering, how: Candidates) -> Stories {
        Stories {
            linker: Linker::new(clustering),
            clustering,
            how,
            numbered: 0,
            open: BTreeMap::new(),
            latest: None,
            seen: HashMap::new(),
        }
    }

    /// Links one batch (in the order read) and gives the stories it
    /// settled, and a message for each article left out as one read before.
    pub fn add(&mut self, batch: Vec<Analysed>) -> (Vec<Settled>, Vec<String>) {
        let mut repeats = Vec::new();
        let mut fresh: Vec<(i64, Analysed)> = Vec::with_capacity(batch.len());
        for mut a in batch {
            if let Some(first) = self.seen.get(&a.content_hash) {
                repeats.push(format!(
                    "{}: the same article as a{first} (same URL, title and text); left out",
                    a.article.source
                ));
                continue;
            }
            self.numbered += 1;
            self.seen.insert(a.content_hash, self.numbered);
            a.article.id = format!("a{}", self.numbered);
            fresh.push((self.numbered, a));
        }
        let days: Vec<Option<i64>> = fresh.iter().map(|(_, a)| a.link.day).collect();
        let mut fresh: Vec<Option<(i64, Analysed)>> = fresh.into_iter().map(Some).collect();
        for (n, a) in batch_order(&days)
            .into_iter()
            .filter_map(|i| fresh[i].take())
        {
            let link = self.linker.link(&a.link);
            self.linker
                .remember(n, a.link.signature.clone(), a.link.day, &link);
            self.join(n, a, link);
        }
        (self.settled(), repeats)
    }

    fn join(&mut self, n: i64, a: Analysed, link: Link) {
        if let Some(d) = a.link.day {
            self.latest = Some(self.latest.map_or(d, |l| l.max(d)));
        }
        for gone in &link.absorbed {
            // Still open here: a story settles later than the clusterer
            // forgets it, and only stories it holds merge.
            if let Some(mut g) = self.open.remove(gone) {
                let into = self.open.entry(link.story).or_insert(Open {
                    members: Vec::new(),
                    last_day: g.last_day,
                });
                into.last_day = into.last_day.max(g.last_day);
                into.members.append(&mut g.members);
                into.members.sort_by_key(|m| m.0);
            }
        }
        let day = a.link.day.or(self.latest).unwrap_or(0);
        let story = self.open.entry(link.story).or_insert(Open {
            members: Vec::new(),
            last_day: day,
        });
        story.last_day = story.last_day.max(day);
        story.members.push((
            n,
            Member {
                article: a.article,
                analysis: a.analysis,
                signature: a.link.signature,
                group: link.copy_of.unwrap_or(n),
            },
        ));
    }

    /// The stories nothing can join any more (see
    /// [`Clustering::settled_after`]), in story order.
    fn settled(&mut self) -> Vec<Settled> {
        let Some(latest) = self.latest else {
            return Vec::new();
        };
        let horizon = latest - self.clustering.settled_after();
        // A story the clusterer still holds can still grow (an undated one
        // whatever the dates).
        let clusterer = &self.linker.clusterer;
        let done: Vec<u64> = self
            .open
            .iter()
            .filter(|(&id, s)| s.last_day < horizon && !clusterer.is_open(id))
            .map(|(&id, _)| id)
            .collect();
        let how = self.how;
        done.into_iter()
            .filter_map(|id| {
                let story = self.open.remove(&id)?;
                Some(Settled { id, story, how })
            })
            .collect()
    }

    /// Articles numbered so far: every article read but repeats.
    pub fn numbered(&self) -> u64 {
        self.numbered as u64
    }

    /// Every story still open, in story order.
    pub fn finish(mut self) -> Vec<Settled> {
        let how = self.how;
        std::mem::take(&mut self.open)
            .into_iter()
            .map(|(id, story)| Settled { id, story, how })
            .collect()
    }
}

/// Each copy points at its group's earliest copy in the story (by date,
/// then as read), with the estimated share of its text found there.
fn copy_links(members: &[(i64, Member)]) -> Vec<Copy> {
    let mut earliest: HashMap<i64, (&str, i64, usize)> = HashMap::new();
    for (i, (n, m)) in members.iter().enumerate() {
        let key = (m.article.published.as_deref().unwrap_or("9999"), *n, i);
        let e = earliest.entry(m.group).or_insert(key);
        if key < *e {
            *e = key;
        }
    }
    members
        .iter()
        .filter_map(|(n, m)| {
            let &(_, first, at) = earliest.get(&m.group)?;
            if first == *n {
                return None;
            }
            let sim = members[at].1.signature.containment(&m.signature);
            Some(Copy {
                article: m.article.id.clone(),
                copy_of: members[at].1.article.id.clone(),
                similarity: (sim * 1000.0).round() / 1000.0,
            })
        })
        .collect()
}

/// One story's report: undated articles dated from the story, then claims.
fn report(id: u64, story: Open, how: Candidates) -> Outcome {
    let mut members = story.members;
    members.sort_by_key(|(n, _)| *n);
    let copies = copy_links(&members);
    let (mut articles, mut analyses): (Vec<Article>, Vec<Analysis>) = members
        .into_iter()
        .map(|(_, m)| (m.article, m.analysis))
        .unzip();
    let all: Vec<usize> = (0..articles.len()).collect();
    date_undated(&mut articles, &mut analyses, &all);
    let story = {
        let arts: Vec<&Article> = articles.iter().collect();
        let ans: Vec<&Analysis> = analyses.iter().collect();
        corroborate_with(&format!("s{id}"), &arts, &ans, &copies, how)
    };
    Outcome {
        articles,
        analyses,
        stories: vec![story],
    }
}

/// Dates an article states for sure: its own date and absolute dates in it.
fn known_dates(article: &Article, analysis: &Analysis) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = analysis
        .times
        .iter()
        .filter(|t| !t.relative && t.precision == Some(crosscheck_model::Precision::Day))
        .filter_map(|t| {
            t.value
                .as_deref()
                .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
        })
        .collect();
    if let Some(d) = article
        .published
        .as_deref()
        .and_then(|p| p.get(..10))
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        out.push(d);
    }
    out
}

/// Dates undated articles of a group from their own content, helped by the
/// dates the group's other articles state, and re-normalises their relative
/// times against that range.
fn date_undated(articles: &mut [Article], analyses: &mut [Analysis], group: &[usize]) {
    if group.iter().all(|&i| articles[i].published.is_some()) {
        return;
    }
    let known: Vec<(usize, Vec<NaiveDate>)> = group
        .iter()
        .map(|&j| (j, known_dates(&articles[j], &analyses[j])))
        .collect();
    for &i in group {
        if articles[i].published.is_some() {
            continue;
        }
        let others: Vec<NaiveDate> = known
            .iter()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, d)| d.iter().copied())
            .collect();
        let first = analyze_with(&articles[i], None);
        if let Some((anchor, reason)) = timex::infer_anchor(&first.times, &others) {
            articles[i].published_range = Some(DateRange {
                from: anchor.from.to_string(),
                to: anchor.to.to_string(),
                reason,
            });
            analyses[i] = analyze_with(&articles[i], Some(anchor));
        } else {
            analyses[i] = first;
        }
    }
}

/// Analyses, links and corroborates articles given in the order read (ids
/// are given as `a1`, `a2`, …), in batches of [`BATCH`], as `analyze` does.
pub fn run(articles: Vec<Article>) -> Outcome {
    run_with(articles, Clustering::default(), Candidates::Indexed, None).0
}

/// [`run`] with other clustering and alignment settings; also says which
/// articles were left out as repeats of one read before.
pub fn run_with(
    articles: Vec<Article>,
    clustering: Clustering,
    how: Candidates,
    encoder: Option<&Encoder>,
) -> (Outcome, Vec<String>) {
    let mut stories = Stories::new(clustering, how);
    let (mut outcomes, mut left_out) = (Vec::new(), Vec::new());
    let mut rest = articles.into_iter().peekable();
    while rest.peek().is_some() {
        let mut batch: Vec<Analysed> = rest.by_ref().take(BATCH).map(Analysed::new).collect();
        embed(&mut batch, encoder);
        let (settled, repeats) = stories.add(batch);
        outcomes.extend(settled.into_iter().map(Settled::report));
        left_out.extend(repeats);
    }
    outcomes.extend(stories.finish().into_iter().map(Settled::report));
    (merge(outcomes), left_out)
}

/// Several outcomes as one, in the order given.
pub fn merge(outcomes: Vec<Outcome>) -> Outcome {
    let mut all = Outcome {
        articles: Vec::new(),
        analyses: Vec::new(),
        stories: Vec::new(),
    };
    for o in outcomes {
        all.articles.extend(o.articles);
        all.analyses.extend(o.analyses);
        all.stories.extend(o.stories);
    }
    all
}

/// Analyses and corroborates articles already known to tell one story (an
/// archive's stored story), with copy links decided when they were stored.
pub fn run_story(id: &str, mut articles: Vec<Article>, copies: &[Copy]) -> Outcome {
    let mut analyses: Vec<Analysis> = articles.iter().map(analyze).collect();
    let all: Vec<usize> = (0..articles.len()).collect();
    date_undated(&mut articles, &mut analyses, &all);
    let story = {
        let arts: Vec<&Article> = articles.iter().collect();
        let ans: Vec<&Analysis> = analyses.iter().collect();
        crate::corroborate(id, &arts, &ans, copies)
    };
    Outcome {
        articles,
        analyses,
        stories: vec![story],
    }
}
