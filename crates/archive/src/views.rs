//! What the archive shows: a stored story's report, an article's copies.

use crate::{Archive, ArchiveError, Result};
use crosscheck_corroborate::pipeline::{run_story, Outcome};
use crosscheck_link::minhash::signature;
use crosscheck_model::Copy;
use crosscheck_store::Stored;
use std::collections::{HashMap, HashSet};

/// One copy of a text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CopyRow {
    pub id: i64,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub source: String,
    pub story: u64,
    /// Estimated share of the shorter text found in the earliest copy.
    pub similarity: f64,
}

/// Where an article's text also appears.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CopiesView {
    pub article: i64,
    /// Every copy, earliest first (the article itself included).
    pub copies: Vec<CopyRow>,
    /// Who the text likely comes from, and why we think so.
    pub origin: Option<String>,
    pub origin_reason: String,
}

fn domain(contact: &str) -> Option<&str> {
    contact
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>'))
}

/// The likely origin of a copy group: a credit most copies carry, else the
/// earliest copy's byline address, else the earliest copy's outlet.
fn origin(group: &[Stored]) -> (Option<String>, String) {
    let mut credits: HashMap<&str, usize> = HashMap::new();
    for s in group {
        let uniq: HashSet<&str> = s.upstreams.iter().map(String::as_str).collect();
        for u in uniq {
            *credits.entry(u).or_default() += 1;
        }
    }
    let mut best: Vec<(&str, usize)> = credits.into_iter().collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if let Some(&(name, n)) = best.first() {
        if n * 2 >= group.len() && n >= 1 {
            return (
                Some(name.to_string()),
                format!("{n} of {} copies credit {name}", group.len()),
            );
        }
    }
    if let Some(first) = group.first() {
        if let Some(d) = first.article.byline_contact.as_deref().and_then(domain) {
            return (
                Some(d.to_string()),
                format!("the earliest copy's byline address is at {d}"),
            );
        }
        if let Some(p) = &first.article.publisher {
            return (Some(p.clone()), "the earliest copy's outlet".into());
        }
    }
    (None, "no credit, byline address or outlet to go on".into())
}

impl Archive {
    /// Where article `id`'s text also appears, earliest copy first.
    pub fn copies(&self, id: i64) -> Result<CopiesView> {
        let group = self.store.copy_group(id)?;
        if group.is_empty() {
            return Err(ArchiveError::NoArticle(id));
        }
        let first_sig = signature(&group[0].article.text);
        let (origin, origin_reason) = origin(&group);
        let copies = group
            .iter()
            .enumerate()
            .map(|(i, s)| CopyRow {
                id: s.id,
                publisher: s.article.publisher.clone(),
                title: s.article.title.clone(),
                url: s.article.url.clone(),
                published: s.article.published.clone(),
                source: s.article.source.clone(),
                story: s.story,
                similarity: if i == 0 {
                    1.0
                } else {
                    let c = first_sig.containment(&signature(&s.article.text));
                    (c * 1000.0).round() / 1000.0
                },
            })
            .collect();
        Ok(CopiesView {
            article: id,
            copies,
            origin,
            origin_reason,
        })
    }

    /// The corroboration report of stored story `id`: every article in it
    /// (copies of one text count as one source).
    pub fn story(&self, id: u64) -> Result<Outcome> {
        Ok(self.story_input(id)?.run())
    }

    /// How many articles story `id` holds now: a report made at that size
    /// is still the story's report.
    pub fn story_size(&self, id: u64) -> Result<u64> {
        Ok(self.store.story_size(id)?)
    }

    /// What a story's report is made from, read from the store. Making the
    /// report ([`StoryInput::run`]) takes far longer and needs no store, so
    /// a server can do it without holding the archive.
    pub fn story_input(&self, id: u64) -> Result<StoryInput> {
        let stored = self.store.story_articles(id)?;
        if stored.is_empty() {
            return Err(ArchiveError::NoStory(id));
        }
        let size = stored.len() as u64;
        let ids: HashSet<i64> = stored.iter().map(|s| s.id).collect();
        let texts: HashMap<i64, &str> = stored
            .iter()
            .map(|s| (s.id, s.article.text.as_str()))
            .collect();
        // Each copy points at its group's earliest copy in the story (the
        // group's first stored article is only the first to arrive), as
        // `copies` lists them.
        let group_of = |s: &Stored| s.copy_of.filter(|r| ids.contains(r)).unwrap_or(s.id);
        let mut earliest: HashMap<i64, (&str, i64)> = HashMap::new();
        for s in &stored {
            let key = (s.article.published.as_deref().unwrap_or("9999"), s.id);
            let e = earliest.entry(group_of(s)).or_insert(key);
            if key < *e {
                *e = key;
            }
        }
        let copies: Vec<Copy> = stored
            .iter()
            .filter_map(|s| {
                let first = earliest.get(&group_of(s))?.1;
                if first == s.id {
                    return None;
                }
                let sim = signature(texts.get(&first)?).containment(&signature(&s.article.text));
                Some(Copy {
                    article: s.id.to_string(),
                    copy_of: first.to_string(),
                    similarity: (sim * 1000.0).round() / 1000.0,
                })
            })
            .collect();
        let articles = stored.into_iter().map(|s| s.article).collect();
        Ok(StoryInput {
            id,
            size,
            articles,
            copies,
        })
    }
}

/// A stored story's articles and copies, ready for its report.
pub struct StoryInput {
    pub id: u64,
    /// Articles in the story.
    pub size: u64,
    articles: Vec<crosscheck_model::Article>,
    copies: Vec<Copy>,
}

impl StoryInput {
    /// The corroboration report.
    pub fn run(self) -> Outcome {
        run_story(&self.id.to_string(), self.articles, &self.copies)
    }
}
