//! Serve: crosscheck's web desk over an archive.
//!
//! Takes an archive; gives an HTTP router with a JSON API under `/api/`
//! (the same documents as `--format json`) and server-rendered pages: the
//! story list, a story side by side (sources, claims with conflicts first
//! and their evidence, a timeline drawn as a picture, shared upstreams),
//! an article, search. Pages are HTML from `maud`, which escapes everything
//! interpolated: article text is hostile input. No script is served; every
//! response carries a Content-Security-Policy that allows none.

mod pages;
mod story_view;
mod upload;

pub use upload::{MAX_BODY, MAX_FILE, MAX_FILES};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use crosscheck_archive::{Archive, ArchiveError};
use crosscheck_corroborate::pipeline::Outcome;
use crosscheck_store::{day_of, StoryFilter};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A story's report and the copies left out of it.
pub type Report = Arc<(Outcome, usize)>;

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
        if let Some(st) = report.0.stories.first() {
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
async fn story_report(state: Shared, id: u64) -> Result<Report, ServeError> {
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

/// What a request can fail with, as the user sees it.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooLarge(String),
    /// Not one of the uploaded files could be read: why, for each.
    #[error("nothing could be read: {}", .0.join("; "))]
    Unreadable(Vec<String>),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServeError {
    pub fn status(&self) -> StatusCode {
        match self {
            ServeError::NotFound(_) => StatusCode::NOT_FOUND,
            ServeError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServeError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServeError::Unreadable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ServeError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<ArchiveError> for ServeError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::NoArticle(_) | ArchiveError::NoStory(_) => {
                ServeError::NotFound(e.to_string())
            }
            other => ServeError::Internal(other.to_string()),
        }
    }
}

impl From<crosscheck_store::StoreError> for ServeError {
    fn from(e: crosscheck_store::StoreError) -> Self {
        ServeError::Internal(e.to_string())
    }
}

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match &self {
            ServeError::Unreadable(why) => {
                serde_json::json!({"error": self.to_string(), "errors": why})
            }
            _ => serde_json::json!({"error": self.to_string()}),
        };
        (status, Json(body)).into_response()
    }
}

type Shared = Arc<AppState>;

/// Runs `f` with the archive on a blocking thread.
async fn with_archive<T: Send + 'static>(
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
async fn count_claims(state: Shared, stories: Vec<(u64, u64)>) {
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
async fn list_counts(state: Shared, stories: &[(u64, u64)]) -> Vec<Option<[usize; 3]>> {
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

/// Stories on a page of the list unless the query asks for more.
const DEFAULT_STORIES: usize = 50;

/// Filters in a query string.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub lang: Option<String>,
    pub outlet: Option<String>,
    pub story: Option<u64>,
    pub limit: Option<usize>,
}

fn day(s: &Option<String>) -> Result<Option<i64>, ServeError> {
    match s.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => day_of(d)
            .map(Some)
            .ok_or_else(|| ServeError::BadRequest(format!("{d:?} is not a date like 2025-12-24"))),
    }
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.trim().is_empty())
}

impl ListQuery {
    fn story_filter(&self) -> Result<StoryFilter, ServeError> {
        Ok(StoryFilter {
            since: day(&self.since)?,
            until: day(&self.until)?,
            language: nonempty(&self.lang),
            outlet: nonempty(&self.outlet),
            min_size: 1,
            limit: self.limit.unwrap_or(DEFAULT_STORIES).min(1000),
        })
    }

    fn search_filter(&self) -> Result<crosscheck_search::Filter, ServeError> {
        Ok(crosscheck_search::Filter {
            since: day(&self.since)?,
            until: day(&self.until)?,
            language: nonempty(&self.lang),
            outlet: nonempty(&self.outlet),
            story: self.story,
            limit: self.limit.unwrap_or(20).min(200),
        })
    }
}

async fn api_stories(
    State(s): State<Shared>,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ServeError> {
    let filter = q.story_filter()?;
    let list = with_archive(s, move |a| Ok(a.store().stories(&filter)?)).await?;
    Ok(Json(
        serde_json::json!({"schema_version": crosscheck_model::SCHEMA_VERSION, "stories": list}),
    ))
}

async fn api_story(State(s): State<Shared>, Path(id): Path<u64>) -> Result<Response, ServeError> {
    let report = story_report(s, id).await?;
    let o = &report.0;
    let json = crosscheck_report::json(&o.articles, &o.analyses, &o.stories);
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

async fn api_article(State(s): State<Shared>, Path(id): Path<i64>) -> Result<Response, ServeError> {
    let json = with_archive(s, move |a| {
        let stored = a.store().article(id)?.ok_or(ServeError::NotFound(format!(
            "no article {id} in this archive"
        )))?;
        let analysis = crosscheck_analyze::analyze(&stored.article);
        Ok(crosscheck_report::json(
            std::slice::from_ref(&stored.article),
            std::slice::from_ref(&analysis),
            &[],
        ))
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

async fn api_search(
    State(s): State<Shared>,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ServeError> {
    let text =
        nonempty(&q.q).ok_or_else(|| ServeError::BadRequest("q: nothing to search for".into()))?;
    let filter = q.search_filter()?;
    let hits = with_archive(s, move |a| Ok(a.search(&text, &filter)?)).await?;
    Ok(Json(
        serde_json::json!({"schema_version": crosscheck_model::SCHEMA_VERSION, "hits": hits}),
    ))
}

async fn api_copies(
    State(s): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ServeError> {
    let v = with_archive(s, move |a| Ok(a.copies(id)?)).await?;
    Ok(Json(
        serde_json::json!({"schema_version": crosscheck_model::SCHEMA_VERSION, "copies": v}),
    ))
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}

/// Headers every response carries: no script at all, no framing, no
/// sniffing, no referrer leaking what a journalist reads.
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// The whole application.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(pages::stories))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{id}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/static/style.css", get(pages::style))
        .route("/analyze", get(upload::form).post(upload::submit))
        .route("/api/analyze", axum::routing::post(upload::api))
        .layer(axum::extract::DefaultBodyLimit::max(upload::MAX_BODY))
        .route("/api/stories", get(api_stories))
        .route("/api/stories/{id}", get(api_story))
        .route("/api/articles/{id}", get(api_article))
        .route("/api/search", get(api_search))
        .route("/api/copies/{id}", get(api_copies))
        .route("/api/openapi.json", get(openapi))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

/// Serves `archive` on an already bound listener until the process ends;
/// `ready` is called with the address once it listens.
pub fn run(
    archive: Archive,
    listener: std::net::TcpListener,
    ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let state = AppState::new(archive);
        // The first page of the story list has its claim counts ready
        // sooner if counting starts now.
        let warm = state.clone();
        tokio::spawn(async move {
            let filter = StoryFilter {
                min_size: 1,
                limit: DEFAULT_STORIES,
                ..Default::default()
            };
            if let Ok(list) =
                with_archive(warm.clone(), move |a| Ok(a.store().stories(&filter)?)).await
            {
                count_claims(warm, list.iter().map(|s| (s.id, s.articles)).collect()).await;
            }
        });
        ready(listener.local_addr()?);
        axum::serve(listener, router(state)).await
    })
}
