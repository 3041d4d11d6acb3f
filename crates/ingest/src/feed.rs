//! RSS and Atom feeds: one document per item, parsed with `feed-rs`.
//!
//! An item's body is its full content (`content:encoded`, Atom `content`)
//! or, failing that, its summary. The item becomes a small HTML page whose
//! head carries what the feed knows (title, date, author, the feed's own
//! title as publisher), so the extractor treats it like any page.

use crate::IngestError;
use crosscheck_model::{Document, Format};

/// Whether decoded text is a feed rather than a page: an XML document whose
/// root is `rss`, `feed` or `rdf:RDF`.
pub fn looks_like_feed(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return false;
    }
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The items of a feed read from `source`, as documents; a feed that does
/// not parse is one error naming the file.
pub fn items(source: &str, text: &str, charset: &str) -> Vec<Result<Document, IngestError>> {
    let feed = match feed_rs::parser::parse(text.as_bytes()) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err(IngestError::BadRecord {
                path: source.to_string(),
                at: "feed".into(),
                reason: format!("not a readable RSS/Atom feed: {e}"),
            })]
        }
    };
    let publisher = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let mut out = Vec::new();
    for (i, entry) in feed.entries.iter().enumerate() {
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let title = entry
            .title
            .as_ref()
            .map(|t| t.content.trim().to_string())
            .unwrap_or_default();
        if body.trim().is_empty() && title.is_empty() {
            out.push(Err(IngestError::BadRecord {
                path: source.to_string(),
                at: format!("item {}", i + 1),
                reason: "item has neither title nor content".into(),
            }));
            continue;
        }
        let published = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
        let url = entry.links.first().map(|l| l.href.clone());
        let author = entry.authors.first().and_then(|a| a.name.clone());
        // A body without markup is plain text: its blank lines are paragraphs.
        let body_html = if body.contains('<') {
            body
        } else {
            body.split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(|p| format!("<p>{}</p>", escape(p.trim())))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut head = format!("<title>{}</title>", escape(&title));
        if let Some(p) = &publisher {
            head += &format!("<meta property=\"og:site_name\" content=\"{}\">", escape(p));
        }
        if let Some(d) = &published {
            head += &format!(
                "<meta property=\"article:published_time\" content=\"{}\">",
                escape(d)
            );
        }
        if let Some(a) = &author {
            head += &format!("<meta name=\"author\" content=\"{}\">", escape(a));
        }
        let html = format!(
            "<!DOCTYPE html><html><head>{head}</head><body><article><h1>{}</h1>\n{body_html}\n</article></body></html>",
            escape(&title)
        );
        out.push(Ok(Document {
            source: format!("{source}#item{}", i + 1),
            format: Format::Html,
            charset: charset.to_string(),
            text: html,
            warnings: Vec::new(),
            url,
            published,
        }));
    }
    if out.is_empty() {
        out.push(Err(IngestError::BadRecord {
            path: source.to_string(),
            at: "feed".into(),
            reason: "feed has no items".into(),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coast Gazette</title><link>https://gazette.example/</link>
<item><title>Ferry aground off Hareid</title><link>https://gazette.example/ferry</link>
<pubDate>Sun, 14 Dec 2025 21:40:00 +0100</pubDate><author>desk@gazette.example (Kari Dahl)</author>
<content:encoded><![CDATA[<p>The ferry Nordlys ran aground off Hareid on Sunday evening.</p><p>All 212 passengers were brought ashore, the coastguard said.</p>]]></content:encoded></item>
<item><title>Council passes budget</title><link>https://gazette.example/budget</link>
<description>The council passed the budget.

It adds bike lanes.</description></item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fjord Post</title><id>urn:x</id><updated>2025-12-15T08:00:00Z</updated>
<entry><title>Divers inspect ferry hull</title><id>urn:1</id><link href="https://fjord.example/hull"/>
<published>2025-12-15T08:00:00Z</published><updated>2025-12-15T09:00:00Z</updated>
<content type="html">&lt;p&gt;Divers found a gash below the waterline.&lt;/p&gt;</content></entry></feed>"#;

    #[test]
    fn rss_items_become_pages_with_their_metadata() {
        assert!(looks_like_feed(RSS));
        let docs: Vec<Document> = items("f.xml", RSS, "UTF-8")
            .into_iter()
            .map(|d| d.unwrap())
            .collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].source, "f.xml#item1");
        assert_eq!(
            docs[0].url.as_deref(),
            Some("https://gazette.example/ferry")
        );
        assert!(docs[0]
            .published
            .as_deref()
            .unwrap()
            .starts_with("2025-12-14"));
        assert!(docs[0].text.contains("Coast Gazette"));
        assert!(docs[0].text.contains("212 passengers"));
        assert!(docs[1].text.contains("<p>It adds bike lanes.</p>"));
    }

    #[test]
    fn atom_entries_and_bad_feeds() {
        assert!(looks_like_feed(ATOM));
        let docs = items("a.atom", ATOM, "UTF-8");
        let d = docs[0].as_ref().unwrap();
        assert!(d.text.contains("gash below the waterline"));
        assert!(d.published.as_deref().unwrap().starts_with("2025-12-15T08"));
        let bad = items("b.xml", "<rss><channel><item><title>x", "UTF-8");
        assert!(bad[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("b.xml: feed:"));
        assert!(!looks_like_feed("<!DOCTYPE html><html><body><feed>"));
    }
}
