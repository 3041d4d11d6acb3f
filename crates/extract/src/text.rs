//! Plain text scraped from a page, widgets and all, to an article draft.
//!
//! Scraped text has no tags to go by, so the page's shape is read from its
//! lines: a head (weather and date widgets, a location, a masthead, navigation
//! items) before a headline-like line; a body of paragraphs with captions,
//! ads and appeals mixed in; a tail after the byline (desk names, bios).

use crate::boilerplate::{self, classify, dedup_key, is_caption, parse_byline};
use crate::{clean_ws, dates, Draft};
use crosscheck_model::{gazetteer, Removed};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

static BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^The (?P<name>\p{Lu}[\w&'’.\-]*(?: \p{Lu}[\w&'’.\-]*){0,5}) (?i:team|newsroom|staff|desk|editorial board)\b")
        .expect("static regex")
});
static DESK_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+(?i:team|newsroom|staff|desk|editors)$").expect("static regex")
});

pub(crate) fn extract(input: &str) -> Draft {
    let mut d = Draft::default();
    let lines: Vec<String> = input
        .lines()
        .map(clean_ws)
        .filter(|l| !l.is_empty())
        .collect();
    let remove = |d: &mut Draft, kind: &str, text: &str| {
        d.removed.push(Removed {
            kind: kind.into(),
            text: text.into(),
        })
    };

    // Head: everything before the first headline-like line.
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some(date) = dates::parse_dateline_iso(line) {
            if d.published.is_none() {
                d.published = Some(date);
                d.published_from = Some("dateline".into());
            }
            remove(&mut d, "dateline", line);
        } else if let Some(kind) = classify(line) {
            remove(&mut d, kind, line);
        } else if short_name(line)
            && (gazetteer::place(line).is_some()
                || d.removed.last().is_some_and(|r| r.kind == "widget"))
        {
            // A place name, or a name right after a weather widget: the
            // widget's location ("Los Angeles" under "61.9 F").
            remove(&mut d, "widget", line);
        } else if short_name(line)
            && lines
                .get(i + 1)
                .is_some_and(|n| dates::parse_dateline(n).is_some())
        {
            d.publisher.get_or_insert_with(|| line.clone());
            remove(&mut d, "masthead", line);
        } else if headline_like(line) {
            d.title = Some(line.clone());
            i += 1;
            break;
        } else {
            break;
        }
        i += 1;
    }

    let mut seen: HashSet<String> = HashSet::new();
    let mut seen_captions: HashSet<String> = HashSet::new();
    if let Some(t) = &d.title {
        seen.insert(dedup_key(t));
    }
    let body_lines = lines.len().saturating_sub(i).max(1);
    let mut in_tail = false;
    let mut tail_lines: Vec<String> = Vec::new();
    for (n, line) in lines.iter().enumerate().skip(i) {
        if in_tail {
            tail_lines.push(line.clone());
            continue;
        }
        if let Some((name, email)) = parse_byline(line) {
            d.byline.get_or_insert(name);
            if d.byline_contact.is_none() {
                d.byline_contact = email;
            }
            remove(&mut d, "byline", line);
            // A byline late in the text closes the article: what follows is
            // the page's furniture (desk names, bios, more ads).
            in_tail = (n - i) * 10 >= body_lines * 6;
            continue;
        }
        if let Some(kind) = classify(line) {
            remove(&mut d, kind, line);
            continue;
        }
        if let Some(date) = dates::parse_dateline(line) {
            // A date line just under the headline is the article's own; one
            // further down belongs to something else on the page.
            if d.published.is_none() && n - i < 4 {
                d.published = Some(date.to_string());
                d.published_from = Some("dateline".into());
            }
            remove(&mut d, "dateline", line);
            continue;
        }
        let key = dedup_key(line);
        if is_caption(line) {
            if seen_captions.insert(key) {
                d.captions.push(line.clone());
            } else {
                remove(&mut d, "duplicate", line);
            }
            continue;
        }
        if !seen.insert(key) {
            remove(&mut d, "duplicate", line);
            continue;
        }
        d.paragraphs.push(line.clone());
    }
    for line in trailing_furniture(&mut d.paragraphs) {
        remove(&mut d, "footer", &line);
    }
    for line in &tail_lines {
        if let Some(c) = BIO.captures(line) {
            let name = DESK_SUFFIX.replace(&c["name"], "").to_string();
            d.publisher.get_or_insert(name);
            remove(&mut d, "bio", line);
        } else {
            remove(&mut d, classify(line).unwrap_or("footer"), line);
        }
    }
    if d.publisher.is_none() {
        // A desk name printed twice in the tail ("Korea Daily Digital").
        d.publisher = tail_lines
            .windows(2)
            .find(|w| w[0] == w[1] && short_name(&w[0]))
            .map(|w| DESK_SUFFIX.replace(&w[0], "").to_string());
    }
    if d.byline_contact.is_none() {
        d.byline_contact = d.byline.as_deref().and_then(boilerplate::find_email);
    }
    d
}

