//! Archive: the pipeline run over a news archive that keeps growing.
//!
//! Takes inputs (files, folders, stdin, WARC, JSON Lines, RSS/Atom) and a
//! database path; gives a store of analysed articles in which copies of one
//! text are grouped (MinHash/LSH), every article sits in a story (clustered
//! as articles arrive), and everything is searchable (tantivy, and with the
//! sentence encoder by meaning, from each article's stored vector). Then,
//! per stored story, the same corroboration report as `crosscheck
//! analyze`.
//!
//! Streaming: documents are read one at a time and handled in batches, so
//! memory depends on the batch and the clustering window, not on the input.
//! Each batch is one database transaction; an article counts as stored only
//! once its batch is committed, so an interrupted ingest loses nothing it
//! reported, and a re-run skips what is already stored (by the hash of each
//! input document) and carries on.

mod analyze;
mod ingest;
pub mod stream;
mod views;

pub use analyze::{analyze, AnalyzeReport};
pub use ingest::{IngestOptions, IngestReport, Progress};
pub use views::{CopiesView, CopyRow, StoryInput};

use crosscheck_link::cluster::{vector_from_bytes, Clusterer, OpenStory};
use crosscheck_search::Entry;
use crosscheck_store::{Sqlite, Store, Stored};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Why an archive operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Store(#[from] crosscheck_store::StoreError),
    #[error(transparent)]
    Search(#[from] crosscheck_search::SearchError),
    #[error("no article {0} in this archive")]
    NoArticle(i64),
    #[error("no story {0} in this archive")]
    NoStory(u64),
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
    #[error("cannot write the report: {0}")]
    Output(#[source] std::io::Error),
}

pub type Result<T> = std::result::Result<T, ArchiveError>;

/// How stories are formed. Not saved with the archive: a later run with
/// other values goes on with its own.
pub use crosscheck_link::stream::Clustering;

/// An archive: a store and its search index.
pub struct Archive {
    store: Box<dyn Store>,
    search: crosscheck_search::Archive,
    /// Articles stored since the index last committed, and the last id.
    index_pending: usize,
    index_last: i64,
    clustering: Clustering,
    db: PathBuf,
    /// The sentence encoder, when its model was given: search then finds
    /// articles by meaning too, in any language it reads.
    encoder: Option<std::sync::Arc<crosscheck_link::stream::Encoder>>,
}

/// The least cosine between a query's sentence vector and an article's
/// headline and lead for search to give the article on meaning. On the 31
/// queries of `bench/stories` over its 96 pages and 1,678 unrelated ones
/// (keyword queries, as people type them), hits of another event were 71
/// of 479 at 0.3, 19 of 367 at 0.35 and 3 of 272 at 0.4.
pub const MEANING_MIN: f32 = 0.35;

/// The sum of a story's stored sentence vectors, as the clusterer keeps
/// it (`None` when none was stored).
fn meaning_sum(meanings: &[Vec<u8>]) -> Option<Vec<f32>> {
    let mut sum: Option<Vec<f32>> = None;
    for v in meanings
        .iter()
        .filter_map(|b| crosscheck_embed::from_bytes(b))
    {
        match &mut sum {
            Some(s) if s.len() == v.len() => s.iter_mut().zip(&v).for_each(|(a, b)| *a += b),
            Some(_) => {}
            None => sum = Some(v),
        }
    }
    sum
}

/// Whether a stored article passes search's filters (as the index applies
/// them to a match on words).
fn passes(s: &Stored, f: &crosscheck_search::Filter) -> bool {
    let day_ok = match (f.since, f.until) {
        (None, None) => true,
        (lo, hi) => s
            .day
            .is_some_and(|d| lo.is_none_or(|lo| d >= lo) && hi.is_none_or(|hi| d <= hi)),
    };
    day_ok
        && f.language
            .as_deref()
            .is_none_or(|l| s.article.language.as_deref() == Some(l))
        && f.outlet.as_deref().is_none_or(|o| {
            s.article
                .publisher
                .as_deref()
                .is_some_and(|p| p.to_lowercase() == o.to_lowercase())
        })
        && f.story.is_none_or(|story| s.story == story)
}

/// Where the search index of a database lives: a folder beside it.
pub fn index_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".index");
    db.with_file_name(name)
}

/// Keeps a long ingest's memory close to what it uses. glibc raises its
/// threshold for serving allocations with `mmap` each time a large block
/// is freed, after which blocks of up to 32 MiB (index pages, growing
/// tables) come from the heap arenas and leave holes there that are never
/// returned. A fixed threshold of 128 KiB keeps large blocks mapped and
/// returned on free: peak anonymous memory after 100,000 generated articles
/// goes from 147 to 124 MiB at the same speed (`crosscheck-bench ingest`).
/// Does nothing with other C libraries. Call it once, before starting
/// threads, in a program that ingests or serves.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the C allocator (it takes the
    // allocator's own lock), and 128 KiB is within M_MMAP_THRESHOLD's range.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

const DF_KEY: &str = "cluster.df";
const DOCS_KEY: &str = "cluster.docs";

