//! The dated events of a story, oldest first, each with its sources.

use crosscheck_link::{cosine, terms, vectors};
use crosscheck_model::{Analysis, Article, Evidence, Precision, TimelineEntry};
use regex::Regex;
use std::sync::LazyLock;

/// Two sentences about one date at or above this cosine are one event.
const SAME_EVENT: f64 = 0.15;

static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:;\s+|\s+[—–]\s+|,\s+(?:and|but|while|after|when|which|who|noting that|adding that|according to)\s+|\s+(?:before|after|while|until)\s+|\s+and\s+(?P<verb>\w+ed)\b)")
        .expect("static regex")
});

/// The clause of a sentence that holds the byte range `at`: the event a
/// date belongs to ("… taken prisoner in Ukraine in January 2025"), not
/// the whole sentence it shares with other events.
fn clause(sentence: &str, at: std::ops::Range<usize>) -> String {
    let mut start = 0;
    let mut end = sentence.len();
    for c in CLAUSE_BREAK.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        // "… in 2024 and deployed …": the clause after "and" starts at the verb.
        let after = c.name("verb").map(|v| v.start()).unwrap_or(m.end());
        if after <= at.start {
            start = after;
        } else if m.start() >= at.end {
            end = m.start();
            break;
        }
    }
    let piece = sentence[start..end].trim().trim_end_matches(['.', ',']);
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    out.push_str(piece);
    if end < sentence.len() {
        out.push_str(" …");
    }
    out
}

pub(crate) fn build(articles: &[&Article], analyses: &[&Analysis]) -> Vec<TimelineEntry> {
    struct Item {
        date: String,
        from: String,
        to: String,
        precision: Precision,
        article: String,
        event: String,
        ev: Evidence,
    }
    let mut items: Vec<Item> = Vec::new();
    for (a, an) in articles.iter().zip(analyses) {
        for t in &an.times {
            let (Some(v), Some(p), Some(from), Some(to)) = (&t.value, t.precision, &t.from, &t.to)
            else {
                continue;
            };
            // "(1990-)" is when a programme began, not an event of the story.
            let Some(s) = an.sentences.iter().find(|s| {
                s.span.part == t.span.part
                    && s.span.start <= t.span.start
                    && t.span.end <= s.span.end
            }) else {
                continue;
            };
            if s.excluded.is_some()
                || s.text[..].contains(&format!("({}-", t.text))
                || s.text.contains(&format!("({}–", t.text))
            {
                continue;
            }
            if items.iter().any(|i| {
                i.article == a.id
                    && i.date == *v
                    && i.ev.start == s.span.start
                    && i.ev.part == s.span.part
            }) {
                continue;
            }
            // Character offsets of the time inside its sentence, as bytes.
            let rel = |c: usize| {
                s.text
                    .char_indices()
                    .nth(c.saturating_sub(s.span.start))
                    .map(|(b, _)| b)
                    .unwrap_or(s.text.len())
            };
            let event = clause(&s.text, rel(t.span.start)..rel(t.span.end));
            items.push(Item {
                event,
                date: v.clone(),
                from: from.clone(),
                to: to.clone(),
                precision: p,
                article: a.id.clone(),
                ev: Evidence {
                    article: a.id.clone(),
                    text: s.text.clone(),
                    part: s.span.part.clone(),
                    start: s.span.start,
                    end: s.span.end,
                    upstreams: Vec::new(),
                },
            });
        }
    }
    let docs: Vec<Vec<String>> = items.iter().map(|i| terms(&i.ev.text)).collect();
    let vecs = vectors(&docs);
    let mut entries: Vec<(Vec<usize>, usize)> = Vec::new();
    for i in 0..items.len() {
        let home = entries.iter_mut().find(|(members, _)| {
            let m = members[0];
            items[m].date == items[i].date
                && members
                    .iter()
                    .all(|&x| items[x].article != items[i].article)
                && cosine(&vecs[m], &vecs[i]) >= SAME_EVENT
        });
        match home {
            Some((members, _)) => members.push(i),
            None => entries.push((vec![i], i)),
        }
    }
    let mut out: Vec<(String, String, TimelineEntry)> = entries
        .into_iter()
        .map(|(members, first)| {
            let it = &items[first];
            let mut arts: Vec<String> = members.iter().map(|&m| items[m].article.clone()).collect();
            arts.sort();
            arts.dedup();
            let event = members
                .iter()
                .map(|&m| items[m].event.as_str())
                // A clause with its subject reads best; then the shortest.
                .min_by_key(|t| (t.starts_with('…'), t.len()))
                .unwrap_or("")
                .to_string();
            (
                it.from.clone(),
                it.to.clone(),
                TimelineEntry {
                    date: it.date.clone(),
                    precision: it.precision,
                    event,
                    articles: arts,
                    evidence: members.iter().map(|&m| items[m].ev.clone()).collect(),
                },
            )
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.0, std::cmp::Reverse(&a.1), &a.2.event).cmp(&(
            &b.0,
            std::cmp::Reverse(&b.1),
            &b.2.event,
        ))
    });
    out.into_iter().map(|x| x.2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_around_a_date() {
        let s = "The two said they were sent to Russia in 2024 and deployed to fight in the Kursk region before being taken prisoner in Ukraine in January 2025.";
        let at = |w: &str| {
            let b = s.find(w).unwrap();
            b..b + w.len()
        };
        assert_eq!(
            clause(s, at("2024")),
            "The two said they were sent to Russia in 2024 …"
        );
        assert_eq!(
            clause(s, at("January 2025")),
            "… being taken prisoner in Ukraine in January 2025"
        );
    }
}
