//! The dated events of a story, oldest first, each with its sources.

use crosscheck_link::{cosine, terms, vectors};
use crosscheck_model::{Analysis, Article, Evidence, Precision, TimelineEntry};

/// Two sentences about one date at or above this cosine are one event.
const SAME_EVENT: f64 = 0.15;

pub(crate) fn build(articles: &[&Article], analyses: &[&Analysis]) -> Vec<TimelineEntry> {
    struct Item {
        date: String,
        from: String,
        to: String,
        precision: Precision,
        article: String,
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
            items.push(Item {
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
                .map(|&m| items[m].ev.text.as_str())
                .min_by_key(|t| t.len())
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
