//! Upload: a few pages or texts analysed without the CLI, by the same
//! pipeline as `crosscheck analyze` (nothing is stored). The form's file
//! field doubles as the drop zone: browsers drop files onto a file input,
//! so no script is needed for it.
//!
//! Limits are checked while the body streams in: a file over
//! [`MAX_FILE`] is cut off and reported, files beyond [`MAX_FILES`] are
//! reported and left out, a body over [`MAX_BODY`] ends the upload with a
//! clear page. Each file that cannot be read is named with its problem and
//! the others are still analysed.

use crate::pages::{article_text, error_page, page, removed};
use crate::story_view::story_body;
use crate::ServeError;
use axum::extract::Multipart;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use crosscheck_corroborate::pipeline::Outcome;
use crosscheck_model::Article;
use maud::{html, Markup};

/// Files (and pasted texts) analysed per upload, at most.
pub const MAX_FILES: usize = 20;
/// Bytes per file, at most.
pub const MAX_FILE: usize = 5 << 20;
/// Bytes per upload, at most (all files and the form around them).
pub const MAX_BODY: usize = 25 << 20;
/// Files over [`MAX_FILES`] named one by one; the rest are counted.
const NAMED_LEFT_OUT: usize = 10;

/// What an upload gave: articles read, and a line per file that could not be.
pub struct Uploaded {
    pub articles: Vec<Article>,
    pub errors: Vec<String>,
}

fn mb(bytes: usize) -> String {
    format!("{} MB", bytes >> 20)
}

/// Reads the form: `files` (any number of file parts) and `text` (pasted).
async fn read_form(mut form: Multipart) -> Result<Uploaded, ServeError> {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut seen = 0usize;
    let mut over = 0usize;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(body_error(e)),
        };
        let mut field = field;
        let name = match (field.name(), field.file_name()) {
            (Some("text"), _) => "pasted text".to_string(),
            (_, Some(f)) if !f.is_empty() => f.to_string(),
            // An empty file input sends a part with no name and no bytes.
            (Some("files"), _) => String::new(),
            (other, _) => {
                return Err(ServeError::BadRequest(format!(
                    "unexpected form field {:?}",
                    other.unwrap_or("")
                )))
            }
        };
        let mut bytes: Vec<u8> = Vec::new();
        let mut too_big = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_FILE {
                        too_big = true;
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(body_error(e)),
            }
        }
        if name.is_empty() || (name == "pasted text" && bytes.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        seen += 1;
        if too_big {
            errors.push(format!(
                "{name}: larger than {} (the limit per file); left out",
                mb(MAX_FILE)
            ));
        } else if inputs.len() >= MAX_FILES {
            // Named up to a point: a form of thousands of tiny parts must
            // not make a page of thousands of lines.
            over += 1;
            if over <= NAMED_LEFT_OUT {
                errors.push(format!(
                    "{name}: more than {MAX_FILES} files in one upload; left out"
                ));
            }
        } else {
            inputs.push((name, bytes));
        }
    }
    if over > NAMED_LEFT_OUT {
        errors.push(format!(
            "and {} more files over the limit of {MAX_FILES}; left out",
            over - NAMED_LEFT_OUT
        ));
    }
    if seen == 0 {
        return Err(ServeError::BadRequest(
            "nothing to analyze: choose or drop files, or paste a text".into(),
        ));
    }
    let mut articles: Vec<Article> = Vec::new();
    for (name, bytes) in inputs {
        let doc = match crosscheck_ingest::document_from_bytes(name.clone(), &bytes) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e.to_string());
                continue;
            }
        };
        let docs = if crosscheck_ingest::feed::looks_like_feed(&doc.text) {
            crosscheck_ingest::feed::items(&doc.source, &doc.text, &doc.charset)
        } else {
            vec![Ok(doc)]
        };
        for d in docs {
            match d.map(|d| crosscheck_extract::extract(&d)) {
                Ok(Ok(mut a)) => {
                    a.id = format!("a{}", articles.len() + 1);
                    articles.push(a);
                }
                Ok(Err(e)) => errors.push(e.to_string()),
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    Ok(Uploaded { articles, errors })
}

fn body_error(e: axum::extract::multipart::MultipartError) -> ServeError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ServeError::TooLarge(format!(
            "the upload is larger than {} in all; send fewer or smaller files",
            mb(MAX_BODY)
        ))
    } else {
        ServeError::BadRequest(format!("the upload could not be read: {}", e.body_text()))
    }
}

