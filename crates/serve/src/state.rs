//! The server's shared state: the archive behind a lock, and what is kept
//! between requests (story reports, claim counts) so that the slow part,
//! analysing a story, happens once per story size and off the lock.

use crate::{story_view, ServeError};
use crosscheck_archive::Archive;
use crosscheck_corroborate::pipeline::Outcome;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A story's report and the copies left out of it.
pub type Report = Arc<Outcome>;

/// Story reports kept, at most: the ones being read now.
const REPORTS_KEPT: usize = 32;

/// The archive, shared by request handlers. SQLite connections are not
/// shared between threads, so requests take turns with it; story reports,
/// which take far longer than reading the store, are made without it.
pub struct AppState {
    archive: Mutex<Archive>,
    /// Recent story reports, each with the story's size when it was made
    /// (a story that grew gets a new report), oldest first.
    reports: Mutex<Vec<(u64, u64, Report)>>,
    /// Claim counts per story (conflicting, corroborated, single source),
    /// with the story's size when they were counted, for the story list.
    claims: Mutex<HashMap<u64, (u64, [usize; 3])>>,
    /// Stories whose claims are being counted now.
    counting: Mutex<std::collections::HashSet<u64>>,
}

impl AppState {
    pub fn new(archive: Archive) -> Arc<AppState> {
        Arc::new(AppState {
            archive: Mutex::new(archive),
            reports: Mutex::new(Vec::new()),
            claims: Mutex::new(HashMap::new()),
            counting: Mutex::new(Default::default()),
        })
    }

    fn keep(&self, story: u64, size: u64, report: &Report) {
        if let Some(st) = report.stories.first() {
            if let Ok(mut c) = self.claims.lock() {
                c.insert(story, (size, story_view::claim_counts(st)));
            }
        }
        if let Ok(mut r) = self.reports.lock() {
            r.retain(|e| e.0 != story);
            if r.len() >= REPORTS_KEPT {
                r.remove(0);
            }
            r.push((story, size, report.clone()));
        }
    }

    fn kept(&self, story: u64, size: u64) -> Option<Report> {
        let r = self.reports.lock().ok()?;
        r.iter()
            .find(|e| e.0 == story && e.1 == size)
            .map(|e| e.2.clone())
    }

    fn counted(&self, story: u64, size: u64) -> Option<[usize; 3]> {
        let c = self.claims.lock().ok()?;
        c.get(&story).filter(|e| e.0 == size).map(|e| e.1)
    }
}

/// Story `id`'s report: kept from before if the story has not grown since,
/// else made now, off the archive's lock.
pub(crate) async fn story_report(state: Shared, id: u64) -> Result<Report, ServeError> {
    let size = with_archive(state.clone(), move |a| Ok(a.story_size(id)?)).await?;
    if size == 0 {
        return Err(ServeError::NotFound(format!(
            "no story {id} in this archive"
        )));
    }
    if let Some(r) = state.kept(id, size) {
        return Ok(r);
    }
    let input = with_archive(state.clone(), move |a| Ok(a.story_input(id)?)).await?;
    let size = input.size;
    let report: Report = Arc::new(
        tokio::task::spawn_blocking(move || input.run())
            .await
            .map_err(|e| ServeError::Internal(e.to_string()))?,
    );
    state.keep(id, size, &report);
    Ok(report)
}

pub(crate) type Shared = Arc<AppState>;

/// Runs `f` with the archive on a blocking thread.
pub(crate) async fn with_archive<T: Send + 'static>(
    state: Shared,
    f: impl FnOnce(&Archive) -> Result<T, ServeError> + Send + 'static,
) -> Result<T, ServeError> {
    tokio::task::spawn_blocking(move || {
        let archive = state
            .archive
            .lock()
            .map_err(|_| ServeError::Internal("archive lock poisoned".into()))?;
        f(&archive)
    })
    .await
    .map_err(|e| ServeError::Internal(e.to_string()))?
}

/// How long the story list waits for claim counts it does not have yet;
/// counting goes on after that, and a reload shows what was counted.
const COUNT_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// Counts the claims of `stories` ((id, size) pairs) not counted at their
/// present size nor being counted now: their reports are made side by
/// side, off the archive's lock, into the cache.
pub(crate) async fn count_claims(state: Shared, stories: Vec<(u64, u64)>) {
    let missing: Vec<u64> = {
        let Ok(mut busy) = state.counting.lock() else {
            return;
        };
        stories
            .iter()
            .filter(|(id, size)| state.counted(*id, *size).is_none() && busy.insert(*id))
            .map(|e| e.0)
            .collect()
    };
    if missing.is_empty() {
        return;
    }
    let wanted = missing.clone();
    let inputs = with_archive(state.clone(), move |a| {
        Ok(wanted
            .iter()
            .filter_map(|&id| a.story_input(id).ok())
            .collect::<Vec<_>>())
    })
    .await
    .unwrap_or_default();
    let mut work = tokio::task::JoinSet::new();
    for input in inputs {
        work.spawn_blocking(move || (input.id, input.size, Arc::new(input.run())));
    }
    while let Some(done) = work.join_next().await {
        if let Ok((id, size, report)) = done {
            state.keep(id, size, &report);
        }
    }
    if let Ok(mut busy) = state.counting.lock() {
        for id in missing {
            busy.remove(&id);
        }
    }
}

/// Claim counts of the stories listed, waiting at most [`COUNT_WAIT`] for
/// those not counted yet (`None` for a story still being counted).
pub(crate) async fn list_counts(state: Shared, stories: &[(u64, u64)]) -> Vec<Option<[usize; 3]>> {
    tokio::spawn(count_claims(state.clone(), stories.to_vec()));
    // Stories may be counted by this request or one before it: wait for
    // either, a while.
    let deadline = tokio::time::Instant::now() + COUNT_WAIT;
    while tokio::time::Instant::now() < deadline
        && stories
            .iter()
            .any(|(id, size)| state.counted(*id, *size).is_none())
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    stories
        .iter()
        .map(|(id, size)| state.counted(*id, *size))
        .collect()
}
