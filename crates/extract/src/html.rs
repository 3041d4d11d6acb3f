//! HTML pages to an article draft.
//!
//! One walk over the DOM (iterative, so 100,000 nested elements cost no
//! stack) cuts the page into text blocks at block-element boundaries. Each
//! block remembers the block element that holds it, its link density, and
//! the deepest enclosing element that looks like page furniture (navigation,
//! asides, footers, forms, or a class/id such as "related", "share", "ad").
//! Paragraph-like blocks vote for the elements above them (a readability-style
//! score weighted by class hints and link density); the best element, joined
//! by siblings that score nearly as well, is the article. Furniture counts
//! only when it sits *inside* the chosen element: a page that wraps
//! everything in `<form>` or `class="menu-open"` still has an article.

use crate::boilerplate::{classify, dedup_key, parse_byline};
use crate::{clean_ws, dates, lang, Draft};
use crosscheck_model::Removed;
use std::collections::HashSet;
use stream::{Event, Tag};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Heading,
    Title,
    Caption,
    Byline,
}

/// A block-level element: the unit blocks vote for.
struct Elem {
    pre: usize,
    end: usize,
    parent: Option<usize>,
    tag: &'static str,
    positive: bool,
    furniture: bool,
    /// Some element above is furniture.
    under_furniture: bool,
    /// Nearest `<article>` element, itself included.
    article: Option<usize>,
    text_chars: usize,
    link_chars: usize,
    score: f64,
}

struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    kind: Kind,
    tag: &'static str,
    /// Element holding the block.
    owner: usize,
    /// Deepest enclosing furniture element, if any.
    furniture: Option<usize>,
}

/// Elements whose content is never article text.
const HARD_SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "head", "object", "canvas",
    "video", "audio", "select", "textarea", "button", "math",
];
/// Elements that are page furniture unless chosen as the article itself.
const FURNITURE_TAGS: &[&str] = &["nav", "aside", "footer", "header", "form", "menu", "dialog"];
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
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "menu",
    "dialog",
    "details",
    "summary",
    "caption",
    "tbody",
    "thead",
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
    "navigation",
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
    "tags",
    "toolbar",
    "masthead",
    "byline",
    "author",
    "meta",
];
/// Furniture words also recognised inside longer class names
/// ("commentlist", "sidebar-right", "socialshare").
const NEGATIVE_PARTS: &[&str] = &[
    "comment",
    "sidebar",
    "footer",
    "related",
    "advert",
    "share",
    "social",
    "newsletter",
    "promo",
    "breadcrumb",
    "cookie",
    "widget",
    "outbrain",
    "taboola",
    "sponsor",
    "popup",
    "disqus",
    "recommend",
];
const POSITIVE: &[&str] = &[
    "article", "content", "story", "body", "post", "entry", "main", "text", "prose", "blog",
];

const H_BLOCK: u8 = 1;
const H_HARD: u8 = 2;
const H_FURNITURE: u8 = 4;
/// Per-element flags, indexed by [`stream::index_of`].
static HTML_FLAGS: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    let mut v = vec![0u8; stream::known_count()];
    let mut set = |names: &[&str], f: u8| {
        for n in names {
            if let Some(i) = stream::index_of(n) {
                v[i as usize] |= f;
            }
        }
    };
    set(BLOCK_TAGS, H_BLOCK);
    set(HARD_SKIP, H_HARD);
    set(FURNITURE_TAGS, H_FURNITURE);
    v
});

/// What an element's class and id say about it.
#[derive(Default)]
struct Hints {
    positive: bool,
    negative: bool,
    byline: bool,
    hover: bool,
}

fn word_regex(words: &[&str]) -> regex::Regex {
    regex::Regex::new(&format!(
        r"(?i)(?:^|[\s_-])(?:{})(?:$|[\s_-])",
        words.join("|")
    ))
    .expect("static regex")
}

