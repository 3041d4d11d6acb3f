//! Report: renders analysed articles and stories.
//!
//! Takes articles, their analyses and stories; gives the versioned JSON
//! document (see the README for its schema), Markdown, or terminal text
//! (styled with ANSI only when the caller says the output is a terminal).

pub mod stream;

use crosscheck_model::{
    Analysis, Article, Attribution, Flag, Mention, Paragraph, Quantity, Quote, Removed, Status,
    Story, TimeExpr, SCHEMA_VERSION,
};
use serde::Serialize;
use std::fmt::Write;

/// The outlet as a card names it: the page's name for itself, or the
/// address's domain said to be one ("example.com (from the address)").
fn publisher_line(a: &crosscheck_model::Article) -> String {
    match (a.publisher.as_deref(), a.publisher_from.as_deref()) {
        (Some(p), Some("url")) => format!("{p} (from the address)"),
        (Some(p), _) => p.to_string(),
        (None, _) => "publisher unknown".to_string(),
    }
}

/// The headline as a card shows it, said to be read from the address when
/// the page printed none.
fn title_line(a: &crosscheck_model::Article) -> String {
    match (a.title.as_deref(), a.title_from.as_deref()) {
        (Some(t), Some("url")) => format!("{t} (from the address)"),
        (Some(t), _) => t.to_string(),
        (None, _) => "(no title)".to_string(),
    }
}

/// One article in the JSON report: extraction and analysis together.
#[derive(Serialize)]
pub struct ArticleOut<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub title_from: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub publisher_from: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub byline_contact: Option<&'a str>,
    pub language: Option<&'a str>,
    pub published: Option<&'a str>,
    pub published_from: Option<&'a str>,
    pub published_range: Option<[&'a str; 2]>,
    pub published_range_reason: Option<&'a str>,
    pub modified: Option<&'a str>,
    pub warnings: &'a [String],
    pub format: Option<&'a str>,
    pub charset: Option<&'a str>,
    pub flags: &'a [Flag],
    pub quotes: &'a [Quote],
    pub mentions: &'a [Mention],
    pub quantities: &'a [Quantity],
    pub times: &'a [TimeExpr],
    pub attributions: &'a [Attribution],
    pub text: &'a str,
    pub paragraphs: &'a [Paragraph],
    pub captions: &'a [String],
    pub removed: &'a [Removed],
}

#[derive(Serialize)]
pub struct Document<'a> {
    pub schema_version: &'static str,
    pub articles: Vec<ArticleOut<'a>>,
    pub stories: &'a [Story],
}

pub fn document<'a>(
    articles: &'a [Article],
    analyses: &'a [Analysis],
    stories: &'a [Story],
) -> Document<'a> {
    Document {
        schema_version: SCHEMA_VERSION,
        articles: articles
            .iter()
            .zip(analyses)
            .map(|(a, an)| ArticleOut {
                id: &a.id,
                source: &a.source,
                url: a.url.as_deref(),
                title: a.title.as_deref(),
                title_from: a.title_from.as_deref(),
                publisher: a.publisher.as_deref(),
                publisher_from: a.publisher_from.as_deref(),
                byline: a.byline.as_deref(),
                byline_contact: a.byline_contact.as_deref(),
                language: a.language.as_deref(),
                published: a.published.as_deref(),
                published_from: a.published_from.as_deref(),
                published_range: a
                    .published_range
                    .as_ref()
                    .map(|r| [r.from.as_str(), r.to.as_str()]),
                published_range_reason: a.published_range.as_ref().map(|r| r.reason.as_str()),
                modified: a.modified.as_deref(),
                warnings: &a.warnings,
                format: a.format.as_deref(),
                charset: a.charset.as_deref(),
                flags: &an.flags,
                quotes: &an.quotes,
                mentions: &an.mentions,
                quantities: &an.quantities,
                times: &an.times,
                attributions: &an.attributions,
                text: &a.text,
                paragraphs: &a.paragraphs,
                captions: &a.captions,
                removed: &a.removed,
            })
            .collect(),
        stories,
    }
}

pub fn json(articles: &[Article], analyses: &[Analysis], stories: &[Story]) -> String {
    let mut s = serde_json::to_string_pretty(&document(articles, analyses, stories))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Output flavour for the text renderers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Markdown,
    Terminal { color: bool },
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Conflicting => "CONFLICTING",
        Status::Corroborated => "CORROBORATED",
        Status::SingleSource => "SINGLE SOURCE",
    }
}

