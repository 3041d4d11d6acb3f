//! Plain text scraped from a page, widgets and all, to an article draft.
//!
//! Scraped text has no tags to go by, so the page's shape is read from its
//! lines: a head (weather and date widgets, a location, a masthead, navigation
//! items) before a headline-like line; a body of paragraphs with captions,
//! ads and appeals mixed in; a tail after the byline (desk names, bios).

use crate::boilerplate::{self, classify, dedup_key, is_caption, parse_byline};
use crate::{clean_ws, dates, source_url, Draft};
use crosscheck_model::{gazetteer, Removed};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

static BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^The (?P<name>\p{Lu}[\w&'’.\-]*(?: \p{Lu}[\w&'’.\-]*){0,5}) (?i:team|newsroom|staff|desk|editorial board)\b")
        .expect("static regex")
});
/// A header line a scraping tool writes above the text: `URL: …`,
/// `Source: …`, `Date: …`, `Title: …`.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<key>url|link|source|date|published|title|publisher|author)\s*:\s*(?P<value>\S.*)$")
        .expect("static regex")
});
/// A date stamp a web index puts before the first paragraph, on the same
/// line as its text (` date 2025-12-24 The ministry said …`).
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^date (?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?:\s+|$)").expect("static regex")
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
    let lines = read_header(lines, &mut d);
    let i = read_head(&lines, &mut d);
    read_body(&lines, i, d)
}

fn remove(d: &mut Draft, kind: &str, text: &str) {
    d.removed.push(Removed {
        kind: kind.into(),
        text: text.into(),
    })
}