/// Reads the upload and runs the pipeline on a blocking thread.
async fn analyze(form: Multipart) -> Result<(Outcome, Vec<String>), ServeError> {
    let up = read_form(form).await?;
    if up.articles.is_empty() {
        return Err(ServeError::Unreadable(up.errors));
    }
    let mut errors = up.errors;
    let articles = up.articles;
    let (o, repeats) = tokio::task::spawn_blocking(move || {
        crosscheck_corroborate::pipeline::run_with(
            articles,
            Default::default(),
            crosscheck_corroborate::Candidates::Indexed,
            None,
        )
    })
    .await
    .map_err(|e| ServeError::Internal(e.to_string()))?;
    errors.extend(repeats);
    Ok((o, errors))
}

fn form_markup() -> Markup {
    html! {
        form.upload action="/analyze" method="post" enctype="multipart/form-data" {
            label.dropzone for="files" {
                strong { "Drop pages here" } " or choose files: HTML pages, plain text, RSS/Atom feeds. "
                "Up to " (MAX_FILES) " files of " (mb(MAX_FILE)) " each."
                input #files type="file" name="files" multiple accept=".html,.htm,.txt,.xml,.rss,.atom,text/html,text/plain";
            }
            label for="text" { "Or paste a text (a headline on its first line helps)" }
            textarea #text name="text" rows="6" {}
            button type="submit" { "Analyze" }
        }
    }
}

pub async fn form() -> Response {
    page(
        "Analyze pages",
        html! {
            h1 { "Analyze pages" }
            p { "The same analysis as " code { "crosscheck analyze" } ": nothing is stored." }
            (form_markup())
        },
    )
}

fn errors_markup(errors: &[String]) -> Markup {
    html! {
        @if !errors.is_empty() {
            section.errors role="alert" {
                h2 { "Not analysed" }
                ul { @for e in errors { li { (e) } } }
            }
        }
    }
}

/// `POST /analyze`: the result as a page.
pub async fn submit(form: Multipart) -> Response {
    let (o, errors) = match analyze(form).await {
        Ok(r) => r,
        Err(ServeError::Unreadable(errors)) => {
            let mut r = page(
                "Nothing could be read",
                html! {
                    h1 { "Nothing could be read" }
                    (errors_markup(&errors))
                    (form_markup())
                },
            );
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return r;
        }
        Err(e) => return error_page(e),
    };
    let href = |a: &str| format!("#{a}");
    page(
        "Analysis",
        html! {
            (errors_markup(&errors))
            @for (n, st) in o.stories.iter().enumerate() {
                @let ids: Vec<&str> = st.articles.iter().map(String::as_str).collect();
                @let idx: Vec<usize> = o.articles.iter().enumerate().filter(|(_, a)| ids.contains(&a.id.as_str())).map(|(i, _)| i).collect();
                @let arts: Vec<Article> = idx.iter().map(|&i| o.articles[i].clone()).collect();
                @let ans: Vec<crosscheck_model::Analysis> = idx.iter().map(|&i| o.analyses[i].clone()).collect();
                section.story {
                    (story_body(&format!("Uploaded story {}", n + 1), &arts, &ans, st, &href))
                }
            }
            section aria-labelledby="texts" {
                h2 #texts { "The articles" }
                @for (a, an) in o.articles.iter().zip(&o.analyses) {
                    details.article id=(a.id) {
                        summary { (a.id) ": " (a.title.clone().unwrap_or_else(|| a.source.clone())) }
                        (article_text(&a.text, an, None))
                        (removed(&a.removed))
                    }
                }
            }
            h2 { "Analyze more" }
            (form_markup())
        },
    )
}

/// `POST /api/analyze`: the `analyze --format json` document, with an
/// `errors` list of the files that could not be read.
pub async fn api(form: Multipart) -> Response {
    match analyze(form).await {
        Ok((o, errors)) => {
            let json = crosscheck_report::json(&o.articles, &o.analyses, &o.stories);
            let mut doc: serde_json::Value = match serde_json::from_str(&json) {
                Ok(v) => v,
                Err(e) => return ServeError::Internal(e.to_string()).into_response(),
            };
            doc["errors"] = serde_json::json!(errors);
            (
                [(header::CONTENT_TYPE, "application/json")],
                doc.to_string(),
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}
