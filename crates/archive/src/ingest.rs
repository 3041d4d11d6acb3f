//! The ingest loop: read → extract and analyse (in parallel) → dedup, copies,
//! stories (in order) → store and index, one transaction per batch.

use crate::{entry, Archive, Result, DF_KEY, DOCS_KEY};
use crosscheck_ingest::Input;
use crosscheck_link::cluster::vector_bytes;
use crosscheck_link::minhash::{Indexed, LshIndex, Signature};
use crosscheck_link::stream::{batch_order, named_entities, Linkable, Linker};
use crosscheck_model::{Article, Document};
use crosscheck_store::{Entity, NewArticle, StoryState};
use std::sync::atomic::{AtomicBool, Ordering};

/// Batches between commits of the search index.
const INDEX_COMMIT_BATCHES: usize = 40;

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Documents per transaction.
    pub batch: usize,
    /// Threads for extraction and analysis.
    pub threads: usize,
    pub max_bytes: u64,
    /// The sentence encoder, when its model was given: articles in other
    /// languages then join stories on meaning too.
    pub encoder: Option<std::sync::Arc<crosscheck_link::stream::Encoder>>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch: 256,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_bytes: crosscheck_ingest::DEFAULT_MAX_BYTES,
            encoder: None,
        }
    }
}

/// What an ingest did. Counts only: errors go to [`Progress::error`] as they
/// happen, so a long run keeps no list that grows.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct IngestReport {
    /// Documents read (pages, records, feed items).
    pub read: u64,
    /// New articles stored.
    pub stored: u64,
    /// Documents stored by an earlier run (or earlier in this one).
    pub already_stored: u64,
    /// New documents whose article (URL, title, text) was already stored.
    pub same_article: u64,
    /// Stored articles that are copies of a text stored before.
    pub copies: u64,
    /// Stories opened.
    pub stories_opened: u64,
    /// Inputs, records or pages that could not be read or had no article.
    pub failed: u64,
    /// Whether the run stopped early on request.
    pub interrupted: bool,
}

/// Told about an ingest as it goes.
pub trait Progress {
    /// An input, record or page failed; the message names it.
    fn error(&mut self, message: &str);
    /// A batch was committed; `report` is the running total.
    fn committed(&mut self, report: &IngestReport);
    /// `n` more documents were read.
    fn read(&mut self, _n: u64) {}
}

/// An article ready to be placed: everything computed in parallel.
struct Prepared {
    raw_hash: i64,
    content_hash: i64,
    article: Article,
    entities: Vec<Entity>,
    upstreams: Vec<String>,
    link: Linkable,
}

fn content_hash(a: &Article) -> i64 {
    // The same hash `analyze` tells repeated articles by.
    crosscheck_corroborate::pipeline::content_hash(a) as i64
}

/// Extraction, analysis and the per-article numbers; the costly part.
fn prepare(raw: i64, doc: &Document) -> std::result::Result<Prepared, String> {
    let mut article = crosscheck_extract::extract(doc).map_err(|e| e.to_string())?;
    article.id = "0".into();
    let analysis = crosscheck_analyze::analyze(&article);
    let named = named_entities(&analysis);
    let entities = named
        .into_iter()
        .map(|(kind, name)| Entity {
            kind: kind.into(),
            name,
        })
        .collect();
    let mut upstreams: Vec<String> = Vec::new();
    for a in &analysis.attributions {
        if matches!(
            a.cue.as_str(),
            "wire_dateline" | "credit" | "cited_by" | "reported" | "according_to"
        ) && !upstreams.contains(&a.source)
        {
            upstreams.push(a.source.clone());
        }
    }
    Ok(Prepared {
        raw_hash: raw,
        content_hash: content_hash(&article),
        link: Linkable::of(&article, &analysis),
        article,
        entities,
        upstreams,
    })
}

