//! Server-rendered pages. Everything from an article goes through maud's
//! escaping; nothing is written with `PreEscaped` but the fixed CSS and SVG
//! shapes built here from numbers.

use crate::story_view::story_body;
use crate::{with_archive, ListQuery, ServeError, Shared};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use crosscheck_model::Analysis;
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
                // No favicon request at all (an empty data URL).
                link rel="icon" href="data:,";
            }
            body {
                header {
                    a.home href="/" { "crosscheck" }
                    nav { a href="/" { "Stories" } " " a href="/analyze" { "Analyze pages" } }
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

pub fn page(title: &str, body: Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        layout(title, body).into_string(),
    )
        .into_response()
}

pub fn error_page(e: ServeError) -> Response {
    let status = e.status();
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
    let shown = filter.limit;
    let list = match with_archive(s.clone(), move |a| Ok(a.store().stories(&filter)?)).await {
        Ok(l) => l,
        Err(e) => return error_page(e),
    };
    let ids: Vec<(u64, u64)> = list.iter().map(|st| (st.id, st.articles)).collect();
    let counts = crate::list_counts(s, &ids).await;
    page(
        "Stories",
        html! {
            h1 { "Stories" }
            (filters_form(&q, "/", false))
            @if list.is_empty() { p { "No story matches." } }
            ol.stories {
                @for (st, n) in list.iter().zip(&counts) {
                    li {
                        a href={ "/stories/" (st.id) } { (st.title) }
                        @if let Some([conflicting, corroborated, single]) = n {
                            // Only what there is: a red "0 conflicting"
                            // on every row read as an alarm.
                            p.counts {
                                @if *conflicting > 0 { span.conflicting { (conflicting) " conflicting" } }
                                @if *conflicting > 0 && corroborated + single > 0 { " · " }
                                @if *corroborated > 0 { span.corroborated { (corroborated) " corroborated" } }
                                @if *corroborated > 0 && *single > 0 { " · " }
                                @if *single > 0 { span.single-source { (single) " single-source" } }
                                @if conflicting + corroborated + single == 0 { "no claims" }
                            }
                        } @else {
                            p.counts.pending { "Claims still being counted: reload in a moment." }
                        }
                        p.meta {
                            (st.size_line()) " · "
                            (st.first.clone().unwrap_or_else(|| "undated (no page gives a date)".into()))
                            @if st.last != st.first { " – " (st.last.clone().unwrap_or_default()) }
                            " · " (st.languages.join(", "))
                        }
                        p.outlets { (st.outlets_line(12)) }
                    }
                }
            }
            @if list.len() == shown && shown < 1000 {
                // The same filters, more stories: a plain GET form, so the
                // browser encodes the values and the URL can be shared.
                form.more action="/" method="get" {
                    @for (name, value) in [("since", &q.since), ("until", &q.until), ("lang", &q.lang), ("outlet", &q.outlet)] {
                        @if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
                            input type="hidden" name=(name) value=(v);
                        }
                    }
                    input type="hidden" name="limit" value=(shown + 50);
                    button type="submit" { "Show 50 more" }
                }
            }
        },
    )
}

pub async fn story(State(s): State<Shared>, Path(id): Path<u64>) -> Response {
    let report = match crate::story_report(s, id).await {
        Ok(r) => r,
        Err(e) => return error_page(e),
    };
    let o = &*report;
    match o.stories.first() {
        Some(st) => {
            let href = |a: &str| format!("/articles/{a}");
            page(
                &st.title,
                story_body(&format!("Story {id}"), &o.articles, &o.analyses, st, &href),
            )
        }
        None => error_page(ServeError::NotFound(format!("no story {id}"))),
    }
}

/// A character range of the body text to mark as evidence.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Mark {
    pub from: Option<usize>,
    pub to: Option<usize>,
}

pub async fn article(
    State(s): State<Shared>,
    Path(id): Path<i64>,
    Query(mark): Query<Mark>,
) -> Response {
    let got = with_archive(s, move |a| {
        let stored = a.store().article(id)?.ok_or(ServeError::NotFound(format!(
            "no article {id} in this archive"
        )))?;
        let analysis = crosscheck_analyze::analyze(&stored.article);
        Ok((stored, analysis))
    })
    .await;
    let (stored, analysis) = match got {
        Ok(s) => s,
        Err(e) => return error_page(e),
    };
    let a = &stored.article;
    let title = a.title.clone().unwrap_or_else(|| format!("Article {id}"));
    let evidence = mark.from.zip(mark.to).filter(|(f, t)| f < t);
    page(
        &title,
        html! {
            h1 { (title) }
            p.meta {
                (a.publisher.clone().unwrap_or_else(|| "Outlet unknown".into()))
                " · " (a.published.as_deref().map(crate::story_view::when).or(stored.day.map(date_of)).unwrap_or_else(|| "undated".into()))
                @if let Some(b) = &a.byline { " · by " (b) }
                " · " a href={ "/stories/" (stored.story) } { "story " (stored.story) }
                " · " a href={ "/api/articles/" (id) } { "JSON" }
            }
            (article_text(&a.text, &analysis, evidence))
            (removed(&a.removed))
        },
    )
}

/// What was taken out as boilerplate, folded until asked for.
pub fn removed(removed: &[crosscheck_model::Removed]) -> Markup {
    html! {
        @if !removed.is_empty() {
            details.removed {
                summary { "Removed as boilerplate (" (removed.len()) ")" }
                ul { @for r in removed { li { span.status { (r.kind) } " " (r.text) } } }
            }
        }
    }
}

