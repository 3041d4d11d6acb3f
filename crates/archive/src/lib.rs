//! Archive: the pipeline run over a news archive that keeps growing.
//!
//! Takes inputs (files, folders, stdin, WARC, JSON Lines, RSS/Atom) and a
//! database path; gives a store of analysed articles in which copies of one
//! text are grouped (MinHash/LSH), every article sits in a story (clustered
//! as articles arrive), and everything is searchable (tantivy). Then, per
//! stored story, the same corroboration report as `crosscheck analyze`.
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
        let open = self
            .store
            .open_stories(latest.unwrap_or(0) - 2 * c.window_days)?
            .into_iter()
            .map(|s| OpenStory {
                id: s.id,
                centroid: vector_from_bytes(&s.centroid),
                size: s.size,
                first_day: s.first_day,
                last_day: s.last_day,
                dated: true,
                touched: 0,
                // Not stored: a restored story is joined on words only
                // until an article in a known language joins it.
                languages: Vec::new(),
                meaning: None,
                meaning_len: 0.0,
                days: Vec::new(),
                places: Vec::new(),
                names: Vec::new(),
            })
            .collect();
        let mut cl = Clusterer::new(c.window_days, c.threshold, last_id.unwrap_or(0) + 1);
        cl.restore(&df, docs, open);
        Ok(cl)
    }

    /// Full-text search.
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
        Ok(hits)
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