static NEGATIVE_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(&format!(
        r"(?i){}|(?:^|[\s_-])(?:{})(?:$|[\s_-])",
        NEGATIVE_PARTS.join("|"),
        NEGATIVE.join("|")
    ))
    .expect("static regex")
});
/// Whole class tokens that hide an element ("field--label-hidden" is a
/// label's modifier, not a hidden body, so words inside tokens do not count).
static HIDDEN_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?:^|\s)(?:hidden|is-hidden|d-none|hide|visually-hidden|sr-only|screen-reader-text)(?:$|\s)").expect("static regex")
});
static POSITIVE_RE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| word_regex(POSITIVE));
static BYLINE_RE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| word_regex(&["byline"]));
static HOVER_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    word_regex(&["rollover", "tooltip", "popover", "hovercard", "tooltiptext"])
});

/// Reads class and id once; furniture and article hints only matter for
/// block elements, so inline ones skip those checks.
fn hints(tag: Tag, block: bool) -> Hints {
    let mut h = Hints::default();
    for v in [tag.attr("class"), tag.attr("id")].into_iter().flatten() {
        if v.is_empty() {
            continue;
        }
        if block {
            h.negative |= NEGATIVE_RE.is_match(&v) || HIDDEN_RE.is_match(&v);
            h.positive |= POSITIVE_RE.is_match(&v);
        }
        h.byline |= BYLINE_RE.is_match(&v);
        h.hover |= HOVER_RE.is_match(&v);
    }
    h
}

#[derive(Default)]
struct Walk {
    elems: Vec<Elem>,
    blocks: Vec<Block>,
    /// Open elements: (block elem index if a block, hard skip, furniture, kind).
    stack: Vec<(Option<usize>, bool, bool, Option<Kind>)>,
    hard: usize,
    buf: String,
    link_chars: usize,
    in_link: usize,
    pre: usize,
}

impl Walk {
    fn owner(&self) -> usize {
        self.stack.iter().rev().find_map(|s| s.0).unwrap_or(0)
    }

    fn flush(&mut self) {
        let text = clean_ws(&self.buf);
        self.buf.clear();
        let links = std::mem::take(&mut self.link_chars);
        if text.is_empty() || self.elems.is_empty() {
            return;
        }
        let owner = self.owner();
        let kind = self
            .stack
            .iter()
            .rev()
            .find_map(|s| s.3)
            .unwrap_or(Kind::Body);
        let furniture = self.stack.iter().rev().filter(|s| s.2).find_map(|s| s.0);
        let chars = text.chars().count();
        let mut e = Some(owner);
        // Text and link totals of every element above, for link density.
        while let Some(i) = e {
            self.elems[i].text_chars += chars;
            self.elems[i].link_chars += links.min(chars);
            e = self.elems[i].parent;
        }
        self.blocks.push(Block {
            text,
            chars,
            link_chars: links.min(chars),
            kind,
            tag: self.elems[owner].tag,
            owner,
            furniture,
        });
    }
}

