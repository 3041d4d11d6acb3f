//! The ingest loop: read → extract and analyse (in parallel) → dedup, copies,
//! stories (in order) → store and index, one transaction per batch.

use crate::{entry, Archive, Result, DF_KEY, DOCS_KEY};
use crosscheck_ingest::{Input, Options};
use crosscheck_link::cluster::{features, vector_bytes};
use crosscheck_link::minhash::{signature, Indexed, LshIndex, Signature};
use crosscheck_link::COPY_THRESHOLD;
use crosscheck_model::{Article, Document, EntityKind};
use crosscheck_store::{day_of, Entity, NewArticle, StoryState};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use xxhash_rust::xxh3::Xxh3;

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
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch: 256,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_bytes: crosscheck_ingest::DEFAULT_MAX_BYTES,
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
    day: Option<i64>,
    entities: Vec<Entity>,
    upstreams: Vec<String>,
    signature: Signature,
    features: Vec<(u32, u32)>,
}

/// Hash of strings joined by NUL, without copying them into one buffer
/// (a page is hashed once per document read).
fn hash_parts(parts: &[&str]) -> i64 {
    let mut h = Xxh3::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update(&[0]);
        }
        h.update(p.as_bytes());
    }
    h.digest() as i64
}

fn raw_hash(doc: &Document) -> i64 {
    hash_parts(&[doc.url.as_deref().unwrap_or(""), &doc.text])
}

fn content_hash(a: &Article) -> i64 {
    hash_parts(&[
        a.url.as_deref().unwrap_or(""),
        a.title.as_deref().unwrap_or(""),
        &a.text,
    ])
}

/// Extraction, analysis and the per-article numbers; the costly part.
fn prepare(raw: i64, doc: &Document) -> std::result::Result<Prepared, String> {
    let mut article = crosscheck_extract::extract(doc).map_err(|e| e.to_string())?;
    article.id = "0".into();
    let analysis = crosscheck_analyze::analyze(&article);
    let mut entities: Vec<Entity> = Vec::new();
    for m in &analysis.mentions {
        let kind = match m.kind {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Other => continue,
        };
        if !entities.iter().any(|e| e.name == m.entity) {
            entities.push(Entity {
                kind: kind.into(),
                name: m.entity.clone(),
            });
        }
    }
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
    let names: Vec<String> = entities.iter().map(|e| e.name.clone()).collect();
    let day = article
        .published
        .as_deref()
        .or(article.published_range.as_ref().map(|r| r.from.as_str()))
        .and_then(day_of);
    Ok(Prepared {
        raw_hash: raw,
        content_hash: content_hash(&article),
        signature: signature(&article.text),
        features: features(
            article.title.as_deref().unwrap_or(""),
            &article.text,
            &names,
        ),
        article,
        day,
        entities,
        upstreams,
    })
}

/// What the reader hands to the workers.
struct ReadBatch {
    seq: u64,
    docs: Vec<(i64, Document)>,
    errors: Vec<String>,
    read: u64,
    already: u64,
}

/// What a worker hands back, to be placed in `seq` order.
struct DoneBatch {
    seq: u64,
    results: Vec<std::result::Result<Prepared, String>>,
    errors: Vec<String>,
    read: u64,
    already: u64,
}

/// Reads every document, skips those stored by an earlier run (through its
/// own read-only view of the database), and sends batches on. Returns
/// whether it stopped early.
fn read_all(
    db: &std::path::Path,
    inputs: &[Input],
    opts: &IngestOptions,
    stop: &AtomicBool,
    abort: &AtomicBool,
    work: &std::sync::mpsc::SyncSender<ReadBatch>,
) -> bool {
    let seen = crosscheck_store::Sqlite::open(db).ok();
    let read_opts = Options {
        max_bytes: opts.max_bytes,
    };
    let mut seq = 0;
    let mut batch = ReadBatch {
        seq,
        docs: Vec::with_capacity(opts.batch),
        errors: Vec::new(),
        read: 0,
        already: 0,
    };
    let mut in_batch: HashSet<i64> = HashSet::new();
    let mut interrupted = false;
    'inputs: for input in crosscheck_ingest::expand(inputs) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                batch.errors.push(e.to_string());
                continue;
            }
        };
        for doc in crosscheck_ingest::documents(&input, &read_opts) {
            if abort.load(Ordering::Relaxed) {
                return true;
            }
            if stop.load(Ordering::Relaxed) {
                interrupted = true;
                break 'inputs;
            }
            batch.read += 1;
            let doc = match doc {
                Ok(d) => d,
                Err(e) => {
                    batch.errors.push(e.to_string());
                    continue;
                }
            };
            let raw = raw_hash(&doc);
            // A document in a batch still in flight is caught when placed.
            let stored = seen
                .as_ref()
                .is_some_and(|s| crosscheck_store::Store::seen_raw(s, raw).unwrap_or(false));
            if stored || !in_batch.insert(raw) {
                batch.already += 1;
                continue;
            }
            batch.docs.push((raw, doc));
            if batch.docs.len() >= opts.batch {
                seq += 1;
                let full = std::mem::replace(
                    &mut batch,
                    ReadBatch {
                        seq,
                        docs: Vec::with_capacity(opts.batch),
                        errors: Vec::new(),
                        read: 0,
                        already: 0,
                    },
                );
                in_batch.clear();
                if work.send(full).is_err() {
                    return true;
                }
            }
        }
    }
    let _ = work.send(batch);
    interrupted
}