/// Short lines with no sentence punctuation at the very end of the body:
/// "Korea Daily Digital", "Related", "Most read".
fn trailing_furniture(paragraphs: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    while paragraphs.len() > 1 {
        let last = &paragraphs[paragraphs.len() - 1];
        if short_name(last) {
            out.push(paragraphs.pop().unwrap_or_default());
        } else {
            break;
        }
    }
    out.reverse();
    out
}

/// A name-like line: one to four words, capitalised, no sentence punctuation.
fn short_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words[0].chars().next().is_some_and(|c| c.is_uppercase())
        && !line.ends_with(['.', '!', '?', ':', ',', '"', '”'])
        && !line.chars().any(|c| c.is_ascii_digit())
}

/// A headline: a line of 3 to 30 words that does not end like a sentence.
fn headline_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (3..=30).contains(&words)
        && line.chars().count() <= 250
        && !line.ends_with(['.', ',', ';', ':'])
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "52 F\nSpringfield\nTuesday, April 7, 2026\n\nDam spillway opened after record rain\nDam spillway opened after record rain\nWater crews opened the spillway of the Hollow Creek dam on Monday.\nWorkers watch the spillway open. [PHOTO: CITY]\nWorkers watch the spillway open. [PHOTO: CITY]\n- Advertisement -\nThe city said 40 homes were evacuated.\nThe city said 40 homes were evacuated.\nReaders like you keep local news alive. Support us today.\nBY ANA RUIZ [ana.ruiz@wire.example]\n- Advertisement -\nValley Desk\nValley Desk\nThe Springfield Gazette Team covers the city and its suburbs.\n";

    #[test]
    fn a_date_line_under_the_headline_dates_the_article() {
        let d = extract("Ferry service resumes after storm\n15 December 2025\n\nThe ferry between Hareid and Sulesund ran again on Monday after three days of gales.\n\nRelated: Storm closes bridges\n2 January 2024\n");
        assert_eq!(d.published.as_deref(), Some("2025-12-15"));
        assert_eq!(d.published_from.as_deref(), Some("dateline"));
        let late = extract("Ferry service resumes after storm\n\nThe ferry between Hareid and Sulesund ran again on Monday.\n\nIt had stopped for three days.\n\nCrews checked the ramps.\n\nMore stories\n2 January 2024\n");
        assert_eq!(
            late.published, None,
            "a date far below the headline is not the article's"
        );
    }

    #[test]
    fn scraped_page_is_cleaned() {
        let d = extract(PAGE);
        assert_eq!(
            d.title.as_deref(),
            Some("Dam spillway opened after record rain")
        );
        assert_eq!(d.published.as_deref(), Some("2026-04-07"));
        assert_eq!(
            d.paragraphs,
            vec![
                "Water crews opened the spillway of the Hollow Creek dam on Monday.",
                "The city said 40 homes were evacuated."
            ]
        );
        assert_eq!(
            d.captions,
            vec!["Workers watch the spillway open. [PHOTO: CITY]"]
        );
        assert_eq!(d.byline.as_deref(), Some("Ana Ruiz"));
        assert_eq!(d.byline_contact.as_deref(), Some("ana.ruiz@wire.example"));
        assert_eq!(d.publisher.as_deref(), Some("Springfield Gazette"));
        let kinds: Vec<&str> = d.removed.iter().map(|r| r.kind.as_str()).collect();
        for k in [
            "widget",
            "dateline",
            "duplicate",
            "advertisement",
            "donation_appeal",
            "bio",
        ] {
            assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
        }
        assert_eq!(kinds.iter().filter(|k| **k == "duplicate").count(), 3);
    }

    #[test]
    fn masthead_before_a_dateline_is_the_publisher() {
        let d = extract("Fen Herald\nMarch 2, 2026\nBridge closes for repairs\nThe old bridge closed on Monday for six weeks of repairs.\n");
        assert_eq!(d.publisher.as_deref(), Some("Fen Herald"));
        assert_eq!(d.title.as_deref(), Some("Bridge closes for repairs"));
        assert_eq!(d.paragraphs.len(), 1);
    }

    #[test]
    fn text_without_a_headline_keeps_its_first_paragraph() {
        let d = extract(
            "The council met on Monday. It approved the plan.\nA second paragraph follows here.",
        );
        assert_eq!(d.title, None);
        assert_eq!(d.paragraphs.len(), 2);
    }
}