pub(crate) fn extract(html: &str) -> Draft {
    let mut d = Draft::default();
    let mut meta = Meta::default();
    let mut w = Walk::default();
    let mut ld_json: Vec<String> = Vec::new();
    let mut title_tag = String::new();
    let mut in_title = false;
    let mut want_ld_json = false;

    stream::walk(html, |event| match event {
        Event::Open(tag) => {
            let name = tag.name;
            w.pre += 1;
            match name {
                "meta" => meta.add(tag),
                "link"
                    if tag
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    meta.canonical = tag.attr("href").map(|h| h.into_owned());
                }
                "html" => meta.lang = tag.attr("lang").and_then(|l| lang::normalise_tag(&l)),
                "title" => in_title = true,
                _ => {}
            }
            let itemprop = tag.attr("itemprop");
            if itemprop.as_deref() == Some("dateModified") && meta.modified.is_none() {
                meta.modified = tag
                    .attr("datetime")
                    .or_else(|| tag.attr("content"))
                    .and_then(|v| dates::normalise_meta_date(&v));
            }
            if name == "time" || itemprop.as_deref() == Some("datePublished") {
                let rank = if itemprop.as_deref() == Some("datePublished") || tag.has("pubdate") {
                    2
                } else {
                    3
                };
                if let Some(v) = tag.attr("datetime").or_else(|| tag.attr("content")) {
                    meta.set_published(&v, "time", rank);
                }
            }
            if name == "script" && tag.attr("type").is_some_and(|t| t.contains("ld+json")) {
                want_ld_json = true;
            }
            let hflags = HTML_FLAGS[tag.id as usize];
            let block = hflags & H_BLOCK != 0;
            let hints = hints(tag, block);
            // Hover cards and tooltips: text shown only on demand, sitting
            // inside a sentence ("Rep. Ilhan Omar" + her bio).
            let hard = hflags & H_HARD != 0
                || hints.hover
                || tag.attr("style").is_some_and(|st| {
                    let st = st.to_ascii_lowercase().replace(' ', "");
                    st.contains("display:none") || st.contains("visibility:hidden")
                });
            let structural = matches!(name, "article" | "main" | "body" | "html");
            let positive = structural || hints.positive;
            let furniture = !structural
                && (hflags & H_FURNITURE != 0
                    || hints.negative
                    || tag.has("hidden")
                    || tag.attr("aria-hidden").as_deref() == Some("true")
                    || tag.attr("role").is_some_and(|r| {
                        matches!(
                            r.as_ref(),
                            "navigation" | "complementary" | "banner" | "contentinfo"
                        )
                    }));
            let kind = match name {
                "h1" => Some(Kind::Title),
                "h2" | "h3" | "h4" | "h5" | "h6" => Some(Kind::Heading),
                "figcaption" | "figure" => Some(Kind::Caption),
                _ if hints.byline => Some(Kind::Byline),
                _ => None,
            };
            let mut idx = None;
            if block || w.elems.is_empty() {
                if w.hard == 0 {
                    w.flush();
                }
                let parent = w.stack.iter().rev().find_map(|s| s.0);
                let under_furniture =
                    parent.is_some_and(|p| w.elems[p].furniture || w.elems[p].under_furniture);
                let article = if name == "article" {
                    Some(w.elems.len())
                } else {
                    parent.and_then(|p| w.elems[p].article)
                };
                w.elems.push(Elem {
                    under_furniture,
                    article,
                    pre: w.pre,
                    end: usize::MAX,
                    parent,
                    tag: name,
                    positive,
                    furniture,
                    text_chars: 0,
                    link_chars: 0,
                    score: 0.0,
                });
                idx = Some(w.elems.len() - 1);
            }
            if hard {
                w.hard += 1;
            }
            if name == "a" {
                w.in_link += 1;
            }
            w.stack.push((idx, hard, furniture && idx.is_some(), kind));
        }
        Event::Text(t) => {
            if in_title {
                title_tag.push_str(&t);
            } else if w.hard == 0 {
                w.buf.push_str(&t);
                if w.in_link > 0 {
                    w.link_chars += t.trim().chars().count();
                }
            }
        }
        Event::Raw(text) => {
            if want_ld_json {
                ld_json.push(text.to_string());
                want_ld_json = false;
            }
        }
        Event::Close(name) => {
            match name {
                "title" => in_title = false,
                "a" => w.in_link = w.in_link.saturating_sub(1),
                _ => {}
            }
            let Some(&(idx, hard, _, _)) = w.stack.last() else {
                return;
            };
            if let Some(i) = idx {
                if w.hard == 0 {
                    w.flush();
                } else {
                    w.buf.clear();
                    w.link_chars = 0;
                }
                w.elems[i].end = w.pre;
            }
            if hard {
                w.hard -= 1;
            }
            w.stack.pop();
        }
    });
    w.flush();
    for text in &ld_json {
        meta.add_json_ld(text);
    }
    let Walk {
        mut elems, blocks, ..
    } = w;

    let (chosen, home) = choose(&mut elems, &blocks);
    let inside = |pre: usize| {
        chosen
            .iter()
            .any(|&c| pre >= elems[c].pre && pre <= elems[c].end)
    };
    // Furniture hides a block only when it sits inside the article.
    // ... unless that "furniture" holds most of the article's text: then
    // its class name misled us, not its content.
    let hidden = |b: &Block| {
        b.furniture.is_some_and(|f| {
            chosen.iter().any(|&c| {
                elems[f].pre > elems[c].pre
                    && elems[f].pre <= elems[c].end
                    && elems[f].text_chars * 2 < elems[c].text_chars
            })
        })
    };

    let mut h1: Option<String> = None;
    let mut dateline: Option<String> = None;
    let mut seen: HashSet<String> = HashSet::new();
    let mut seen_captions: HashSet<String> = HashSet::new();
    let remove = |d: &mut Draft, kind: &str, text: &str| {
        d.removed.push(Removed {
            kind: kind.into(),
            text: text.into(),
        })
    };
    for b in blocks {
        let within = inside(elems[b.owner].pre);
        match b.kind {
            Kind::Title => {
                h1.get_or_insert(b.text);
                continue;
            }
            Kind::Caption => {
                if within && seen_captions.insert(dedup_key(&b.text)) {
                    d.captions.push(b.text);
                }
                continue;
            }
            _ => {}
        }
        let maybe_byline = b.chars < 120
            && b.text
                .get(..2)
                .is_some_and(|p| p.eq_ignore_ascii_case("by"));
        if let Some((name, email)) = maybe_byline.then(|| parse_byline(&b.text)).flatten() {
            d.byline.get_or_insert(name);
            if d.byline_contact.is_none() {
                d.byline_contact = email;
            }
            if within {
                remove(&mut d, "byline", &b.text);
            }
            continue;
        }
        if b.kind == Kind::Byline {
            if b.chars < 80 && d.byline.is_none() {
                d.byline = Some(b.text.trim_start_matches("By ").to_string());
            }
            continue;
        }
        if !within {
            continue;
        }
        if hidden(&b) {
            remove(&mut d, "furniture", &b.text);
            continue;
        }
        if elems[b.owner].article.is_some_and(|a| Some(a) != home) {
            remove(&mut d, "other_article", &b.text);
            continue;
        }
        if let Some(kind) = classify(&b.text) {
            remove(&mut d, kind, &b.text);
            continue;
        }
        if crate::boilerplate::is_caption(&b.text) {
            if seen_captions.insert(dedup_key(&b.text)) {
                d.captions.push(b.text);
            }
            continue;
        }
        if b.link_chars * 2 > b.chars && b.chars < 300 {
            remove(&mut d, "links", &b.text);
            continue;
        }
        if b.chars < 80 {
            if let Some(date) = dates::parse_dateline_iso(&b.text) {
                // A visible dateline dates the page when its metadata does not.
                dateline.get_or_insert(date);
                remove(&mut d, "dateline", &b.text);
                continue;
            }
        }
        // Repeats of long paragraphs are page furniture (a caption printed
        // twice); short ones are content (table cells, repeated subheads).
        if b.chars >= 80 && !seen.insert(dedup_key(&b.text)) {
            remove(&mut d, "duplicate", &b.text);
            continue;
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
        // Only a paragraph about as long as the title can be the title.
        let near = |p: &str| p.len() <= t.len() * 2 + 16;
        if let Some(pos) = d
            .paragraphs
            .iter()
            .position(|p| near(p) && dedup_key(p) == key)
        {
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
    d.modified = meta.modified.clone();
    d.language = meta.lang.clone();
    if let Some((p, from)) = meta.published.clone() {
        d.published = Some(p);
        d.published_from = Some(from);
    } else if let Some(p) = dateline {
        d.published = Some(p);
        d.published_from = Some("dateline".into());
    }
    d
}

/// Paragraph-like blocks vote for the elements above them; returns the
/// chosen element and the siblings that belong with it.
fn choose(elems: &mut [Elem], blocks: &[Block]) -> (Vec<usize>, Option<usize>) {
    for b in blocks {
        if b.kind != Kind::Body
            || !matches!(
                b.tag,
                "p" | "div"
                    | "blockquote"
                    | "pre"
                    | "td"
                    | "li"
                    | "section"
                    | "article"
                    | "dd"
                    | "main"
                    | "body"
                    | "center"
            )
        {
            continue;
        }
        if b.chars < 25 || b.link_chars * 2 > b.chars {
            continue;
        }
        let s = 1.0
            + b.text.matches([',', '，', '、']).count().min(10) as f64
            + (b.chars as f64 / 100.0).min(3.0);
        // A <p> is a paragraph, not a container: its parent gets the vote.
        let first = if matches!(b.tag, "p" | "blockquote" | "li" | "pre") {
            elems[b.owner].parent
        } else {
            Some(b.owner)
        };
        let mut target = first;
        // Votes stay inside the block's own <article>: a list of teaser
        // articles must not make their common wrapper look like a story.
        let home = elems[b.owner].article.map(|a| elems[a].pre);
        for level in 0..3 {
            let Some(t) = target else { break };
            if home.is_some_and(|h| elems[t].pre < h) {
                break;
            }
            elems[t].score += s / [1.0, 2.0, 3.0][level];
            target = elems[t].parent;
        }
    }
    // The story under the page's main heading: an <article> that holds the
    // <h1> is the one the page is about, not one of its teasers.
    let headed: Option<usize> = blocks
        .iter()
        .find(|b| b.kind == Kind::Title)
        .and_then(|b| elems[b.owner].article);
    let weight = |e: &Elem| {
        let headline = if headed.is_some() && e.article == headed {
            1.5
        } else {
            1.0
        };
        let density = if e.text_chars == 0 {
            0.0
        } else {
            e.link_chars as f64 / e.text_chars as f64
        };
        let class = if e.positive { 1.25 } else { 1.0 }
            * if e.furniture { 0.25 } else { 1.0 }
            * if e.under_furniture { 0.5 } else { 1.0 };
        e.score * class * headline * (1.0 - density)
    };
    let Some(best) = (0..elems.len())
        .filter(|&i| elems[i].score > 0.0)
        .max_by(|&a, &b| {
            weight(&elems[a])
                .total_cmp(&weight(&elems[b]))
                .then(b.cmp(&a))
        })
    else {
        return (vec![0], None);
    };
    // The article the best element belongs to: text inside any other
    // <article> is another story (teasers, "you may also like").
    let home = elems[best].article;
    let foreign =
        |b: &Block, elems: &[Elem]| elems[b.owner].article.is_some_and(|a| Some(a) != home);
    // Climb while the element above holds clearly more article-like text
    // (long, few links, not inside furniture): a body broken up by ads or
    // pull quotes into several containers.
    let good = |root: usize, elems: &[Elem]| -> usize {
        let (lo, hi) = (elems[root].pre, elems[root].end);
        blocks
            .iter()
            .filter(|b| {
                let p = elems[b.owner].pre;
                p >= lo
                    && p <= hi
                    && b.kind == Kind::Body
                    && b.chars >= 80
                    && b.link_chars * 4 < b.chars
                    && !b
                        .furniture
                        .is_some_and(|f| elems[f].pre > lo && elems[f].pre <= hi)
                    && !foreign(b, elems)
            })
            .map(|b| b.chars)
            .sum()
    };
    // Look up to ten levels above for an element holding clearly more
    // article-like text; bare wrappers in between are looked through.
    let mut best = best;
    'climb: loop {
        let here = good(best, elems);
        let mut up = elems[best].parent;
        for _ in 0..10 {
            let Some(a) = up else { break 'climb };
            if matches!(elems[a].tag, "body") || elems[a].parent.is_none() {
                break 'climb;
            }
            let above = good(a, elems);
            if above * 4 >= here * 5 + 800 {
                best = a;
                continue 'climb;
            }
            if above > here + here / 10 {
                break 'climb;
            }
            up = elems[a].parent;
        }
        break;
    }
    let top = weight(&elems[best]);
    let mut chosen = vec![best];
    // Siblings under the same parent that score well are part of the
    // article too (a body split into several <div>s).
    if let Some(parent) = elems[best].parent {
        for (i, e) in elems.iter().enumerate() {
            if i != best
                && e.parent == Some(parent)
                && !e.furniture
                && e.tag != "article"
                && e.article == elems[best].article
                && weight(e) >= (top * 0.2).max(3.0)
            {
                chosen.push(i);
            }
        }
    }
    (chosen, home)
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
    modified: Option<String>,
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

    fn add(&mut self, el: Tag) {
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(content) = el
            .attr("content")
            .map(|c| clean_ws(&c))
            .filter(|c| !c.is_empty())
        else {
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
            "article:modified_time"
            | "og:updated_time"
            | "datemodified"
            | "dc.date.modified"
            | "dcterms.modified"
            | "last-modified" => {
                self.modified = self
                    .modified
                    .take()
                    .or_else(|| dates::normalise_meta_date(&content));
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
        if let Some(m) = s("dateModified").and_then(|m| dates::normalise_meta_date(&m)) {
            self.modified = Some(m);
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

mod stream;

#[cfg(test)]
mod tests;