struct Out {
    buf: String,
    flavour: Flavour,
}

impl Out {
    fn styled(&mut self, style: anstyle::Style, text: &str) {
        match self.flavour {
            Flavour::Terminal { color: true } => {
                let _ = write!(
                    self.buf,
                    "{}{}{}",
                    style.render(),
                    text,
                    style.render_reset()
                );
            }
            Flavour::Markdown => {
                let _ = write!(self.buf, "**{text}**");
            }
            _ => self.buf.push_str(text),
        }
    }

    fn heading(&mut self, level: usize, text: &str) {
        match self.flavour {
            Flavour::Markdown => {
                let _ = writeln!(self.buf, "\n{} {}\n", "#".repeat(level), text);
            }
            Flavour::Terminal { .. } => {
                self.buf.push('\n');
                let style = anstyle::Style::new().bold().underline();
                self.styled(style, text);
                self.buf.push('\n');
            }
        }
    }

    fn line(&mut self, text: &str) {
        self.buf.push_str(text);
        self.buf.push('\n');
    }
}

fn color(c: anstyle::AnsiColor) -> anstyle::Style {
    anstyle::Style::new().fg_color(Some(c.into())).bold()
}

/// Markdown or terminal report, one section per story.
pub fn text(
    articles: &[Article],
    analyses: &[Analysis],
    stories: &[Story],
    flavour: Flavour,
) -> String {
    let mut o = Out {
        buf: String::new(),
        flavour,
    };
    let md = flavour == Flavour::Markdown;
    let bullet = if md { "- " } else { "  • " };
    let sub = if md { "  - " } else { "      " };
    for story in stories {
        o.heading(1, &format!("Story {}: {}", story.id, story.title));
        o.heading(2, "Sources");
        for id in &story.articles {
            let Some((a, an)) = articles.iter().zip(analyses).find(|(a, _)| &a.id == id) else {
                continue;
            };
            let date = match (&a.published, &a.published_range) {
                (Some(p), _) => format!(
                    "{p} (from {})",
                    a.published_from.as_deref().unwrap_or("page")
                ),
                (None, Some(r)) => format!("between {} and {} (inferred)", r.from, r.to),
                (None, None) => "date unknown".into(),
            };
            o.line(&format!(
                "{bullet}[{}] {} — {}",
                a.id,
                &publisher_line(a),
                title_line(a)
            ));
            o.line(&format!(
                "{sub}{date}; by {}; language {}; {}",
                a.byline
                    .as_deref()
                    .map(|b| match &a.byline_contact {
                        Some(c) => format!("{b} <{c}>"),
                        None => b.to_string(),
                    })
                    .unwrap_or_else(|| "no byline".into()),
                a.language.as_deref().unwrap_or("?"),
                a.source
            ));
            if let Some(r) = &a.published_range {
                o.line(&format!("{sub}{}", r.reason));
            }
            if let Some(c) = story.copies.iter().find(|c| &c.article == id) {
                o.line(&format!(
                    "{sub}copy of [{}] (text overlap {:.0}%)",
                    c.copy_of,
                    c.similarity * 100.0
                ));
            }
            for f in &an.flags {
                o.buf.push_str(sub);
                o.styled(color(anstyle::AnsiColor::Yellow), &f.kind);
                o.line(&format!(": {}", f.detail));
            }
        }
        if !story.upstreams.is_empty() {
            o.heading(2, "Shared upstreams");
            for u in &story.upstreams {
                o.line(&format!(
                    "{bullet}{}: credited by {}",
                    u.name,
                    u.articles.join(", ")
                ));
            }
        }
        o.heading(2, "Claims");
        for c in &story.claims {
            let style = match c.status {
                Status::Conflicting => color(anstyle::AnsiColor::Red),
                Status::Corroborated => color(anstyle::AnsiColor::Green),
                Status::SingleSource => color(anstyle::AnsiColor::Blue),
            };
            o.buf.push_str(bullet);
            o.styled(style, status_word(c.status));
            let indep = match (c.status, c.independent) {
                (Status::SingleSource, _) => String::new(),
                (_, true) => format!(" ({} independent sources)", c.sources),
                (_, false) => format!(" ({} sources, not independent)", c.sources),
            };
            o.line(&format!(" [{}]{indep} {}", c.id, c.summary));
            if !c.shared.is_empty() {
                o.line(&format!("{sub}in common: {}", c.shared.join(", ")));
            }
            if let Some(n) = &c.independence_note {
                o.line(&format!("{sub}note: {n}"));
            }
            if let Some(n) = &c.counts_differ {
                o.line(&format!("{sub}counts differ: {n}"));
            }
            if c.status != Status::SingleSource {
                for e in &c.evidence {
                    let loc = if e.part == "text" {
                        String::new()
                    } else {
                        format!(" {}", e.part)
                    };
                    o.line(&format!(
                        "{sub}[{}{loc} {}–{}] {}",
                        e.article, e.start, e.end, e.text
                    ));
                }
            } else if let Some(e) = c.evidence.first() {
                o.line(&format!("{sub}[{}]", e.article));
            }
        }
        o.heading(2, "Timeline");
        for t in &story.timeline {
            o.buf.push_str(bullet);
            o.styled(anstyle::Style::new().bold(), &t.date);
            o.line(&format!(" [{}] {}", t.articles.join(", "), t.event));
        }
        o.heading(2, "Quotes");
        for id in &story.articles {
            let Some((a, an)) = articles.iter().zip(analyses).find(|(a, _)| &a.id == id) else {
                continue;
            };
            for q in &an.quotes {
                o.line(&format!(
                    "{bullet}[{}] {}: “{}”",
                    a.id,
                    q.speaker.as_deref().unwrap_or("(speaker unknown)"),
                    q.text
                ));
            }
        }
    }
    o.buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_model::{Claim, Evidence, TimelineEntry};

    fn sample() -> (Vec<Article>, Vec<Analysis>, Vec<Story>) {
        let a = Article {
            id: "a1".into(),
            source: "x.txt".into(),
            title: Some("Dam opens".into()),
            text: "The dam opened on Monday.".into(),
            ..Default::default()
        };
        let ev = Evidence {
            article: "a1".into(),
            text: "The dam opened on Monday.".into(),
            part: "text".into(),
            start: 0,
            end: 25,
            upstreams: vec![],
        };
        let story = Story {
            id: "s1".into(),
            title: "Dam opens".into(),
            articles: vec!["a1".into()],
            copies: vec![],
            upstreams: vec![],
            claims: vec![Claim {
                id: "s1-c1".into(),
                status: Status::Conflicting,
                summary: "Sources disagree: <b>40</b> vs 55".into(),
                independent: true,
                independence_note: None,
                counts_differ: None,
                conflict: Some("40 vs 55".into()),
                sides: Vec::new(),
                sources: 2,
                shared: vec!["dam".into()],
                evidence: vec![ev.clone()],
            }],
            timeline: vec![TimelineEntry {
                date: "2026-04-06".into(),
                precision: crosscheck_model::Precision::Day,
                event: "The dam opened on Monday".into(),
                articles: vec!["a1".into()],
                evidence: vec![ev],
            }],
        };
        (vec![a], vec![Analysis::default()], vec![story])
    }

    #[test]
    fn json_has_the_contract_fields() {
        let (a, an, s) = sample();
        let v: serde_json::Value = serde_json::from_str(&json(&a, &an, &s)).unwrap();
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
        for k in [
            "id",
            "source",
            "title",
            "publisher",
            "byline",
            "language",
            "published",
            "published_range",
            "flags",
            "quotes",
            "paragraphs",
        ] {
            assert!(v["articles"][0].get(k).is_some(), "article.{k}");
        }
        let claim = &v["stories"][0]["claims"][0];
        for k in ["id", "status", "summary", "independent", "evidence"] {
            assert!(claim.get(k).is_some(), "claim.{k}");
        }
        assert_eq!(claim["status"], "conflicting");
        assert_eq!(v["stories"][0]["timeline"][0]["precision"], "day");
    }

    #[test]
    fn colour_only_when_asked() {
        let (a, an, s) = sample();
        let plain = text(&a, &an, &s, Flavour::Terminal { color: false });
        assert!(plain.contains("CONFLICTING [s1-c1]") && !plain.contains('\u{1b}'));
        let coloured = text(&a, &an, &s, Flavour::Terminal { color: true });
        assert!(coloured.contains('\u{1b}'));
        let md = text(&a, &an, &s, Flavour::Markdown);
        assert!(
            md.contains("# Story s1: Dam opens")
                && md.contains("**CONFLICTING**")
                && md.contains("**2026-04-06**")
        );
    }
}
