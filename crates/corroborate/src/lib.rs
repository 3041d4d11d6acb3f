//! Corroborate: what the sources of one story agree on, disagree on, and
//! say alone; how independent they are; and the story's timeline.
//!
//! Takes the articles of a story with their analyses and copy links; gives a
//! [`Story`]. Sentences are aligned across articles ([`align`]: TF-IDF cosine
//! of their content terms, candidates from an inverted index, mutual best
//! matches above a threshold); an aligned group is `conflicting` when two of
//! its sources state values that cannot both be true (counts of the same
//! thing, ages, group sizes such as "one of the two" against "the two"),
//! `corroborated` when two or more independent copies of text state it, and
//! a sentence nobody else states is `single_source` ([`claim`]). Copies of
//! one text count as one source. Agreement is marked not independent when
//! every source credits one upstream (an agency, a broadcast), or when the
//! sources are copies.
//!
//! Nothing here compares every sentence with every other: the work and the
//! memory grow with the story and with what its sources have in common.
//!
//! [`pipeline`] runs the whole chain for the CLI.

mod align;
mod claim;
pub mod pipeline;
mod places;
mod timeline;

pub use align::Candidates;

use align::Interner;
use crosscheck_analyze::attributions::same_upstream;
use crosscheck_analyze::words::{is_stopword, term, tokens};
use crosscheck_link::{is_caseless, term_words, word_count};
use crosscheck_model::{
    Analysis, Article, Claim, Copy, Evidence, Quantity, Sentence, Status, Story, Upstream,
};
use std::collections::{BTreeSet, HashMap};

/// One sentence of one article, ready to compare.
pub(crate) struct Said<'a> {
    pub article: usize,
    pub sentence: &'a Sentence,
    pub quantities: Vec<&'a Quantity>,
    /// Quantities with what they count, keyed as [`quantity_key`] says.
    pub keyed: Vec<(String, &'a Quantity)>,
    /// Dated expressions with the first and last day they allow.
    pub dates: Vec<(String, chrono::NaiveDate, chrono::NaiveDate)>,
    pub upstreams: Vec<String>,
}

/// What one story's claims are made from.
pub(crate) struct Material<'a> {
    pub articles: &'a [&'a Article],
    pub analyses: &'a [&'a Analysis],
    /// Position of each article id.
    pub index: HashMap<&'a str, usize>,
    /// Per article, the first article of its copy group: its source.
    pub source: Vec<usize>,
    pub said: Vec<Said<'a>>,
    pub aligned: Vec<align::Unit>,
    /// Per sentence, its words of three letters or more that are not
    /// function words: term id and byte range (what agreement is shown on).
    pub ground: Vec<Vec<(u32, std::ops::Range<usize>)>>,
}

pub(crate) fn within(s: &crosscheck_model::Span, outer: &crosscheck_model::Span) -> bool {
    s.part == outer.part && s.start >= outer.start && s.end <= outer.end
}

/// Key on which two quantities are comparable.
pub(crate) fn quantity_key(q: &Quantity) -> Option<String> {
    let c = q.counts.as_deref()?;
    Some(if c.starts_with("group") {
        "group".into()
    } else if c == "age" {
        "age".into()
    } else if let Some((noun, state)) = c.split_once(':') {
        format!("{}:{state}", term(noun))
    } else {
        term(c)
    })
}

