//! Extract: from a decoded [`Document`] to an [`Article`].
//!
//! Takes HTML or scraped plain text; gives the article body as paragraphs with
//! boilerplate gone (widgets, ads, navigation, donation appeals, bios, share
//! bars, broken image leftovers, repeated paragraphs), captions kept apart,
//! and metadata: title, publisher, byline and contact address, publication
//! date with where it came from, canonical URL, language. Everything removed
//! is listed in `Article::removed` so that nothing disappears unexplained.
//!
//! HTML and text share one paragraph-level boilerplate classifier
//! ([`boilerplate`]); HTML adds DOM-level cues (tags, class names, link
//! density) and page metadata ([`html`]).

pub mod boilerplate;
pub mod dates;
mod html;
mod lang;
mod text;

use crosscheck_model::{Article, Document, Format, Paragraph, Removed};

/// Why no article could be extracted from a document.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{source_name}: no article text found{hint}")]
    NoText { source_name: String, hint: String },
}

/// What extraction found before paragraphs are joined into the article text.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub byline: Option<String>,
    pub byline_contact: Option<String>,
    pub published: Option<String>,
    pub published_from: Option<String>,
    pub modified: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    pub removed: Vec<Removed>,
}

/// Extracts one article. The one code path for `extract` and `analyze`.
pub fn extract(doc: &Document) -> Result<Article, ExtractError> {
    let draft = match doc.format {
        Format::Html => html::extract(&doc.text),
        Format::Text => text::extract(&doc.text),
    };
    if draft.paragraphs.is_empty() {
        let hint = if doc.format == Format::Html {
            " (the page has no paragraphs of readable text outside scripts and navigation)"
        } else {
            " (every line looked like page furniture)"
        };
        return Err(ExtractError::NoText {
            source_name: doc.source.clone(),
            hint: hint.into(),
        });
    }
    let mut text = String::new();
    let mut paragraphs = Vec::with_capacity(draft.paragraphs.len());
    let mut chars = 0usize;
    for p in draft.paragraphs {
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let n = p.chars().count();
        paragraphs.push(Paragraph {
            start: chars,
            end: chars + n,
            text: p.clone(),
        });
        text.push_str(&p);
        chars += n;
    }
    let language = draft.language.or_else(|| lang::detect(&text));
    // What the container says (a WARC target URI, a JSON Lines date) fills
    // what the page itself does not.
    let url = draft.url.or_else(|| doc.url.clone());
    let (published, published_from) = match (draft.published, &doc.published) {
        (Some(p), _) => (Some(p), draft.published_from),
        (None, Some(p)) => (dates::normalise_meta_date(p), Some("source".to_string())),
        (None, None) => (None, None),
    };
    Ok(Article {
        id: String::new(),
        source: doc.source.clone(),
        url,
        title: draft.title,
        publisher: draft.publisher,
        byline: draft.byline,
        byline_contact: draft.byline_contact,
        language,
        published,
        published_from,
        published_range: None,
        modified: draft.modified,
        warnings: doc.warnings.clone(),
        format: Some(
            match doc.format {
                Format::Html => "html",
                Format::Text => "text",
            }
            .into(),
        ),
        charset: Some(doc.charset.clone()),
        text,
        paragraphs,
        captions: draft.captions,
        removed: draft.removed,
    })
}

/// Collapses runs of whitespace and trims.
pub(crate) fn clean_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
