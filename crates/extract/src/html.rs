//! HTML pages to an article draft.
//!
//! One pass over the DOM (iteratively, so 100,000 nested elements cost no
//! stack) cuts the page into text blocks at block-element boundaries, noting
//! for each its enclosing elements and link density; blocks inside
//! navigation, asides, footers, forms, scripts, and elements whose class or id
//! says "ad", "related", "share" and the like, are dropped. Paragraph-like
//! blocks then vote for their parent and grandparent (a readability-style
//! score), and the best-scoring container's blocks are the article.

use crate::boilerplate::{classify, dedup_key, parse_byline};
use crate::{clean_ws, dates, lang, Draft};
use crosscheck_model::Removed;
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{Html, Node};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Heading,
    Title,
    Caption,
    Byline,
}

struct Block {
    text: String,
    link_chars: usize,
    kind: Kind,
    tag: String,
    /// Pre-order index of the innermost enclosing block element.
    pre: usize,
    owner: Option<NodeId>,
}

struct Container {
    pre: usize,
    end: usize,
    parent: Option<NodeId>,
    positive: bool,
}

const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "footer", "aside",
    "form", "button", "select", "textarea", "header", "menu", "dialog", "object", "canvas",
    "video", "audio",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "dl",
    "figcaption",
    "figure",
    "address",
    "br",
    "hr",
    "body",
    "center",
];
const NEGATIVE: &[&str] = &[
    "comment",
    "comments",
    "footer",
    "sidebar",
    "related",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsor",
    "sponsored",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "cookie",
    "cookies",
    "consent",
    "banner",
    "menu",
    "nav",
    "navbar",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "widget",
    "outbrain",
    "taboola",
    "recirculation",
    "recommended",
    "trending",
    "signup",
    "paywall",
    "hidden",
    "tags",
    "toolbar",
];
const POSITIVE: &[&str] = &[
    "article", "content", "story", "body", "post", "entry", "main", "text",
];

fn class_words(el: &scraper::node::Element) -> impl Iterator<Item = String> + '_ {
    el.attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .flat_map(|s| s.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
}

/// Nesting beyond this is no real page; the HTML parser's scope checks grow
/// with depth, so such input is read as tag-stripped text instead.
const MAX_DEPTH: usize = 5_000;

