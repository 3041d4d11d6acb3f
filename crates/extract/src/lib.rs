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
pub mod source_url;
mod text;

use crosscheck_model::{Article, DateRange, Document, Format, Paragraph, Removed};

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
    pub title_from: Option<String>,
    pub publisher: Option<String>,
    pub publisher_from: Option<String>,
    pub byline: Option<String>,
    pub byline_contact: Option<String>,
    pub published: Option<String>,
    pub published_from: Option<String>,
    pub published_range: Option<DateRange>,
    pub modified: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    pub removed: Vec<Removed>,
}

/// Extracts one article. The one code path for `extract` and `analyze`.
pub fn extract(doc: &Document) -> Result<Article, ExtractError> {
    let mut draft = match doc.format {
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
    let (text, paragraphs) = join(std::mem::take(&mut draft.paragraphs));
    let language = draft.language.take().or_else(|| lang::detect(&text));
    fill_from_container(&mut draft, doc);
    fill_from_lead(&mut draft, &paragraphs);
    fill_from_address(&mut draft, &text);
    Ok(Article {
        id: String::new(),
        source: doc.source.clone(),
        url: draft.url,
        title: draft.title,
        publisher: draft.publisher,
        publisher_from: draft.publisher_from,
        title_from: draft.title_from,
        byline: draft.byline,
        byline_contact: draft.byline_contact,
        language,
        published: draft.published,
        published_from: draft.published_from,
        published_range: draft.published_range,
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

/// The article text (paragraphs a blank line apart) and where each
/// paragraph sits in it, in characters.
fn join(draft: Vec<String>) -> (String, Vec<Paragraph>) {
    let mut text = String::new();
    let mut paragraphs = Vec::with_capacity(draft.len());
    let mut chars = 0usize;
    for p in draft {
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
    (text, paragraphs)
}

/// What the container says (a WARC target URI, a JSON Lines date) fills
/// what the page itself does not.
fn fill_from_container(d: &mut Draft, doc: &Document) {
    if d.url.is_none() {
        d.url = doc.url.clone();
    }
    if d.published.is_none() {
        if let Some(p) = doc
            .published
            .as_deref()
            .and_then(dates::normalise_meta_date)
        {
            d.published = Some(p);
            d.published_from = Some("source".into());
        }
    }
    if d.publisher.is_some() && d.publisher_from.is_none() {
        d.publisher_from = Some("page".into());
    }
}

/// A wire dateline opening the first paragraph dates an article that has
/// no date of its own ("HAREID, Norway, March 2, 2026 — …"): without it a
/// scraped wire story was undated, and its "Sunday" a year-long range.
fn fill_from_lead(d: &mut Draft, paragraphs: &[Paragraph]) {
    if d.published.is_some() {
        return;
    }
    if let Some(day) = paragraphs
        .first()
        .and_then(|p| dates::lead_dateline(&p.text))
    {
        d.published = Some(day.to_string());
        d.published_from = Some("dateline".into());
        d.published_range = None;
    }
}

/// What the address says, where the page says nothing: the outlet's domain
/// as its publisher, a date in the path as its date (marked `url`: an
/// address can carry the date a story was filed or first published).
fn fill_from_address(d: &mut Draft, text: &str) {
    let Some(url) = d.url.as_deref() else {
        return;
    };
    if d.title.is_none() {
        if let Some(title) = source_url::slug_title(url) {
            d.title = Some(source_url::recase(&title, text));
            d.title_from = Some("url".into());
        }
    }
    if d.publisher.is_none() {
        if let Some(domain) = source_url::domain(url) {
            d.publisher = Some(domain);
            d.publisher_from = Some("url".into());
        }
    }
    if d.published.is_some() {
        return;
    }
    match source_url::date(url) {
        Some(source_url::UrlDate::Day(day)) => {
            d.published = Some(day.to_string());
            d.published_from = Some("url".into());
            d.published_range = None;
        }
        Some(source_url::UrlDate::Month(y, m)) if d.published_range.is_none() => {
            d.published_range = dates::month_range(y, m, "the page's address names only the month");
        }
        Some(source_url::UrlDate::Month(..)) => {}
        None => {
            // "/07/06/2023/" is the 7th of June or the 6th of July; a date
            // stamp naming June says which.
            let range = d.published_range.as_ref().and_then(|r| {
                Some((
                    chrono::NaiveDate::parse_from_str(&r.from, "%Y-%m-%d").ok()?,
                    chrono::NaiveDate::parse_from_str(&r.to, "%Y-%m-%d").ok()?,
                ))
            });
            if let Some(day) = range.and_then(|(from, to)| source_url::day_within(url, from, to)) {
                d.published = Some(day.to_string());
                d.published_from = Some("url".into());
                d.published_range = None;
            }
        }
    }
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

#[cfg(test)]
mod address_tests {
    use super::*;

    fn text(s: &str) -> Article {
        extract(&Document {
            source: "page.txt".into(),
            format: Format::Text,
            charset: "UTF-8".into(),
            text: s.into(),
            warnings: vec![],
            url: None,
            published: None,
        })
        .expect("an article")
    }

    #[test]
    fn the_address_names_the_outlet_and_dates_the_page_where_the_page_does_not() {
        let a = text("URL: https://news.example.co.kr/2024/12/29/crash\n\nA plane crashed on Sunday, officials said.");
        assert_eq!(a.publisher.as_deref(), Some("example.co.kr"));
        assert_eq!(a.publisher_from.as_deref(), Some("url"));
        assert_eq!(a.published.as_deref(), Some("2024-12-29"));
        assert_eq!(a.published_from.as_deref(), Some("url"));
        assert_eq!(a.language.as_deref(), Some("en"));
        // The page's own date wins over the address's.
        let a = text("URL: https://news.example.com/2024/12/29/crash\nDate: 2024-12-30\n\nA plane crashed on Sunday, officials said.");
        assert_eq!(a.published.as_deref(), Some("2024-12-30"));
        assert_eq!(a.published_from.as_deref(), Some("header"));
    }
}