impl Archive {
    /// Ingests every document the inputs hold. `stop` is checked between
    /// documents: when set, what was read is committed and the run ends.
    ///
    /// Three stages overlap (see [`crate::stream`]): one thread reads,
    /// `opts.threads` threads extract and analyse whole batches, and the
    /// calling thread places them (copies, stories, store, index) in the
    /// order they were read.
    pub fn ingest(
        &mut self,
        inputs: &[Input],
        opts: &IngestOptions,
        progress: &mut dyn Progress,
        stop: &AtomicBool,
    ) -> Result<IngestReport> {
        let mut report = IngestReport::default();
        let mut linker = Linker::resume(self.clusterer()?, self.copy_index()?);
        let db = self.db.clone();
        let encoder = opts.encoder.clone();
        // Headlines and leads embedded a batch at a time (when a model is
        // given), in the analysis threads.
        let finish = move |results: &mut [std::result::Result<Prepared, String>]| {
            let Some(encoder) = encoder.as_deref() else {
                return;
            };
            let mut ok: Vec<&mut Prepared> =
                results.iter_mut().filter_map(|r| r.as_mut().ok()).collect();
            let articles: Vec<&crosscheck_model::Article> = ok.iter().map(|p| &p.article).collect();
            let meanings = crosscheck_link::stream::meanings(&articles, encoder);
            for (p, m) in ok.iter_mut().zip(meanings) {
                p.link.meaning = m;
            }
        };
        let interrupted =
            crate::stream::run(inputs, opts, Some(&db), stop, prepare, finish, |d| {
                report.read += d.read;
                report.already_stored += d.already;
                progress.read(d.read);
                for e in &d.errors {
                    report.failed += 1;
                    progress.error(e);
                }
                self.place_batch(d.results, &mut linker, &mut report, progress)
            })?;
        self.commit_index()?;
        report.interrupted = interrupted && stop.load(Ordering::Relaxed);
        Ok(report)
    }

    /// The copy index, rebuilt from the signatures of the articles stored
    /// within the copy window of the latest.
    fn copy_index(&self) -> Result<LshIndex> {
        let window = self.clustering.copy_window_days;
        let mut lsh = LshIndex::new(window);
        if let Some(latest) = self.store.latest_day()? {
            for r in self.store.recent(latest - window)? {
                if let Some(sig) = Signature::from_bytes(&r.signature) {
                    lsh.insert(Indexed {
                        id: r.id,
                        signature: sig,
                        day: r.day,
                        story: r.story,
                        group: r.group,
                    });
                }
            }
        }
        Ok(lsh)
    }

    /// Moves a merged story's articles, in the store and in the index (the
    /// index commits with the next commit; until then, and if the process
    /// dies first, a search hit's story is read from the store).
    fn merge_story(&mut self, gone: u64, keep: u64) -> Result<()> {
        for moved in self.store.merge_story(gone, keep)? {
            self.search.replace(&entry(&moved))?;
        }
        self.index_pending += 1;
        Ok(())
    }

    fn commit_index(&mut self) -> Result<()> {
        if self.index_pending > 0 {
            self.search.commit(self.index_last)?;
            self.index_pending = 0;
        }
        Ok(())
    }