impl Archive {
    /// Opens (creating if needed) the archive whose database is `db`; the
    /// search index is brought up to date with the database first.
    pub fn open(db: &Path, clustering: Clustering) -> Result<Archive> {
        if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| {
                crosscheck_search::SearchError::Folder {
                    path: parent.display().to_string(),
                    source,
                }
            })?;
        }
        let store = Sqlite::open(db)?;
        let search = crosscheck_search::Archive::open(&index_dir(db))?;
        let mut a = Archive {
            store: Box::new(store),
            search,
            index_pending: 0,
            index_last: 0,
            clustering,
            db: db.to_path_buf(),
            encoder: None,
        };
        a.catch_up_index()?;
        Ok(a)
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Indexes stored articles the index has not recorded (an ingest that
    /// was killed between the database commit and the index commit).
    fn catch_up_index(&mut self) -> Result<usize> {
        let mut after = self.search.indexed_up_to()?;
        let mut n = 0;
        loop {
            let batch = self.store.articles_after(after, 1000)?;
            let Some(last) = batch.last().map(|s| s.id) else {
                break;
            };
            for s in &batch {
                self.search.add(&entry(s))?;
            }
            n += batch.len();
            after = last;
            self.search.commit(after)?;
        }
        Ok(n)
    }

    /// A clusterer holding the stories still open at the archive's latest
    /// date, and the saved term frequencies.
    fn clusterer(&self) -> Result<Clusterer> {
        let c = self.clustering;
        let df = self.store.load_state(DF_KEY)?.unwrap_or_default();
        let docs = self
            .store
            .load_state(DOCS_KEY)?
            .and_then(|b| b.try_into().ok().map(u32::from_le_bytes))
            .unwrap_or(0);
        let (latest, last_id) = self.store.story_bounds()?;
        let mut open = Vec::new();
        for s in self
            .store
            .open_stories(latest.unwrap_or(0) - 2 * c.window_days)?
        {
            let (languages, meanings) = self.store.story_languages_and_meanings(s.id)?;
            let meaning = meaning_sum(&meanings);
            open.push(OpenStory {
                id: s.id,
                centroid: vector_from_bytes(&s.centroid),
                size: s.size,
                first_day: s.first_day,
                last_day: s.last_day,
                dated: true,
                touched: 0,
                languages,
                meaning_len: meaning
                    .as_deref()
                    .map_or(0.0, |m| m.iter().map(|x| x * x).sum::<f32>().sqrt()),
                meaning,
                days: Vec::new(),
                places: Vec::new(),
                names: Vec::new(),
                members: Vec::new(),
            });
        }
        let mut cl = Clusterer::new(c.window_days, c.threshold, last_id.unwrap_or(0) + 1);
        cl.restore(&df, docs, open);
        Ok(cl)
    }

    /// Gives search the sentence encoder (see [`Archive::search`]).
    pub fn set_encoder(
        &mut self,
        encoder: Option<std::sync::Arc<crosscheck_link::stream::Encoder>>,
    ) {
        self.encoder = encoder;
    }

    /// Full-text search; with the sentence encoder, then the articles
    /// closest in meaning to the query that its words did not find (in any
    /// language the encoder reads), up to the same limit.
    pub fn search(
        &self,
        query: &str,
        filter: &crosscheck_search::Filter,
    ) -> Result<Vec<crosscheck_search::Hit>> {
        let store = &self.store;
        let text_of = |id: i64| store.article(id).ok().flatten().map(|s| s.article.text);
        let mut hits = self.search.search(query, filter, &text_of)?;
        // The store says which story an article is in now: the index may
        // not have caught up with a merge of two stories yet.
        for h in &mut hits {
            if let Some(s) = store.article(h.id)? {
                h.story = s.story;
            }
        }
        if let Some(encoder) = &self.encoder {
            let found: HashSet<i64> = hits.iter().map(|h| h.id).collect();
            hits.extend(self.search_meaning(query, encoder, filter, &found)?);
        }
        Ok(hits)
    }

    /// Articles whose headline and lead are closest in meaning to `query`
    /// (cosine at least [`MEANING_MIN`]), best first, passing the filter,
    /// other than `found`.
    fn search_meaning(
        &self,
        query: &str,
        encoder: &crosscheck_link::stream::Encoder,
        filter: &crosscheck_search::Filter,
        found: &HashSet<i64>,
    ) -> Result<Vec<crosscheck_search::Hit>> {
        let q = encoder.embed(query);
        let mut near: Vec<(f32, i64)> = Vec::new();
        self.store.meanings(&mut |id, bytes| {
            if found.contains(&id) {
                return;
            }
            if let Some(v) = crosscheck_embed::from_bytes(bytes).filter(|v| v.len() == q.len()) {
                let c = crosscheck_embed::cosine(&q, &v);
                if c >= MEANING_MIN {
                    near.push((c, id));
                }
            }
        })?;
        near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let limit = if filter.limit == 0 { 20 } else { filter.limit };
        let mut out = Vec::new();
        for (similarity, id) in near {
            if out.len() + found.len() >= limit {
                break;
            }
            let Some(s) = self.store.article(id)? else {
                continue;
            };
            if !passes(&s, filter) {
                continue;
            }
            out.push(crosscheck_search::Hit {
                id,
                score: similarity,
                title: s.article.title.clone().unwrap_or_default(),
                outlet: s.article.publisher.clone(),
                day: s.day,
                language: s.article.language.clone(),
                story: s.story,
                snippet: crosscheck_search::opening(&s.article.text).to_string(),
                highlights: Vec::new(),
                matched: crosscheck_search::Matched::Meaning,
                similarity: Some(similarity),
            });
        }
        Ok(out)
    }
}

/// What the index holds of a stored article.
fn entry(s: &Stored) -> Entry {
    Entry {
        id: s.id,
        title: s.article.title.clone().unwrap_or_default(),
        text: s.article.text.clone(),
        entities: s
            .entities
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        day: s.day,
        language: s.article.language.clone(),
        outlet: s.article.publisher.clone(),
        story: s.story,
    }
}