/// Header lines a scraping tool wrote above the text (`URL:`, `Date:`, …)
/// and a web index's date stamp, read into `d`. The stamp is cut from the
/// line it starts: the rest of that line is the first paragraph, and stays.
fn read_header(mut lines: Vec<String>, d: &mut Draft) -> Vec<String> {
    let mut n = 0;
    while let Some(c) = lines.get(n).and_then(|l| HEADER.captures(l)) {
        let value = c["value"].trim();
        match c["key"].to_ascii_lowercase().as_str() {
            "url" | "link" | "source" if value.contains("://") => {
                d.url.get_or_insert_with(|| value.to_string());
            }
            "source" | "publisher" => {
                if d.publisher.is_none() {
                    d.publisher = Some(value.to_string());
                    d.publisher_from = Some("header".into());
                }
            }
            "date" | "published" => {
                let date =
                    dates::normalise_meta_date(value).or_else(|| dates::parse_dateline_iso(value));
                if d.published.is_none() && date.is_some() {
                    d.published = date;
                    d.published_from = Some("header".into());
                }
            }
            "title" => {
                d.title.get_or_insert_with(|| value.to_string());
            }
            _ => {
                d.byline.get_or_insert_with(|| value.to_string());
            }
        }
        let line = lines[n].clone();
        remove(d, "header", &line);
        n += 1;
    }
    lines.drain(..n);
    if let Some(first) = lines.first_mut() {
        if let Some(c) = STAMP.captures(first) {
            let stamp = c[0].trim().to_string();
            read_stamp(&c, d);
            *first = first[c[0].len()..].to_string();
            remove(d, "stamp", &stamp);
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// The date of a stamp: a day dates the article; a month bounds it.
fn read_stamp(c: &regex::Captures, d: &mut Draft) {
    if d.published.is_some() {
        return;
    }
    let (Ok(y), Ok(m)) = (c["y"].parse::<i32>(), c["m"].parse::<u32>()) else {
        return;
    };
    match c.name("d").and_then(|x| x.as_str().parse().ok()) {
        Some(day) => {
            if let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, day) {
                d.published = Some(date.to_string());
                d.published_from = Some("stamp".into());
            }
        }
        None => {
            d.published_range =
                dates::month_range(y, m, "the page's date stamp names only the month")
        }
    }
}

/// Head: widgets, mastheads and datelines before a headline-like line,
/// which is the title. Returns where the body starts.
fn read_head(lines: &[String], d: &mut Draft) -> usize {
    let label = d.url.as_deref().and_then(source_url::domain);
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some(date) = dates::parse_dateline_iso(line) {
            if d.published.is_none() {
                d.published = Some(date);
                d.published_from = Some("dateline".into());
            }
            remove(d, "dateline", line);
        } else if let Some(kind) = classify(line) {
            remove(d, kind, line);
        } else if short_name(line)
            && (gazetteer::place(line).is_some()
                || d.removed.last().is_some_and(|r| r.kind == "widget"))
        {
            // A place name, or a name right after a weather widget: the
            // widget's location ("Los Angeles" under "61.9 F").
            remove(d, "widget", line);
        } else if short_name(line)
            && (lines
                .get(i + 1)
                .is_some_and(|n| dates::parse_dateline(n).is_some())
                || label.as_deref().is_some_and(|l| spells_domain(line, l)))
        {
            // A masthead: a name over a dateline, or the outlet the
            // address names ("THE ASAHI SHIMBUN" on asahi.com).
            if d.publisher.is_none() {
                d.publisher = Some(boilerplate::title_case_if_shouting(line));
                d.publisher_from = Some("masthead".into());
            }
            remove(d, "masthead", line);
        } else if headline_like(line) && i + 1 < lines.len() {
            if d.title.is_none() {
                read_title(line, label.as_deref(), d);
            }
            return i + 1;
        } else {
            break;
        }
        i += 1;
    }
    i
}

/// A headline, without the outlet name pages append to it ("… | 毎日新聞",
/// "… - The Korea Times" on koreatimes.co.kr), which names the publisher.
fn read_title(line: &str, domain: Option<&str>, d: &mut Draft) {
    let split = line.rsplit_once(" | ").filter(|(head, tail)| {
        tail.split_whitespace().count() <= 5 && head.chars().count() > tail.chars().count()
    });
    let split = split.or_else(|| {
        [" - ", " – ", " — "].iter().find_map(|sep| {
            line.rsplit_once(sep)
                .filter(|(_, tail)| domain.is_some_and(|l| spells_domain(tail, l)))
        })
    });
    match split {
        Some((head, tail)) => {
            d.title = Some(head.trim().to_string());
            if d.publisher.is_none() {
                d.publisher = Some(tail.trim().to_string());
                d.publisher_from = Some("title".into());
            }
        }
        None => d.title = Some(line.to_string()),
    }
}

/// Whether a short line spells the outlet's domain ("THE ASAHI SHIMBUN" and
/// asahi.com, "The Korea Times" and koreatimes.co.kr): its letters contain
/// the domain's first label, or that label contains all of them.
fn spells_domain(line: &str, domain: &str) -> bool {
    let label = source_url::domain_label(domain);
    let squashed: String = line
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    label.len() >= 4
        && squashed.len() >= 4
        && line.split_whitespace().count() <= 5
        && (squashed.contains(label) || label.contains(&squashed))
}

/// Body and tail: paragraphs, captions, bylines and furniture.
fn read_body(lines: &[String], i: usize, mut d: Draft) -> Draft {
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

/// A headline: 3 to 22 words (in Han and kana, two characters a word) with
/// letters in at least two of them, not starting in lower case and not
/// ending like a sentence. A Japanese or Chinese headline has no full stop
/// inside either: a line with one is a caption or a lead.
fn headline_like(line: &str) -> bool {
    let dense = line.chars().filter(|&c| dense_script(c)).count();
    let words = line.split_whitespace().count() + dense / 2;
    let worded = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    (3..=22).contains(&words)
        && (worded >= 2 || dense >= 4)
        && line.chars().count() <= 250
        && !line.ends_with(['.', ',', ';', ':', '。', '、', '，', '：'])
        && !(dense > 0 && line.contains('。'))
        && line.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Han and kana: scripts written without spaces between words.
fn dense_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
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

    #[test]
    fn header_lines_give_the_address_and_leave_the_text() {
        let d = extract("URL: https://www.example.co.uk/news/2024/12/29/crash/\n\nA plane skidded off the runway on Sunday. Officials said the crew survived.\n\nThe airport stays closed.");
        assert_eq!(
            d.url.as_deref(),
            Some("https://www.example.co.uk/news/2024/12/29/crash/")
        );
        assert_eq!(d.paragraphs.len(), 2, "{:?}", d.paragraphs);
        assert!(d.paragraphs[0].starts_with("A plane skidded"));
        assert_eq!(d.removed[0].kind, "header");
    }

    /// The stamp of a web index sits on the first paragraph's line: cutting
    /// it keeps that paragraph, in every script.
    #[test]
    fn a_date_stamp_is_cut_from_its_line_and_the_text_stays() {
        for (text, first) in [
            ("The dam broke before dawn, officials said.", "The dam"),
            ("댐이 새벽에 무너졌다고 당국이 밝혔다.", "댐이"),
            ("ダムは未明に決壊したと当局が発表した。", "ダムは"),
            ("Дамбу зруйновано вночі, повідомила влада.", "Дамбу"),
            ("大坝在凌晨决堤，官员表示。", "大坝"),
        ] {
            let page = format!(
                "URL: https://x.example.org/a\n\n date 2025-12-25 {text}\n\n{text} Second."
            );
            let d = extract(&page);
            assert_eq!(d.published.as_deref(), Some("2025-12-25"), "{text}");
            assert_eq!(d.published_from.as_deref(), Some("stamp"));
            assert!(
                d.paragraphs.first().is_some_and(|p| p.starts_with(first)),
                "{text}: {:?}",
                d.paragraphs
            );
            assert!(d
                .removed
                .iter()
                .any(|r| r.kind == "stamp" && r.text == "date 2025-12-25"));
        }
    }

    #[test]
    fn a_month_stamp_bounds_the_date() {
        let d = extract(
            " date 2023-06 The dam broke before dawn, officials said.\nThey ordered evacuations.",
        );
        assert_eq!(d.published, None);
        let r = d.published_range.expect("a range");
        assert_eq!(
            (r.from.as_str(), r.to.as_str()),
            ("2023-06-01", "2023-06-30")
        );
        assert_eq!(d.paragraphs.len(), 2);
    }

    #[test]
    fn headlines_in_scripts_without_capitals_are_titles() {
        let d = extract("URL: https://x.example.jp/a\n\n能登半島で震度7の地震 石川県で被害\n1日午後4時10分ごろ、石川県能登地方で強い地震がありました。");
        assert_eq!(
            d.title.as_deref(),
            Some("能登半島で震度7の地震 石川県で被害")
        );
        let d =
            extract("일본 새해 첫날 규모 7.6 강진 발생\n일본 이시카와현에서 강한 지진이 발생했다.");
        assert_eq!(
            d.title.as_deref(),
            Some("일본 새해 첫날 규모 7.6 강진 발생")
        );
        // A lead with a full stop inside is not a headline.
        let d = extract("韓国の務安空港で旅客機が着陸に失敗した。聯合ニュース\n二つ目の段落です。");
        assert_eq!(d.title, None);
        // Nor is a bare date line.
        let d = extract("06 июня 2023, 10:49\nВода поднялась ночью.");
        assert_eq!(d.title, None);
    }

    #[test]
    fn the_outlet_named_in_the_title_or_masthead_is_the_publisher() {
        let d = extract(
            "Quake toll rises to 94 in Ishikawa | The Daily Example\nThe toll rose on Friday.",
        );
        assert_eq!(
            d.title.as_deref(),
            Some("Quake toll rises to 94 in Ishikawa")
        );
        assert_eq!(d.publisher.as_deref(), Some("The Daily Example"));
        assert_eq!(d.publisher_from.as_deref(), Some("title"));
        let d = extract("URL: https://www.asahi.com/ajw/articles/1\n\nTHE ASAHI SHIMBUN\nKANAZAWA--The death toll rose to 73 on Wednesday.");
        assert_eq!(d.publisher.as_deref(), Some("The Asahi Shimbun"));
        assert_eq!(d.publisher_from.as_deref(), Some("masthead"));
        assert!(d.paragraphs[0].starts_with("KANAZAWA"));
        // A hyphen in a headline is not an outlet unless the address says so.
        let d = extract("Seoul - Tokyo talks resume\nTalks resumed on Monday.");
        assert_eq!(d.title.as_deref(), Some("Seoul - Tokyo talks resume"));
    }
}