/// One kind of thing marked in an article's text.
struct Span {
    start: usize,
    end: usize,
    class: &'static str,
    note: String,
}

/// The body text with quotes, numbers and dates marked (and the evidence
/// range asked for, if any). Spans are character offsets into the text;
/// ranges that do not fit it are dropped, not trusted.
pub fn article_text(text: &str, an: &Analysis, evidence: Option<(usize, usize)>) -> Markup {
    // Only spans in the body text are marked (captions are not shown here).
    let in_text = |at: &crosscheck_model::Span, class: &'static str, note: String| {
        (at.part == "text").then_some(Span {
            start: at.start,
            end: at.end,
            class,
            note,
        })
    };
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(an.quotes.iter().filter_map(|q| {
        let note = match &q.speaker {
            Some(sp) => format!("quote; speaker: {sp}"),
            None => "quote; speaker not given".into(),
        };
        in_text(&q.span, "quote", note)
    }));
    spans.extend(an.quantities.iter().filter_map(|n| {
        // "people:dead" reads "number of people dead".
        let note = match n
            .counts
            .as_deref()
            .map(|c| c.split_once(':').unwrap_or((c, "")))
        {
            Some((c, "")) => format!("number of {c}"),
            Some((c, state)) => format!("number of {c} {state}"),
            None => "number".into(),
        };
        in_text(&n.span, "number", note)
    }));
    spans.extend(an.times.iter().filter_map(|t| {
        let value = t.value.as_deref().unwrap_or("unknown");
        in_text(&t.span, "date", format!("date: {value}"))
    }));
    if let Some((start, end)) = evidence {
        spans.push(Span {
            start,
            end,
            class: "evidence",
            note: "evidence for the claim you came from".into(),
        });
    }
    // Byte offset of every character, plus the end.
    let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    bytes.push(text.len());
    let chars = bytes.len() - 1;
    spans.retain(|s| s.start < s.end && s.end <= chars);
    let mut cuts: Vec<usize> = vec![0, chars];
    for s in &spans {
        cuts.push(s.start);
        cuts.push(s.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut evidence_seen = false;
    html! {
        p.legend {
            "Marked: " span.quote { "quotes" } ", " span.number { "numbers" } ", "
            span.date { "dates" }
            @if evidence.is_some() { ", " mark.evidence { "the evidence" } }
            " (hover or focus for details)."
        }
        article.text {
            @for w in cuts.windows(2) {
                @let (from, to) = (w[0], w[1]);
                @let piece = &text[bytes[from]..bytes[to]];
                @let on: Vec<&Span> = spans.iter().filter(|s| s.start <= from && to <= s.end).collect();
                @if on.is_empty() {
                    (piece)
                } @else {
                    @let classes = on.iter().map(|s| s.class).collect::<Vec<_>>().join(" ");
                    @let note = on.iter().map(|s| s.note.as_str()).collect::<Vec<_>>().join("; ");
                    @let first_evidence = !evidence_seen && on.iter().any(|s| s.class == "evidence");
                    @if first_evidence { (mark_seen(&mut evidence_seen)) }
                    @if on.iter().any(|s| s.class == "evidence") {
                        mark class=(classes) title=(note) id=[first_evidence.then_some("evidence")] { (piece) }
                    } @else {
                        span class=(classes) title=(note) { (piece) }
                    }
                }
            }
        }
    }
}

/// Records that the evidence's first piece has been written (maud has no
/// statements, only expressions).
fn mark_seen(seen: &mut bool) -> &'static str {
    *seen = true;
    ""
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
                        a href={ "/articles/" (h.id) } { (hit_title(h)) }
                        p.meta {
                            (h.outlet.clone().unwrap_or_else(|| "Outlet unknown".into())) " · "
                            (h.day.map(date_of).unwrap_or_else(|| "undated".into())) " · "
                            a href={ "/stories/" (h.story) } { "story " (h.story) }
                            @if let Some(c) = h.similarity {
                                " · "
                                span.meaning title="Found by the meaning of its headline and lead (the sentence encoder), not by the query's words" {
                                    "close in meaning (" (format!("{c:.2}")) ")"
                                    @if let Some(l) = &h.language { ", " (l) }
                                }
                            }
                        }
                        p.snippet { (snippet(&h.snippet, &h.highlights)) }
                    }
                }
            }
        },
    )
}

/// What a hit's link reads: its title, or (a page without one) the
/// opening words of its text, so that every hit can be followed.
fn hit_title(h: &crosscheck_search::Hit) -> String {
    if !h.title.trim().is_empty() {
        return h.title.clone();
    }
    let words: String = h.snippet.chars().take(80).collect();
    let cut = if words.len() < h.snippet.len() {
        words.rsplit_once(' ').map_or(words.as_str(), |(w, _)| w)
    } else {
        &words
    };
    match cut.trim() {
        "" => "(untitled)".into(),
        cut => format!("{cut} …"),
    }
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
    // A snippet is a window on the text: say so when it stops mid-sentence.
    let cut = !text
        .trim_end()
        .ends_with(['.', '!', '?', '"', '”', '»', '。']);
    html! { @for (m, t) in parts { @if m { mark { (t) } } @else { (t) } } @if cut { "…" } }
}