pub(crate) fn extract(html: &str) -> Draft {
    if nesting_estimate(html) > MAX_DEPTH {
        let mut d = crate::text::extract(&strip_tags(html));
        d.removed.push(Removed {
            kind: "warning".into(),
            text: format!("HTML nested more than {MAX_DEPTH} levels deep; read as plain text"),
        });
        return d;
    }
    let doc = Html::parse_document(html);
    let mut d = Draft::default();
    let mut meta = Meta::default();

    let mut blocks: Vec<Block> = Vec::new();
    let mut containers: HashMap<NodeId, Container> = HashMap::new();
    // Open elements: (id, is_block, skipped, kind override).
    let mut stack: Vec<(NodeId, bool, bool, Option<Kind>)> = Vec::new();
    let mut skip_depth = 0usize;
    let mut buf = String::new();
    let mut link_chars = 0usize;
    let mut in_link = 0usize;
    let mut pre = 0usize;
    let mut ld_json: Vec<String> = Vec::new();
    let mut title_tag = String::new();
    let mut in_title = false;

    let flush = |buf: &mut String,
                 link_chars: &mut usize,
                 stack: &[(NodeId, bool, bool, Option<Kind>)],
                 containers: &HashMap<NodeId, Container>,
                 blocks: &mut Vec<Block>,
                 doc: &Html| {
        let text = clean_ws(buf);
        buf.clear();
        let links = std::mem::take(link_chars);
        if text.is_empty() {
            return;
        }
        let owner = stack.iter().rev().find(|s| s.1).map(|s| s.0);
        let kind = stack.iter().rev().find_map(|s| s.3).unwrap_or(Kind::Body);
        let tag = owner
            .and_then(|id| doc.tree.get(id))
            .and_then(|n| n.value().as_element().map(|e| e.name().to_string()))
            .unwrap_or_default();
        let pre = owner
            .and_then(|o| containers.get(&o))
            .map(|c| c.pre)
            .unwrap_or(0);
        blocks.push(Block {
            text,
            link_chars: links,
            kind,
            tag,
            pre,
            owner,
        });
    };

    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    pre += 1;
                    if name == "meta" {
                        meta.add(el);
                    } else if name == "link"
                        && el
                            .attr("rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                    {
                        meta.canonical = el.attr("href").map(str::to_string);
                    } else if name == "html" {
                        meta.lang = el.attr("lang").and_then(lang::normalise_tag);
                    } else if name == "title" {
                        in_title = true;
                    } else if name == "time" || el.attr("itemprop") == Some("datePublished") {
                        let rank = if el.attr("itemprop") == Some("datePublished")
                            || el.attr("pubdate").is_some()
                        {
                            2
                        } else {
                            3
                        };
                        if let Some(v) = el.attr("datetime").or_else(|| el.attr("content")) {
                            meta.set_published(v, "time", rank);
                        }
                    }
                    if name == "script" && el.attr("type").is_some_and(|t| t.contains("ld+json")) {
                        if let Some(text) = node
                            .children()
                            .find_map(|c| c.value().as_text().map(|t| t.to_string()))
                        {
                            ld_json.push(text);
                        }
                    }
                    let is_block = BLOCK_TAGS.contains(&name);
                    let words: Vec<String> = class_words(el).collect();
                    let positive = words.iter().any(|w| POSITIVE.contains(&w.as_str()))
                        || name == "article"
                        || name == "main";
                    let negative = words.iter().any(|w| NEGATIVE.contains(&w.as_str()))
                        && name != "article"
                        && name != "main"
                        && name != "body";
                    let skipped = SKIP_TAGS.contains(&name)
                        || negative
                        || el.attr("hidden").is_some()
                        || el.attr("aria-hidden") == Some("true");
                    let kind = match name {
                        "h1" => Some(Kind::Title),
                        "h2" | "h3" | "h4" | "h5" | "h6" => Some(Kind::Heading),
                        "figcaption" => Some(Kind::Caption),
                        _ if words.iter().any(|w| w == "byline" || w == "author") => {
                            Some(Kind::Byline)
                        }
                        _ => None,
                    };
                    if is_block {
                        flush(
                            &mut buf,
                            &mut link_chars,
                            &stack,
                            &containers,
                            &mut blocks,
                            &doc,
                        );
                        let parent = stack.iter().rev().find(|s| s.1).map(|s| s.0);
                        containers.insert(
                            node.id(),
                            Container {
                                pre,
                                end: usize::MAX,
                                parent,
                                positive,
                            },
                        );
                    }
                    if skipped {
                        skip_depth += 1;
                    }
                    if name == "a" {
                        in_link += 1;
                    }
                    stack.push((node.id(), is_block, skipped, kind));
                }
                Node::Text(t) => {
                    if in_title {
                        title_tag.push_str(t);
                    } else if skip_depth == 0 {
                        buf.push_str(t);
                        if in_link > 0 {
                            link_chars += t.trim().chars().count();
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if el.name() == "title" {
                        in_title = false;
                    }
                    if el.name() == "a" {
                        in_link = in_link.saturating_sub(1);
                    }
                    if let Some(&(_, is_block, skipped, _)) = stack.last() {
                        if is_block && skip_depth == 0 {
                            flush(
                                &mut buf,
                                &mut link_chars,
                                &stack,
                                &containers,
                                &mut blocks,
                                &doc,
                            );
                        } else if is_block {
                            buf.clear();
                            link_chars = 0;
                        }
                        if is_block {
                            if let Some(c) = containers.get_mut(&node.id()) {
                                c.end = pre;
                            }
                        }
                        if skipped {
                            skip_depth -= 1;
                        }
                        stack.pop();
                    }
                }
            }
        }
    }
    flush(
        &mut buf,
        &mut link_chars,
        &stack,
        &containers,
        &mut blocks,
        &doc,
    );

    for text in &ld_json {
        meta.add_json_ld(text);
    }

    // Score containers by the paragraphs they hold.
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for b in &blocks {
        if b.kind != Kind::Body
            || !matches!(
                b.tag.as_str(),
                "p" | "div" | "blockquote" | "pre" | "td" | "li" | "section" | "article"
            )
        {
            continue;
        }
        let len = b.text.chars().count();
        if len < 25 || b.link_chars * 2 > len {
            continue;
        }
        let s = 1.0 + b.text.matches(',').count() as f64 + (len as f64 / 100.0).min(3.0);
        let Some(owner) = b.owner else { continue };
        // A <p> is a paragraph, not a container: its parent gets the vote.
        let target = if b.tag == "p" || b.tag == "blockquote" || b.tag == "li" {
            containers.get(&owner).and_then(|c| c.parent)
        } else {
            Some(owner)
        };
        if let Some(t) = target {
            *scores.entry(t).or_default() += s;
            if let Some(gp) = containers.get(&t).and_then(|c| c.parent) {
                *scores.entry(gp).or_default() += s / 2.0;
            }
        }
    }
    let best = scores
        .iter()
        .map(|(id, s)| {
            let boost = if containers.get(id).is_some_and(|c| c.positive) {
                1.25
            } else {
                1.0
            };
            (*id, s * boost)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(id, _)| id);
    let range = best
        .and_then(|id| containers.get(&id))
        .map(|c| (c.pre, c.end))
        .unwrap_or((0, usize::MAX));

    let mut h1: Option<String> = None;
    let mut seen: HashSet<String> = HashSet::new();
    let mut seen_captions: HashSet<String> = HashSet::new();
    let remove = |d: &mut Draft, kind: &str, text: &str| {
        d.removed.push(Removed {
            kind: kind.into(),
            text: text.into(),
        })
    };
    for b in blocks {
        match b.kind {
            Kind::Title => {
                h1.get_or_insert(b.text);
                continue;
            }
            Kind::Caption => {
                if seen_captions.insert(dedup_key(&b.text)) {
                    d.captions.push(b.text);
                }
                continue;
            }
            _ => {}
        }
        let inside = b.pre >= range.0 && b.pre <= range.1;
        if let Some((name, email)) = parse_byline(&b.text).filter(|_| b.text.chars().count() < 120)
        {
            d.byline.get_or_insert(name);
            if d.byline_contact.is_none() {
                d.byline_contact = email;
            }
            remove(&mut d, "byline", &b.text);
            continue;
        }
        if b.kind == Kind::Byline {
            if b.text.chars().count() < 80 && meta.author.is_none() && d.byline.is_none() {
                d.byline = Some(b.text.trim_start_matches("By ").to_string());
            }
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(kind) = classify(&b.text) {
            remove(&mut d, kind, &b.text);
            continue;
        }
        if dates::parse_dateline(&b.text).is_some() {
            remove(&mut d, "dateline", &b.text);
            continue;
        }
        let len = b.text.chars().count();
        if b.link_chars * 2 > len {
            remove(&mut d, "links", &b.text);
            continue;
        }
        if !seen.insert(dedup_key(&b.text)) {
            remove(&mut d, "duplicate", &b.text);
            continue;
        }
        if b.kind == Kind::Heading && len < 120 {
            // Sub-headings stay, as their own paragraphs.
        }
        d.paragraphs.push(b.text);
    }

    d.title = meta
        .title
        .clone()
        .or(h1.clone())
        .or_else(|| split_site_name(&clean_ws(&title_tag)));
    if let Some(t) = &d.title {
        let key = dedup_key(t);
        if let Some(pos) = d.paragraphs.iter().position(|p| dedup_key(p) == key) {
            let p = d.paragraphs.remove(pos);
            remove(&mut d, "duplicate", &p);
        }
    }
    d.publisher = meta.publisher.clone();
    if let Some(a) = meta.author.clone() {
        d.byline = Some(a);
    }
    if d.byline_contact.is_none() {
        d.byline_contact = meta.author_email.clone();
    }
    d.url = meta.canonical.clone();
    d.language = meta.lang.clone();
    if let Some((p, from)) = meta.published.clone() {
        d.published = Some(p);
        d.published_from = Some(from);
    }
    d
}

/// Deepest run of start tags not yet closed, counted on the raw bytes.
fn nesting_estimate(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'<' {
            if b[i + 1] == b'/' {
                depth = depth.saturating_sub(1);
            } else if b[i + 1].is_ascii_alphabetic() {
                depth += 1;
                max = max.max(depth);
            }
        } else if b[i] == b'/' && b[i + 1] == b'>' {
            depth = depth.saturating_sub(1);
        }
        i += 1;
    }
    max
}