    /// Places one batch in order and commits it.
    fn place_batch(
        &mut self,
        prepared: Vec<std::result::Result<Prepared, String>>,
        linker: &mut Linker,
        report: &mut IngestReport,
        progress: &mut dyn Progress,
    ) -> Result<()> {
        let mut ready: Vec<Prepared> = Vec::with_capacity(prepared.len());
        for p in prepared {
            match p {
                Ok(p) => ready.push(p),
                Err(e) => {
                    report.failed += 1;
                    progress.error(&e);
                }
            }
        }
        let days: Vec<Option<i64>> = ready.iter().map(|p| p.link.day).collect();
        let mut ready: Vec<Option<Prepared>> = ready.into_iter().map(Some).collect();
        self.store.begin()?;
        let mut max_id = 0;
        for p in batch_order(&days)
            .into_iter()
            .filter_map(|i| ready[i].take())
        {
            // Stored meanwhile: by a batch that was in flight when the
            // reader looked.
            if self.store.seen_raw(p.raw_hash)? {
                report.already_stored += 1;
                continue;
            }
            if self.store.find_content(p.content_hash)?.is_some() {
                report.same_article += 1;
                continue;
            }
            let placed = linker.link(&p.link);
            if !linker.clusterer.is_open(placed.story) {
                self.store.bump_story(placed.story, p.link.day)?;
            }
            for &gone in &placed.absorbed {
                self.merge_story(gone, placed.story)?;
            }
            let new = NewArticle {
                raw_hash: p.raw_hash,
                content_hash: p.content_hash,
                article: p.article,
                day: p.link.day,
                entities: p.entities,
                upstreams: p.upstreams,
                signature: p.link.signature.to_bytes(),
                story: placed.story,
                copy_of: placed.copy_of,
                meaning: p.link.meaning.as_deref().map(crosscheck_embed::to_bytes),
            };
            let id = self.store.insert(&new)?;
            linker.remember(id, p.link.signature, p.link.day, &placed);
            max_id = id;
            report.stored += 1;
            report.copies += u64::from(new.copy_of.is_some());
            report.stories_opened += u64::from(placed.opened);
            let stored = crosscheck_store::Stored {
                id,
                article: new.article,
                day: new.day,
                story: new.story,
                copy_of: new.copy_of,
                entities: new.entities,
                upstreams: new.upstreams,
            };
            self.search.add(&entry(&stored))?;
        }
        let dirty: Vec<StoryState> = linker
            .clusterer
            .take_dirty()
            .into_iter()
            .map(|s| StoryState {
                id: s.id,
                first_day: s.first_day,
                last_day: s.last_day,
                size: s.size,
                centroid: vector_bytes(&s.centroid),
            })
            .collect();
        self.store.save_stories(&dirty)?;
        self.store
            .save_state(DF_KEY, &linker.clusterer.df_bytes())?;
        self.store
            .save_state(DOCS_KEY, &linker.clusterer.docs().to_le_bytes())?;
        self.store.commit()?;
        if max_id > 0 {
            self.index_pending += 1;
            self.index_last = max_id;
        }
        // The index commits now and then, not per batch: each commit makes
        // a segment to merge later. What it has not committed when the
        // process dies is re-indexed from the database at the next open.
        if self.index_pending >= INDEX_COMMIT_BATCHES {
            self.commit_index()?;
        }
        progress.committed(report);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quiet;
    impl Progress for Quiet {
        fn error(&mut self, message: &str) {
            panic!("{message}");
        }
        fn committed(&mut self, _: &IngestReport) {}
    }

    /// Two stories found to be one: the articles of the one merged away
    /// are in the other, in the store, in the list of stories and in what
    /// a search says of them, before and after the index commits.
    #[test]
    fn a_merged_story_moves_in_the_store_and_the_index() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let pages = dir.path().join("pages");
        std::fs::create_dir(&pages).expect("a folder");
        std::fs::write(
            pages.join("ferry.txt"),
            "Ferry aground off Hareid\n\nThe ferry Nordlys ran aground off Hareid on Sunday with 212 passengers aboard.",
        )
        .expect("written");
        std::fs::write(
            pages.join("budget.txt"),
            "City budget adds bike lanes\n\nThe council approved 48 million kroner for bike lanes after a long debate.",
        )
        .expect("written");
        let db = dir.path().join("news.db");
        let mut archive = Archive::open(&db, crate::Clustering::default()).expect("an archive");
        archive
            .ingest(
                &[crosscheck_ingest::Input::Path(pages)],
                &IngestOptions::default(),
                &mut Quiet,
                &AtomicBool::new(false),
            )
            .expect("ingested");
        let hits = |a: &Archive, q: &str| -> Vec<u64> {
            a.search(q, &crosscheck_search::Filter::default())
                .expect("searched")
                .iter()
                .map(|h| h.story)
                .collect()
        };
        let (ferry, budget) = (hits(&archive, "Nordlys")[0], hits(&archive, "kroner")[0]);
        assert_ne!(ferry, budget);
        archive.store.begin().expect("begun");
        archive.merge_story(budget, ferry).expect("merged");
        archive.store.commit().expect("committed");
        assert_eq!(hits(&archive, "kroner"), vec![ferry], "read from the store");
        archive.commit_index().expect("index committed");
        assert_eq!(hits(&archive, "kroner"), vec![ferry], "and in the index");
        let with_story = crosscheck_search::Filter {
            story: Some(ferry),
            ..Default::default()
        };
        let in_story = archive.search("kroner", &with_story).expect("searched");
        assert_eq!(in_story.len(), 1, "the index holds the new story");
        assert_eq!(archive.store.story_articles(ferry).expect("read").len(), 2);
        assert!(archive
            .store
            .story_articles(budget)
            .expect("read")
            .is_empty());
    }
}
