//! Serve: crosscheck's web desk over an archive.
//!
//! Takes an archive; gives an HTTP router with a JSON API under `/api/`
//! (the same documents as `--format json`) and server-rendered pages: the
//! story list with claim counts, a story side by side (sources, claims with
//! conflicts first and their evidence, the timeline and the sources'
//! independence drawn as pictures), an article with what was found in it
//! marked, search, and an upload form that runs `analyze` on a few pages.
//! Pages are HTML from `maud`, which escapes everything interpolated:
//! article text is hostile input. No script is served; every response
//! carries a Content-Security-Policy that allows none.

mod pages;
mod state;
mod story_view;
mod upload;

use state::{count_claims, list_counts, story_report, with_archive, Shared};
pub use state::{AppState, Report};

pub use upload::{MAX_BODY, MAX_FILE, MAX_FILES};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use crosscheck_archive::{Archive, ArchiveError};
use crosscheck_store::{day_of, StoryFilter};
use serde::Deserialize;

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
    let o = &*report;
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
