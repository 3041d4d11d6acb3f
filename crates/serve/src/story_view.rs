//! A story side by side: sources as cards, claims with conflicts first and
//! their evidence, the timeline and the independence of the sources drawn
//! as pictures. Used for stored stories and for uploads alike; only where
//! an article links to differs, so the caller passes that in.
//!
//! The SVG shapes are built here from numbers and escaped text through
//! maud, like the rest of the page: no article text is ever markup.

use crosscheck_model::{Analysis, Article, Claim, Evidence, Status, Story};
use maud::{html, Markup};

/// Where an article's name links to: a stored article's page, or an
/// anchor in an upload's result page.
pub type ArticleHref<'a> = &'a dyn Fn(&str) -> String;

pub fn status_name(s: &Status) -> &'static str {
    match s {
        Status::Conflicting => "conflicting",
        Status::Corroborated => "corroborated",
        Status::SingleSource => "single source",
    }
}

/// An article as a reader knows it: its outlet, or its title when the
/// outlet is unknown, with the article number to tell copies apart.
pub fn article_label(articles: &[Article], id: &str) -> String {
    let Some(a) = articles.iter().find(|a| a.id == id) else {
        return format!("article {id}");
    };
    if let Some(p) = &a.publisher {
        return p.clone();
    }
    if let Some(host) = a.url.as_deref().and_then(host) {
        return host.to_string();
    }
    match &a.title {
        Some(t) => t.chars().take(40).collect(),
        None => format!("article {id}"),
    }
}

/// The site of a URL, without `www.`: what a reader calls the outlet when
/// the page does not name itself.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// A publication time as a reader writes it: `2025-12-14 22:10`, with the
/// offset only when it is not UTC; anything else as it came.
pub fn when(iso: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(iso) {
        Ok(t) => {
            let local = t.format("%Y-%m-%d %H:%M");
            if t.offset().local_minus_utc() == 0 {
                format!("{local} UTC")
            } else {
                format!("{local} ({})", t.format("%:z"))
            }
        }
        Err(_) => iso.to_string(),
    }
}

/// Counts of claims by status: conflicting, corroborated, single source.
pub fn claim_counts(story: &Story) -> [usize; 3] {
    let n = |s: Status| story.claims.iter().filter(|c| c.status == s).count();
    [
        n(Status::Conflicting),
        n(Status::Corroborated),
        n(Status::SingleSource),
    ]
}

/// The conflict line with outlets named: "Outlet A: 212 · Outlet B: 240".
fn conflict_line(c: &Claim, articles: &[Article], href: ArticleHref) -> Markup {
    if c.sides.is_empty() {
        return html! { @if let Some(conf) = &c.conflict { p.conflict { (conf) } } };
    }
    html! {
        ul.sides aria-label="What each side says" {
            @for side in &c.sides {
                li {
                    @for (i, a) in side.articles.iter().take(SIDE_NAMED).enumerate() {
                        @if i > 0 { ", " }
                        a href=(href(a)) { (article_label(articles, a)) }
                    }
                    @if side.articles.len() > SIDE_NAMED {
                        " and " (side.articles.len() - SIDE_NAMED) " more (below)"
                    }
                    " says " strong { (side.says) }
                }
            }
        }
    }
}

fn claim_block(c: &Claim, articles: &[Article], href: ArticleHref) -> Markup {
    let class = format!("claim {}", status_name(&c.status).replace(' ', "-"));
    html! {
        details class=(class) open[c.status == Status::Conflicting] {
            summary {
                span.status { (status_name(&c.status)) }
                " "
                @if c.sides.is_empty() {
                    (c.summary)
                } @else {
                    "Sources disagree: " (c.sides.iter().map(|s| s.says.as_str()).collect::<Vec<_>>().join(" vs "))
                }
                " (" (c.sources) " source" @if c.sources != 1 { "s" } ")"
            }
            @if c.status == Status::Conflicting { (conflict_line(c, articles, href)) }
            @if let Some(note) = &c.independence_note { p.note { (note) } }
            @if let Some(note) = &c.counts_differ { p.note { "Counts differ: " (note) } }
            (evidence_list(&c.evidence[..c.evidence.len().min(SHOWN)], articles, href))
            @if c.evidence.len() > SHOWN {
                details.more {
                    summary { (c.evidence.len() - SHOWN) " more tellings" }
                    (evidence_list(&c.evidence[SHOWN..], articles, href))
                }
            }
        }
    }
}

/// Sources named on each side of a conflict; the evidence lists them all.
const SIDE_NAMED: usize = 8;

/// Cards and evidence lines shown before the rest fold away: a story that
/// 1,000 outlets told opens with its claims in reach, every source one
/// click further.
const SHOWN: usize = 24;

fn evidence_list(evidence: &[Evidence], articles: &[Article], href: ArticleHref) -> Markup {
    html! {
        ul.evidence {
            @for e in evidence {
                li {
                    a href=(evidence_href(&href(&e.article), &e.part, e.start, e.end)) {
                        (article_label(articles, &e.article))
                    }
                    ": " mark { (e.text) }
                }
            }
        }
    }
}

