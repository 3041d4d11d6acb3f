//! Server-rendered pages. Everything from an article goes through maud's
//! escaping; nothing is written with `PreEscaped` but the fixed CSS and SVG
//! shapes built here from numbers.

use crate::{with_archive, ListQuery, ServeError, Shared};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use crosscheck_model::{Analysis, Article, Status, Story};
use crosscheck_store::date_of;
use maud::{html, Markup, DOCTYPE};

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " — crosscheck" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header {
                    a.home href="/" { "crosscheck" }
                    form.search action="/search" method="get" role="search" {
                        label for="q" { "Search" }
                        input #q type="search" name="q" placeholder="words, names, places";
                        button type="submit" { "Search" }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn page(title: &str, body: Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        layout(title, body).into_string(),
    )
        .into_response()
}

fn error_page(e: ServeError) -> Response {
    let status = match e {
        ServeError::NotFound(_) => axum::http::StatusCode::NOT_FOUND,
        ServeError::BadRequest(_) => axum::http::StatusCode::BAD_REQUEST,
        ServeError::Internal(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut r = page(
        "Error",
        html! { h1 { "Sorry" } p.error { (e.to_string()) } },
    );
    *r.status_mut() = status;
    r
}

pub async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("style.css"),
    )
        .into_response()
}

fn filters_form(q: &ListQuery, action: &str, with_query: bool) -> Markup {
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    html! {
        form.filters action=(action) method="get" {
            @if with_query {
                label { "Words " input type="search" name="q" value=(v(&q.q)); }
            }
            label { "Since " input type="date" name="since" value=(v(&q.since)); }
            label { "Until " input type="date" name="until" value=(v(&q.until)); }
            label { "Language " input type="text" name="lang" size="4" value=(v(&q.lang)); }
            label { "Outlet " input type="text" name="outlet" value=(v(&q.outlet)); }
            button type="submit" { "Filter" }
        }
    }
}

pub async fn stories(State(s): State<Shared>, Query(q): Query<ListQuery>) -> Response {
    let filter = match q.story_filter() {
        Ok(f) => f,
        Err(e) => return error_page(e),
    };
    let list = match with_archive(s, move |a| Ok(a.store().stories(&filter)?)).await {
        Ok(l) => l,
        Err(e) => return error_page(e),
    };
    page(
        "Stories",
        html! {
            h1 { "Stories" }
            (filters_form(&q, "/", false))
            @if list.is_empty() { p { "No story matches." } }
            ol.stories {
                @for st in &list {
                    li {
                        a href={ "/stories/" (st.id) } { (st.title) }
                        p.meta {
                            (st.articles) " articles (" (st.texts) " texts) · "
                            (st.first.clone().unwrap_or_else(|| "undated".into()))
                            @if st.last != st.first { " – " (st.last.clone().unwrap_or_default()) }
                            " · " (st.languages.join(", "))
                        }
                        p.outlets { (st.outlets.join(", ")) }
                    }
                }
            }
        },
    )
}

fn status_name(s: &Status) -> &'static str {
    match s {
        Status::Conflicting => "conflicting",
        Status::Corroborated => "corroborated",
        Status::SingleSource => "single source",
    }
}

/// The sentence of an evidence with nothing but text in it.
fn article_label(articles: &[Article], id: &str) -> String {
    articles
        .iter()
        .find(|a| a.id == id)
        .map(|a| {
            a.publisher
                .clone()
                .unwrap_or_else(|| format!("article {id}"))
        })
        .unwrap_or_else(|| format!("article {id}"))
}

/// The timeline as a picture: one mark per entry on a line, in order, each
/// linked to its first source.
fn timeline_svg(story: &Story) -> Markup {
    let n = story.timeline.len();
    if n == 0 {
        return html! { p { "No dated events." } };
    }
    let row = 34;
    let height = 20 + row * n;
    html! {
        svg.timeline role="img" aria-label="Timeline of the story" viewBox={ "0 0 720 " (height) } width="100%" {
            line x1="110" y1="10" x2="110" y2=(height - 10) class="axis" {}
            @for (i, t) in story.timeline.iter().enumerate() {
                @let y = 24 + row * i;
                a href={ "/articles/" (t.articles.first().cloned().unwrap_or_default()) } {
                    circle cx="110" cy=(y) r="6" class="point" {}
                    text x="100" y=(y + 4) text-anchor="end" class="date" { (t.date) }
                    text x="124" y=(y + 4) class="event" {
                        (t.event.chars().take(90).collect::<String>())
                        @if t.event.chars().count() > 90 { "…" }
                    }
                }
            }
        }
    }
}