fn root(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

pub(crate) fn evidence(articles: &[&Article], u: &Said) -> Evidence {
    Evidence {
        article: articles[u.article].id.clone(),
        text: u.sentence.text.clone(),
        part: u.sentence.span.part.clone(),
        start: u.sentence.span.start,
        end: u.sentence.span.end,
        upstreams: u.upstreams.clone(),
    }
}

/// Upstreams an article as a whole relies on: wire credits, the
/// organisation behind a syndicated byline, and the wire an outlet is (a
/// page of Yonhap's own site rests on Yonhap as much as a page crediting
/// it).
fn article_upstreams(article: &Article, analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    let host = article
        .url
        .as_deref()
        .and_then(|u| u.split_once("://"))
        .and_then(|(_, rest)| rest.split(['/', '?', '#']).next());
    if let Some(agency) = article
        .publisher
        .as_deref()
        .and_then(crosscheck_analyze::agencies::canonical)
        .or_else(|| host.and_then(crosscheck_analyze::agencies::canonical))
    {
        out.push(agency.to_string());
    }
    for f in &analysis.flags {
        match f.kind.as_str() {
            "wire_copy" => out.extend(f.evidence.iter().cloned()),
            "syndicated_byline" => {
                if let Some(domain) = article
                    .byline_contact
                    .as_deref()
                    .and_then(|e| e.rsplit('@').next())
                {
                    out.push(domain.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// Sources: copies of one text collapse to one article of their group.
fn sources(articles: &[&Article], index: &HashMap<&str, usize>, copies: &[Copy]) -> Vec<usize> {
    let mut source: Vec<usize> = (0..articles.len()).collect();
    for c in copies {
        if let (Some(&a), Some(&b)) = (index.get(c.article.as_str()), index.get(c.copy_of.as_str()))
        {
            let (ra, rb) = (root(&mut source, a), root(&mut source, b));
            if ra != rb {
                source[ra] = rb;
            }
        }
    }
    (0..articles.len()).map(|i| root(&mut source, i)).collect()
}

/// The sentences that can make claims (five words or more, not left out by
/// analysis), with their facts and credits.
fn sayings<'a>(articles: &[&'a Article], analyses: &[&'a Analysis]) -> Vec<Said<'a>> {
    let mut out = Vec::new();
    for (ai, an) in analyses.iter().enumerate() {
        let whole = article_upstreams(articles[ai], an);
        for s in &an.sentences {
            if s.excluded.is_some() || word_count(&s.text) < 5 {
                continue;
            }
            // A photo credit ("[YONHAP]") covers its whole caption.
            let caption = s.span.part.starts_with("caption:");
            let mut ups: Vec<String> = an
                .attributions
                .iter()
                .filter(|t| within(&t.span, &s.span) || (caption && t.span.part == s.span.part))
                .map(|t| t.source.clone())
                .collect();
            ups.extend(whole.iter().cloned());
            ups.dedup();
            let quantities: Vec<&Quantity> = an
                .quantities
                .iter()
                .filter(|q| within(&q.span, &s.span))
                .collect();
            let keyed = quantities
                .iter()
                .filter_map(|q| Some((quantity_key(q)?, *q)))
                .collect();
            let dates = an
                .times
                .iter()
                .filter(|t| within(&t.span, &s.span))
                .filter_map(|t| {
                    let day =
                        |d: Option<&str>| chrono::NaiveDate::parse_from_str(d?, "%Y-%m-%d").ok();
                    Some((
                        t.text.clone(),
                        day(t.from.as_deref())?,
                        day(t.to.as_deref())?,
                    ))
                })
                .collect();
            out.push(Said {
                article: ai,
                sentence: s,
                quantities,
                keyed,
                dates,
                upstreams: ups,
            });
        }
    }
    out
}

/// Whether most letters of a text are in scripts without case (a Korean
/// sentence naming "KBS" is still Korean).
fn mostly_caseless(text: &str) -> bool {
    let (mut caseless, mut cased) = (0, 0);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_uppercase() || c.is_lowercase() {
            cased += 1;
        } else {
            caseless += 1;
        }
    }
    caseless > cased
}

/// Sorted, distinct ids.
fn set(mut ids: Vec<u32>) -> Vec<u32> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A sentence's words as the aligner compares them, interned.
type Ground = Vec<(u32, std::ops::Range<usize>)>;

fn aligned(
    u: &Said,
    language: Option<&str>,
    analysis: &Analysis,
    words: &mut Interner,
) -> (align::Unit, Ground) {
    let t = &u.sentence.text;
    let values: Vec<&str> = analysis
        .times
        .iter()
        .filter(|tm| within(&tm.span, &u.sentence.span))
        .filter_map(|tm| tm.value.as_deref())
        .collect();
    // Facts count as words too: two sentences naming the same date or
    // counting the same thing are more likely one claim.
    let mut weighed: Vec<u32> = term_words(t).map(|w| words.term(w)).collect();
    for v in &values {
        let id = words.id(&format!("when:{v}"));
        weighed.extend([id, id]);
    }
    for (k, _) in &u.keyed {
        weighed.push(words.id(&format!("qty:{k}")));
    }
    let spans = tokens(t);
    let ground = spans
        .iter()
        .map(|&(a, b)| (&t[a..b], a..b))
        .filter(|(w, _)| w.chars().count() >= 3 && !is_stopword(w))
        .map(|(w, r)| (words.term(w), r))
        .collect();
    let toks: Vec<&str> = spans.iter().map(|&(a, b)| &t[a..b]).collect();
    // Lower-case content terms: what a sentence says beyond the names in
    // it. Two sentences that share only names ("Jon Aas said …" / "Jon Aas
    // will visit …") are not one claim.
    // Scripts without case cannot tell names apart: every word of two
    // characters or more counts (Han and kana as their two-character
    // pieces, Hangul words whole).
    let cased = toks
        .iter()
        .filter(|w| !is_caseless(w))
        .filter(|w| w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_lowercase))
        .filter(|w| !is_stopword(w))
        .copied();
    // (Words with digits are their numbers, compared as such, not as words.)
    let caseless = term_words(t).filter(|w| {
        is_caseless(w) && w.chars().count() >= 2 && !w.chars().any(|c| c.is_ascii_digit())
    });
    let plain = cased.chain(caseless).map(|w| words.term(w)).collect();
    // Dates count as shared content: "will visit Floro on Wednesday" /
    // "will travel to Floro on Wednesday".
    let dates = values
        .iter()
        .map(|v| words.id(&format!("when:{v}")))
        .collect();
    // Names other than the sentence's first word ("Floro", "Kyiv"); day and
    // month names are dates, counted as such.
    let named = toks
        .iter()
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| w.to_lowercase())
        .filter(|w| !crosscheck_model::calendar::is_calendar_word(w))
        .map(|w| words.id(&format!("name:{w}")))
        .collect();
    let unit = align::Unit {
        article: u.article,
        terms: weighed,
        plain: set(plain),
        dates: set(dates),
        named: set(named),
        caseless: mostly_caseless(t),
        counts: !u.keyed.is_empty(),
        states: {
            let mut s: Vec<(u32, u32)> = u
                .keyed
                .iter()
                .filter_map(|(k, _)| k.split_once(':'))
                .filter(|(noun, _)| *noun != "group")
                .map(|(noun, state)| (words.id(&format!("count:{noun}")), words.id(state)))
                .collect();
            s.sort_unstable();
            s.dedup();
            s
        },
        language: language.map(|l| words.id(&format!("language:{l}"))),
        tallies: set(u
            .keyed
            .iter()
            .filter(|(_, q)| !q.approximate && q.low.is_some() && q.low == q.high)
            .filter_map(|(k, q)| {
                // People in a state, whatever noun counts them ("179명",
                // "179 passengers"): the state and the number.
                let (noun, state) = k.split_once(':')?;
                (noun != "group").then(|| words.id(&format!("tally:{state}={:?}", q.low)))
            })
            .collect()),
    };
    (unit, ground)
}

/// How two statements relate, as the claims of a story would judge them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Conflict,
    Agree,
    Unrelated,
}

/// Compares two statements from two sources, dated `published`: the same
/// alignment and value checks that `corroborate` applies to a story.
pub fn compare(a: &str, b: &str, published: &str) -> Verdict {
    let arts: Vec<Article> = [a, b]
        .iter()
        .enumerate()
        .map(|(i, t)| Article {
            id: format!("a{}", i + 1),
            text: t.to_string(),
            published: Some(published.to_string()),
            paragraphs: vec![crosscheck_model::Paragraph {
                start: 0,
                end: t.chars().count(),
                text: t.to_string(),
            }],
            ..Default::default()
        })
        .collect();
    let analyses: Vec<Analysis> = arts.iter().map(crosscheck_analyze::analyze).collect();
    let story = corroborate(
        "s1",
        &[&arts[0], &arts[1]],
        &[&analyses[0], &analyses[1]],
        &[],
    );
    let multi = |c: &&Claim| {
        c.evidence
            .iter()
            .map(|e| &e.article)
            .collect::<BTreeSet<_>>()
            .len()
            > 1
    };
    if story
        .claims
        .iter()
        .filter(multi)
        .any(|c| c.status == Status::Conflicting)
    {
        Verdict::Conflict
    } else if story
        .claims
        .iter()
        .filter(multi)
        .any(|c| c.status == Status::Corroborated)
    {
        Verdict::Agree
    } else {
        Verdict::Unrelated
    }
}

/// Builds one story from its articles.
pub fn corroborate(
    id: &str,
    articles: &[&Article],
    analyses: &[&Analysis],
    copies: &[Copy],
) -> Story {
    corroborate_with(id, articles, analyses, copies, Candidates::Indexed)
}

/// [`corroborate`], with candidate pairs of sentences found as `how` says.
pub fn corroborate_with(
    id: &str,
    articles: &[&Article],
    analyses: &[&Analysis],
    copies: &[Copy],
    how: Candidates,
) -> Story {
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let source = sources(articles, &index, copies);
    let said = sayings(articles, analyses);
    let mut words = Interner::default();
    let (aligned, ground): (Vec<align::Unit>, Vec<Ground>) = said
        .iter()
        .map(|u| {
            let language = articles[u.article].language.as_deref();
            aligned(u, language, analyses[u.article], &mut words)
        })
        .unzip();
    let m = Material {
        articles,
        analyses,
        index,
        source,
        said,
        aligned,
        ground,
    };
    let alignment = align::align(&m.aligned, words.len(), how);
    let mut used: Vec<bool> = vec![false; m.said.len()];
    let mut claims = places::conflicts(&m, &alignment.sims, &mut used);
    for g in &alignment.groups {
        if g.len() == 1 && used[g[0]] {
            continue;
        }
        claims.push(claim::claim(&m, g));
    }
    number_claims(&mut claims, &m.index, id);
    Story {
        id: id.to_string(),
        title: {
            let titles: Vec<(&str, Option<&str>)> = articles
                .iter()
                .filter_map(|a| Some((a.title.as_deref()?, a.language.as_deref())))
                .collect();
            let reader = crosscheck_model::titles::reader_language();
            crosscheck_model::titles::representative(&titles, &reader)
                .or_else(|| {
                    articles
                        .iter()
                        .find_map(|a| crosscheck_model::titles::opening(&a.text))
                })
                .unwrap_or_else(|| "(untitled)".into())
        },
        articles: articles.iter().map(|a| a.id.clone()).collect(),
        copies: copies.to_vec(),
        upstreams: shared_upstreams(articles, analyses),
        claims,
        timeline: timeline::build(articles, analyses),
    }
}

/// Conflicts first, then corroborated, then single-source claims, each in
/// the order of their first evidence; ids `{story}-c1`, `-c2`, ….
fn number_claims(claims: &mut [Claim], index: &HashMap<&str, usize>, id: &str) {
    claims.sort_by(|a, b| {
        let first = |c: &Claim| {
            c.evidence
                .first()
                .map(|e| (index[e.article.as_str()], e.part.clone(), e.start))
        };
        (a.status, first(a)).cmp(&(b.status, first(b)))
    });
    for (i, c) in claims.iter_mut().enumerate() {
        c.id = format!("{id}-c{}", i + 1);
    }
}

/// Agencies, broadcasts and syndicating outlets credited by two or more
/// articles of the story.
fn shared_upstreams(articles: &[&Article], analyses: &[&Analysis]) -> Vec<Upstream> {
    let mut upstreams: Vec<Upstream> = Vec::new();
    for (ai, an) in analyses.iter().enumerate() {
        let mut names: Vec<String> = an.attributions.iter().map(|t| t.source.clone()).collect();
        names.extend(article_upstreams(articles[ai], an));
        for name in names {
            if name.split_whitespace().count() > 5 || name.starts_with(|c: char| c.is_lowercase()) {
                continue;
            }
            let aid = articles[ai].id.clone();
            match upstreams.iter_mut().find(|u| same_upstream(&u.name, &name)) {
                Some(u) => {
                    if !u.articles.contains(&aid) {
                        u.articles.push(aid);
                    }
                    // Prefer the spelled-out name over an acronym.
                    if name.len() > u.name.len() && name.contains(' ') {
                        u.name = name;
                    }
                }
                None => upstreams.push(Upstream {
                    name,
                    articles: vec![aid],
                }),
            }
        }
    }
    upstreams.retain(|u| u.articles.len() >= 2);
    upstreams.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.name.cmp(&b.name))
    });
    upstreams
}

#[cfg(test)]
mod tests;