/// A link to the evidence inside its article: the article page marks the
/// range and scrolls to it. Only ranges in the body text are marked.
fn evidence_href(base: &str, part: &str, start: usize, end: usize) -> String {
    if part == "text" && base.starts_with('/') {
        format!("{base}?from={start}&to={end}#evidence")
    } else {
        base.to_string()
    }
}

/// Characters of an event that fit beside the timeline; the whole event
/// is the mark's tooltip and is in the claims above.
const EVENT_CHARS: usize = 70;

/// The timeline as a picture: one mark per entry on a line, in order, each
/// linked to its first source.
fn timeline_svg(story: &Story, href: ArticleHref) -> Markup {
    let n = story.timeline.len();
    if n == 0 {
        return html! { p { "No dated events." } };
    }
    let row = 34;
    let height = 20 + row * n;
    html! {
        div.figure { svg.timeline role="img" aria-label="Timeline of the story" viewBox={ "0 0 720 " (height) } width="100%" {
            line x1="110" y1="10" x2="110" y2=(height - 10) class="axis" {}
            @for (i, t) in story.timeline.iter().enumerate() {
                @let y = 24 + row * i;
                a href=(href(t.articles.first().map(String::as_str).unwrap_or_default())) {
                    title { (t.date) ": " (t.event) }
                    circle cx="110" cy=(y) r="6" class="point" {}
                    text x="100" y=(y + 4) text-anchor="end" class="date" { (t.date) }
                    text x="124" y=(y + 4) class="event" {
                        (t.event.chars().take(EVENT_CHARS).collect::<String>())
                        @if t.event.chars().count() > EVENT_CHARS { "…" }
                    }
                }
            }
        } }
    }
}

