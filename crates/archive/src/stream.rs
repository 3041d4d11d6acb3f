//! Documents read, prepared in parallel, and handed on in batches in the
//! order they were read: the pipeline under both `ingest` and `analyze`.
//!
//! One thread reads (skipping documents a database already holds, when
//! given one, and repeats within a batch), `threads` threads prepare whole
//! batches (extraction and analysis, the costly part), and the calling
//! thread takes the batches in order. Batches are cut the same way for every
//! caller, so the same inputs reach the linker in the same batches.

use crate::IngestOptions;
use crosscheck_ingest::{Input, Options};
use crosscheck_model::Document;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use xxhash_rust::xxh3::Xxh3;

/// Hash of strings joined by NUL, without copying them into one buffer
/// (a page is hashed once per document read).
pub(crate) fn hash_parts(parts: &[&str]) -> i64 {
    let mut h = Xxh3::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update(&[0]);
        }
        h.update(p.as_bytes());
    }
    h.digest() as i64
}

/// The hash a document is known by: its URL and its bytes as read.
pub fn raw_hash(doc: &Document) -> i64 {
    hash_parts(&[doc.url.as_deref().unwrap_or(""), &doc.text])
}

/// One batch, prepared, in the order its documents were read.
pub struct Batch<T> {
    /// Per document: what `prepare` made of it, or why it failed.
    pub results: Vec<Result<T, String>>,
    /// Inputs and records that could not be read, named.
    pub errors: Vec<String>,
    /// Documents read.
    pub read: u64,
    /// Documents skipped as already stored, or repeated within the batch.
    pub already: u64,
}

/// What the reader hands to the workers.
struct ReadBatch {
    seq: u64,
    docs: Vec<(i64, Document)>,
    errors: Vec<String>,
    read: u64,
    already: u64,
}

impl ReadBatch {
    fn new(seq: u64, size: usize) -> ReadBatch {
        ReadBatch {
            seq,
            docs: Vec::with_capacity(size),
            errors: Vec::new(),
            read: 0,
            already: 0,
        }
    }
}

/// Reads every document, skips those stored by an earlier run (through its
/// own read-only view of the database `seen`) and those repeated within a
/// batch, and sends batches on. Returns whether it stopped early.
fn read_all(
    seen: Option<&std::path::Path>,
    inputs: &[Input],
    opts: &IngestOptions,
    stop: &AtomicBool,
    abort: &AtomicBool,
    work: &std::sync::mpsc::SyncSender<ReadBatch>,
) -> bool {
    let seen = seen.and_then(|db| crosscheck_store::Sqlite::open(db).ok());
    let read_opts = Options {
        max_bytes: opts.max_bytes,
    };
    let mut seq = 0;
    let mut batch = ReadBatch::new(seq, opts.batch);
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
                let full = std::mem::replace(&mut batch, ReadBatch::new(seq, opts.batch));
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

/// Runs the pipeline: `prepare` on every new document (raw hash and
/// document), in `opts.threads` threads, then `finish` on the batch's
/// results in the same thread (work done better on many documents at once,
/// such as embedding); `take` on each batch, in order, on the calling
/// thread. `stop` is checked between documents: when set, what
/// was read is still handed on and the run ends. An error from `take` stops
/// the run and is returned. Returns whether the run stopped early.
pub fn run<T: Send>(
    inputs: &[Input],
    opts: &IngestOptions,
    seen: Option<&std::path::Path>,
    stop: &AtomicBool,
    prepare: impl Fn(i64, &Document) -> Result<T, String> + Sync,
    finish: impl Fn(&mut [Result<T, String>]) + Sync,
    mut take: impl FnMut(Batch<T>) -> crate::Result<()>,
) -> crate::Result<bool> {
    let threads = opts.threads.max(1);
    let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<ReadBatch>(threads);
    let work_rx = std::sync::Mutex::new(work_rx);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(u64, Batch<T>)>(threads + 1);
    let abort = AtomicBool::new(false);
    let mut failure: Option<crate::ArchiveError> = None;
    let interrupted = std::thread::scope(|scope| {
        let (abort, work_rx, prepare, finish) = (&abort, &work_rx, &prepare, &finish);
        let reader = std::thread::Builder::new()
            .name("cc-read".into())
            .spawn_scoped(scope, move || {
                read_all(seen, inputs, opts, stop, abort, &work_tx)
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
                    let mut results: Vec<_> =
                        b.docs.iter().map(|(raw, d)| prepare(*raw, d)).collect();
                    finish(&mut results);
                    let done = Batch {
                        results,
                        errors: b.errors,
                        read: b.read,
                        already: b.already,
                    };
                    if done_tx.send((b.seq, done)).is_err() {
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
        let mut pending: std::collections::BTreeMap<u64, Batch<T>> = Default::default();
        let mut next = 0;
        for (seq, d) in done_rx {
            if failure.is_some() {
                continue; // drain, so every thread can finish
            }
            pending.insert(seq, d);
            while let Some(d) = pending.remove(&next) {
                next += 1;
                if let Err(e) = take(d) {
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
    match failure {
        Some(e) => Err(e),
        None => Ok(interrupted),
    }
}