/// Text of a page with every tag dropped and block tags turned into lines.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push('\n');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// "Ferry runs aground | Northern Ledger" → "Ferry runs aground".
fn split_site_name(title: &str) -> Option<String> {
    if title.is_empty() {
        return None;
    }
    for sep in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some((head, _)) = title.split_once(sep) {
            if head.split_whitespace().count() >= 3 {
                return Some(head.trim().to_string());
            }
        }
    }
    Some(title.to_string())
}

#[derive(Default)]
struct Meta {
    title: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
    author_email: Option<String>,
    published: Option<(String, String)>,
    canonical: Option<String>,
    lang: Option<String>,
    /// Rank of the source `published` came from (lower wins).
    published_rank: u8,
}

impl Meta {
    fn set_published(&mut self, value: &str, from: &str, rank: u8) {
        if self.published.is_some() && rank >= self.published_rank {
            return;
        }
        if let Some(v) = dates::normalise_meta_date(value) {
            self.published = Some((v, from.to_string()));
            self.published_rank = rank;
        }
    }

    fn add(&mut self, el: &scraper::node::Element) {
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = el.attr("content").map(clean_ws).filter(|c| !c.is_empty()) else {
            return;
        };
        match key.as_str() {
            "og:title" | "twitter:title" | "dc.title" => {
                self.title.get_or_insert(content);
            }
            "og:site_name" | "application-name" | "dc.publisher" | "publisher" => {
                self.publisher.get_or_insert(content);
            }
            "author" | "article:author" | "dc.creator" | "sailthru.author" | "parsely-author"
                if !content.starts_with("http") =>
            {
                self.author.get_or_insert(content);
            }
            "article:published_time" | "og:published_time" | "datepublished" => {
                self.set_published(&content, "meta", 1)
            }
            "pubdate" | "publishdate" | "date" | "dc.date" | "dc.date.issued"
            | "dcterms.created" | "sailthru.date" | "parsely-pub-date" | "publication_date" => {
                self.set_published(&content, "meta", 2)
            }
            "og:url" => {
                self.canonical.get_or_insert(content);
            }
            "og:locale" | "content-language" | "language" | "dc.language"
                if self.lang.is_none() =>
            {
                self.lang = lang::normalise_tag(&content);
            }
            _ => {}
        }
    }