/// What a source depends on: shared upstreams it credits and the text it
/// copies. Sources that share a node are not independent of each other.
fn dependencies(story: &Story, articles: &[Article]) -> (Vec<String>, Vec<(usize, usize)>) {
    let mut nodes: Vec<String> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let index = |id: &str| articles.iter().position(|a| a.id == id);
    for u in &story.upstreams {
        let node = nodes.len();
        nodes.push(u.name.clone());
        for a in &u.articles {
            if let Some(i) = index(a) {
                edges.push((i, node));
            }
        }
    }
    // Copies of one text meet at a node named after the earliest copy.
    let mut roots: Vec<&str> = story.copies.iter().map(|c| c.copy_of.as_str()).collect();
    roots.sort_unstable();
    roots.dedup();
    for root in roots {
        let node = nodes.len();
        nodes.push(format!("text of {}", article_label(articles, root)));
        if let Some(i) = index(root) {
            edges.push((i, node));
        }
        for c in story.copies.iter().filter(|c| c.copy_of == root) {
            if let Some(i) = index(&c.article) {
                edges.push((i, node));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    (nodes, edges)
}

/// Sources on the left, what they lean on (wire agencies, a copied text)
/// on the right: a source with no line is independent of the others.
fn independence_svg(story: &Story, articles: &[Article], href: ArticleHref) -> Markup {
    let (nodes, edges) = dependencies(story, articles);
    if nodes.is_empty() {
        return html! { p { "No two sources share an upstream or a text: as far as the texts tell, they are independent." } };
    }
    let row = 30;
    let rows = articles.len().max(nodes.len());
    let height = 20 + row * rows;
    let y_of = |i: usize, count: usize| {
        // Centre the shorter column against the longer one.
        let offset = (rows - count) * row / 2;
        20 + offset + row * i
    };
    html! {
        div.figure { svg.graph role="img" aria-label="Which sources share an upstream or a text" viewBox={ "0 0 720 " (height) } width="100%" {
            @for &(a, n) in &edges {
                line x1="250" y1=(y_of(a, articles.len())) x2="470" y2=(y_of(n, nodes.len())) class="edge" {}
            }
            @for (i, a) in articles.iter().enumerate() {
                @let y = y_of(i, articles.len());
                @let linked = edges.iter().any(|e| e.0 == i);
                a href=(href(&a.id)) {
                    circle cx="250" cy=(y) r="6" class=(if linked { "source" } else { "source alone" }) {}
                    text x="240" y=(y + 4) text-anchor="end" {
                        (article_label(articles, &a.id).chars().take(32).collect::<String>())
                    }
                }
            }
            @for (i, n) in nodes.iter().enumerate() {
                @let y = y_of(i, nodes.len());
                rect x="464" y=(y - 6) width="12" height="12" class="upstream" {}
                text x="484" y=(y + 4) { (n.chars().take(36).collect::<String>()) }
            }
        } }
    }
}

/// The body of a story page.
/// Source cards for `articles`, the first being article `offset` of the
/// story (analyses are indexed by story position).
fn cards(
    articles: &[Article],
    offset: usize,
    analyses: &[Analysis],
    href: ArticleHref,
    copy_of: &dyn Fn(&str) -> Option<String>,
) -> Markup {
    html! {
        ul.cards {
            @for (i, a) in articles.iter().enumerate() {
                li.card {
                    h3 { a href=(href(&a.id)) { (article_label(articles, &a.id)) } }
                    p {
                        (a.title.clone().unwrap_or_default())
                        @if a.title_from.as_deref() == Some("url") { " " span.meta { "(from the address)" } }
                    }
                    p.meta {
                        (card_date(a))
                        @if let Some(b) = &a.byline { " · by " (b) }
                        @if let Some(l) = &a.language { " · " (l) }
                    }
                    @if let Some(orig) = copy_of(&a.id) {
                        p.flag { "Copy of " a href=(href(&orig)) { (article_label(articles, &orig)) } }
                    }
                    @for f in analyses.get(offset + i).map(|an| an.flags.as_slice()).unwrap_or_default() {
                        p.flag title=(f.detail) { (f.kind.replace('_', " ")) }
                    }
                }
            }
        }
    }
}

pub fn story_body(
    heading: &str,
    articles: &[Article],
    analyses: &[Analysis],
    story: &Story,
    href: ArticleHref,
) -> Markup {
    let copy_of = |a: &str| {
        story
            .copies
            .iter()
            .find(|c| c.article == a)
            .map(|c| c.copy_of.clone())
    };
    let mut claims: Vec<&Claim> = story.claims.iter().collect();
    claims.sort_by_key(|c| match c.status {
        Status::Conflicting => 0,
        Status::Corroborated => 1,
        Status::SingleSource => 2,
    });
    let [conflicting, corroborated, single] = claim_counts(story);
    html! {
        h1 { (story.title) }
        p.meta {
            (heading) " · " (crosscheck_store::plural(articles.len() as u64, "article", "articles")) " · "
            a href="#claims" { (claims_line(conflicting, corroborated, single)) }
        }
        section aria-labelledby="sources" {
            h2 #sources { "Sources" }
            (cards(&articles[..articles.len().min(SHOWN)], 0, analyses, href, &copy_of))
            @if articles.len() > SHOWN {
                details.more {
                    summary { (articles.len() - SHOWN) " more sources" }
                    (cards(&articles[SHOWN..], SHOWN, analyses, href, &copy_of))
                }
            }
        }
        section aria-labelledby="claims" {
            h2 #claims { "Claims" }
            @if claims.is_empty() { p { "No claim found." } }
            @for c in &claims { (claim_block(c, articles, href)) }
        }
        section aria-labelledby="timeline" {
            h2 #timeline { "Timeline" }
            (timeline_svg(story, href))
            @if !story.timeline.is_empty() {
                details.timeline-text {
                    summary { "The timeline as text, with every source" }
                    ol {
                        @for t in &story.timeline {
                            li {
                                strong { (t.date) } " " (t.event) " — "
                                @for (i, a) in t.articles.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    a href=(href(a)) { (article_label(articles, a)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="independence" {
            h2 #independence { "Independence" }
            (independence_svg(story, articles, href))
            @if !story.upstreams.is_empty() {
                ul {
                    @for u in &story.upstreams {
                        li { strong { (u.name) } " is credited by "
                            @for (i, a) in u.articles.iter().enumerate() {
                                @if i > 0 { ", " }
                                a href=(href(a)) { (article_label(articles, a)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A card's date: the page's, else the range its text bounds (said to be
/// inferred), else why there is none.
fn card_date(a: &crosscheck_model::Article) -> String {
    match (&a.published, &a.published_range) {
        (Some(p), _) => when(p),
        (None, Some(r)) => format!("{} – {} (inferred)", r.from, r.to),
        (None, None) => "undated: no date in the page or its address".into(),
    }
}

/// The kinds of claims a story has, zeros left out: "2 conflicting, 5
/// corroborated and 34 single-source claims", "no claims".
fn claims_line(conflicting: usize, corroborated: usize, single: usize) -> String {
    let parts: Vec<String> = [
        (conflicting, "conflicting"),
        (corroborated, "corroborated"),
        (single, "single-source"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, kind)| format!("{n} {kind}"))
    .collect();
    let total = conflicting + corroborated + single;
    match parts.split_last() {
        None => "no claims".into(),
        Some((last, [])) => format!("{last} {}", if total == 1 { "claim" } else { "claims" }),
        Some((last, rest)) => format!("{} and {last} claims", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::claims_line;

    #[test]
    fn a_story_counts_the_claims_it_has_and_no_zeros() {
        assert_eq!(
            claims_line(2, 5, 34),
            "2 conflicting, 5 corroborated and 34 single-source claims"
        );
        assert_eq!(
            claims_line(0, 19, 84),
            "19 corroborated and 84 single-source claims"
        );
        assert_eq!(claims_line(0, 0, 1), "1 single-source claim");
        assert_eq!(claims_line(0, 0, 0), "no claims");
    }
}