fn story_page(
    id: u64,
    articles: &[Article],
    analyses: &[Analysis],
    story: &Story,
    omitted: usize,
) -> Markup {
    let _ = analyses;
    let copy_of = |a: &str| {
        story
            .copies
            .iter()
            .find(|c| c.article == a)
            .map(|c| c.copy_of.clone())
    };
    let mut claims: Vec<&crosscheck_model::Claim> = story.claims.iter().collect();
    claims.sort_by_key(|c| match c.status {
        Status::Conflicting => 0,
        Status::Corroborated => 1,
        Status::SingleSource => 2,
    });
    let count = |s: Status| story.claims.iter().filter(|c| c.status == s).count();
    html! {
        h1 { (story.title) }
        p.meta {
            "Story " (id) " · " (articles.len()) " articles · "
            (count(Status::Conflicting)) " conflicting, "
            (count(Status::Corroborated)) " corroborated, "
            (count(Status::SingleSource)) " single-source claims"
            @if omitted > 0 { " · " (omitted) " further copies left out" }
        }
        section aria-labelledby="sources" {
            h2 #sources { "Sources" }
            ul.cards {
                @for a in articles {
                    li.card {
                        h3 { a href={ "/articles/" (a.id) } { (a.publisher.clone().unwrap_or_else(|| "Outlet unknown".into())) } }
                        p { (a.title.clone().unwrap_or_default()) }
                        p.meta {
                            (a.published.clone().unwrap_or_else(|| "undated".into()))
                            @if let Some(b) = &a.byline { " · by " (b) }
                        }
                        @if let Some(orig) = copy_of(&a.id) {
                            p.flag { "Copy of " a href={ "/articles/" (orig) } { (article_label(articles, &orig)) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="claims" {
            h2 #claims { "Claims" }
            @for c in &claims {
                details class={ "claim " (status_name(&c.status).replace(' ', "-")) } open[c.status == Status::Conflicting] {
                    summary {
                        span.status { (status_name(&c.status)) }
                        " " (c.summary)
                        " (" (c.sources) " source" @if c.sources != 1 { "s" } ")"
                    }
                    @if let Some(conf) = &c.conflict { p.conflict { (conf) } }
                    @if let Some(note) = &c.independence_note { p.note { (note) } }
                    ul.evidence {
                        @for e in &c.evidence {
                            li {
                                a href={ "/articles/" (e.article) } { (article_label(articles, &e.article)) }
                                ": " mark { (e.text) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="timeline" {
            h2 #timeline { "Timeline" }
            (timeline_svg(story))
        }
        section aria-labelledby="upstreams" {
            h2 #upstreams { "Shared upstreams" }
            @if story.upstreams.is_empty() { p { "No upstream is credited by more than one source." } }
            ul {
                @for u in &story.upstreams {
                    li { strong { (u.name) } " credited by "
                        @for (i, a) in u.articles.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "/articles/" (a) } { (article_label(articles, a)) }
                        }
                    }
                }
            }
        }
    }
}

pub async fn story(State(s): State<Shared>, Path(id): Path<u64>) -> Response {
    match with_archive(s, move |a| Ok(a.story(id)?)).await {
        Ok((o, omitted)) => match o.stories.first() {
            Some(st) => page(
                &st.title,
                story_page(id, &o.articles, &o.analyses, st, omitted),
            ),
            None => error_page(ServeError::NotFound(format!("no story {id}"))),
        },
        Err(e) => error_page(e),
    }
}

pub async fn article(State(s): State<Shared>, Path(id): Path<i64>) -> Response {
    let got = with_archive(s, move |a| {
        a.store().article(id)?.ok_or(ServeError::NotFound(format!(
            "no article {id} in this archive"
        )))
    })
    .await;
    let stored = match got {
        Ok(s) => s,
        Err(e) => return error_page(e),
    };
    let a = &stored.article;
    let title = a.title.clone().unwrap_or_else(|| format!("Article {id}"));
    page(
        &title,
        html! {
            h1 { (title) }
            p.meta {
                (a.publisher.clone().unwrap_or_else(|| "Outlet unknown".into()))
                " · " (a.published.clone().or(stored.day.map(date_of)).unwrap_or_else(|| "undated".into()))
                @if let Some(b) = &a.byline { " · by " (b) }
                " · " a href={ "/stories/" (stored.story) } { "story " (stored.story) }
            }
            article.text {
                @for p in a.text.split("\n\n") { p { (p) } }
            }
            @if !a.removed.is_empty() {
                details.removed {
                    summary { "Removed as boilerplate (" (a.removed.len()) ")" }
                    ul { @for r in &a.removed { li { span.status { (r.kind) } " " (r.text) } } }
                }
            }
        },
    )
}

pub async fn search(State(s): State<Shared>, Query(q): Query<ListQuery>) -> Response {
    let text = q.q.clone().unwrap_or_default();
    let filter = match q.search_filter() {
        Ok(f) => f,
        Err(e) => return error_page(e),
    };
    let hits = if text.trim().is_empty() {
        Vec::new()
    } else {
        let t = text.clone();
        match with_archive(s, move |a| Ok(a.search(&t, &filter)?)).await {
            Ok(h) => h,
            Err(e) => return error_page(e),
        }
    };
    page(
        "Search",
        html! {
            h1 { "Search" }
            (filters_form(&q, "/search", true))
            @if !text.trim().is_empty() && hits.is_empty() { p { "No article matches." } }
            ol.hits {
                @for h in &hits {
                    li {
                        a href={ "/articles/" (h.id) } { (h.title) }
                        p.meta {
                            (h.outlet.clone().unwrap_or_else(|| "Outlet unknown".into())) " · "
                            (h.day.map(date_of).unwrap_or_else(|| "undated".into())) " · "
                            a href={ "/stories/" (h.story) } { "story " (h.story) }
                        }
                        p.snippet { (snippet(&h.snippet, &h.highlights)) }
                    }
                }
            }
        },
    )
}

/// A snippet with its matching words marked (ranges that are not on
/// character boundaries are dropped, not trusted).
fn snippet(text: &str, highlights: &[(usize, usize)]) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(s, e) in highlights {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        parts.push((false, &text[at..s]));
        parts.push((true, &text[s..e]));
        at = e;
    }
    parts.push((false, &text[at..]));
    html! { @for (m, t) in parts { @if m { mark { (t) } } @else { (t) } } }
}