impl Archive {
    /// Ingests every document the inputs hold. `stop` is checked between
    /// documents: when set, what was read is committed and the run ends.
    ///
    /// Three stages overlap: one thread reads, `opts.threads` threads
    /// extract and analyse whole batches, and the calling thread places
    /// them (copies, stories, store, index) in the order they were read.
    pub fn ingest(
        &mut self,
        inputs: &[Input],
        opts: &IngestOptions,
        progress: &mut dyn Progress,
        stop: &AtomicBool,
    ) -> Result<IngestReport> {
        let mut report = IngestReport::default();
        let mut clusterer = self.clusterer()?;
        let mut lsh = self.copy_index()?;
        let threads = opts.threads.max(1);
        let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<ReadBatch>(threads);
        let work_rx = std::sync::Mutex::new(work_rx);
        let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<DoneBatch>(threads + 1);
        let abort = AtomicBool::new(false);
        let db = self.db.clone();
        let mut failure: Option<crate::ArchiveError> = None;
        let interrupted = std::thread::scope(|scope| {
            let (abort, work_rx) = (&abort, &work_rx);
            let reader = std::thread::Builder::new()
                .name("cc-read".into())
                .spawn_scoped(scope, move || {
                    read_all(&db, inputs, opts, stop, abort, &work_tx)
                });
            let reader = match reader {
                Ok(r) => r,
                Err(e) => {
                    failure = Some(crate::ArchiveError::Thread(e));
                    return false;
                }
            };
            for _ in 0..threads {
                let done_tx = done_tx.clone();
                let worker = std::thread::Builder::new()
                    .name("cc-analyze".into())
                    .spawn_scoped(scope, move || loop {
                        let next = match work_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        let Ok(b) = next else { return };
                        let results = b.docs.iter().map(|(raw, d)| prepare(*raw, d)).collect();
                        let done = DoneBatch {
                            seq: b.seq,
                            results,
                            errors: b.errors,
                            read: b.read,
                            already: b.already,
                        };
                        if done_tx.send(done).is_err() {
                            return;
                        }
                    });
                if let Err(e) = worker {
                    // Fewer workers than asked for still finish the job.
                    if threads == 1 {
                        failure = Some(crate::ArchiveError::Thread(e));
                        abort.store(true, Ordering::Relaxed);
                    }
                }
            }
            drop(done_tx);
            let mut pending: std::collections::BTreeMap<u64, DoneBatch> = Default::default();
            let mut next = 0;
            for d in done_rx {
                if failure.is_some() {
                    continue; // drain, so every thread can finish
                }
                pending.insert(d.seq, d);
                while let Some(d) = pending.remove(&next) {
                    next += 1;
                    report.read += d.read;
                    report.already_stored += d.already;
                    progress.read(d.read);
                    for e in &d.errors {
                        report.failed += 1;
                        progress.error(e);
                    }
                    if let Err(e) =
                        self.place_batch(d.results, &mut clusterer, &mut lsh, &mut report, progress)
                    {
                        failure = Some(e);
                        abort.store(true, Ordering::Relaxed);
                        break;
                    }
                }
            }
            if failure.is_some() {
                // The reader may be waiting to hand on a batch nobody will
                // take: take them until it has seen the abort.
                abort.store(true, Ordering::Relaxed);
                while !reader.is_finished() {
                    if let Ok(rx) = work_rx.lock() {
                        let _ = rx.recv_timeout(std::time::Duration::from_millis(10));
                    }
                }
            }
            reader.join().unwrap_or(true)
        });
        if let Some(e) = failure {
            return Err(e);
        }
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
        clusterer: &mut crosscheck_link::cluster::Clusterer,
        lsh: &mut LshIndex,
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
        // Publication order within the batch; undated articles keep their
        // place after the dated ones.
        ready.sort_by_key(|p| p.day.unwrap_or(i64::MAX));
        self.store.begin()?;
        let mut max_id = 0;
        for p in ready {
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
            // (story, group) of the text this one copies, if any.
            let best = lsh
                .best(&p.signature, COPY_THRESHOLD)
                .map(|(_, a)| (a.story, a.group));
            let placed = clusterer.place(&p.features, p.day, best.map(|b| b.0));
            if !clusterer.is_open(placed.story) {
                self.store.bump_story(placed.story, p.day)?;
            }
            let new = NewArticle {
                raw_hash: p.raw_hash,
                content_hash: p.content_hash,
                article: p.article,
                day: p.day,
                entities: p.entities,
                upstreams: p.upstreams,
                signature: p.signature.to_bytes(),
                story: placed.story,
                copy_of: best.map(|b| b.1),
            };
            let id = self.store.insert(&new)?;
            lsh.insert(Indexed {
                id,
                day: p.day.or(lsh.latest()).unwrap_or(0),
                signature: p.signature,
                story: placed.story,
                group: new.copy_of.unwrap_or(id),
            });
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
        let dirty: Vec<StoryState> = clusterer
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
        self.store.save_state(DF_KEY, &clusterer.df_bytes())?;
        self.store
            .save_state(DOCS_KEY, &clusterer.docs().to_le_bytes())?;
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