    fn add_json_ld(&mut self, text: &str) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim()) else {
            return;
        };
        // Objects can come alone, in an array, or in an @graph; walk them all
        // without recursion depth depending on input beyond a small bound.
        let mut queue = vec![(&v, 0u8)];
        while let Some((v, depth)) = queue.pop() {
            if depth > 4 {
                continue;
            }
            match v {
                serde_json::Value::Array(items) => {
                    queue.extend(items.iter().map(|i| (i, depth + 1)))
                }
                serde_json::Value::Object(map) => {
                    if let Some(g) = map.get("@graph") {
                        queue.push((g, depth + 1));
                    }
                    let types: Vec<&str> = match map.get("@type") {
                        Some(serde_json::Value::String(s)) => vec![s.as_str()],
                        Some(serde_json::Value::Array(a)) => {
                            a.iter().filter_map(|x| x.as_str()).collect()
                        }
                        _ => vec![],
                    };
                    if types
                        .iter()
                        .any(|t| t.ends_with("Article") || *t == "BlogPosting" || *t == "Report")
                    {
                        self.add_article_object(map);
                    }
                }
                _ => {}
            }
        }
    }

    fn add_article_object(&mut self, map: &serde_json::Map<String, serde_json::Value>) {
        let s = |k: &str| map.get(k).and_then(|v| v.as_str()).map(clean_ws);
        if let Some(h) = s("headline") {
            self.title = Some(h);
        }
        if let Some(p) = s("datePublished") {
            self.set_published(&p, "json-ld", 0);
        }
        if let Some(name) = map.get("author").and_then(person_name) {
            self.author = Some(name);
        }
        if let Some(p) = map.get("publisher").and_then(person_name) {
            self.publisher.get_or_insert(p);
        }
        if let Some(l) = s("inLanguage") {
            self.lang = self.lang.take().or_else(|| lang::normalise_tag(&l));
        }
        if let Some(u) = s("url") {
            self.canonical.get_or_insert(u);
        }
    }
}

fn person_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(clean_ws(s)),
        serde_json::Value::Object(m) => m.get("name").and_then(|n| n.as_str()).map(clean_ws),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(person_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests;
