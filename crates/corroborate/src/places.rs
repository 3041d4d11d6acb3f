//! Where did it happen? Conflicts between the places sources give for one
//! event.
//!
//! An event verb ("captured", "taken prisoner", "ran aground") followed,
//! within its clause, by known places gives a statement "event at places".
//! Two statements of one event conflict when none of their places can both
//! be right (the gazetteer knows Kursk lies in Russia, Kyiv in Ukraine; an
//! unknown place never conflicts). Statements are only compared when their
//! sentences are about the same subject: they share a named person, or
//! count the same number of people ("the two", "two soldiers").
//!
//! Motivating example: one outlet has two soldiers "taken prisoner in
//! Ukraine", another "captured by Ukrainian forces in Russia's Kursk region".

use crate::align::Sims;
use crate::{evidence, within, Material, Said};
use crosscheck_model::{gazetteer, Analysis, Claim, EntityKind, Evidence, Sentence, Side, Status};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Sentences this similar that place one event differently conflict, even
/// without a subject in common.
const SAME_EVENT_SIM: f64 = 0.5;

// ASCII word boundaries: the words are English, and Unicode `\b` would
// keep the regex crate off its DFA (a backtracker over every sentence of a
// story was a tenth of a story's report).
static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<capture>captured|taken (?:prisoner|captive)|seized|arrested)(?-u:\b)|(?-u:\b)(?P<aground>ran aground|struck rocks|hit rocks|sank|capsized|crashed|exploded|collapsed)(?-u:\b)|(?-u:\b)(?P<killed>killed|died)(?-u:\b)",
    )
    .expect("static regex")
});
/// Words that end the clause an event's place is looked for in.
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[,;:—–]|(?-u:\b)(?:while|after|before|when|as|and|but|because|since|until|who|which)(?-u:\b)",
    )
    .expect("static regex")
});

/// One sentence's statement that an event happened at some places.
pub(crate) struct Statement {
    pub unit: usize,
    pub event: &'static str,
    pub places: Vec<String>,
}

/// Statements in one sentence.
pub(crate) fn statements(unit: usize, sentence: &Sentence, analysis: &Analysis) -> Vec<Statement> {
    let mut out = Vec::new();
    let text = &sentence.text;
    for c in EVENT.captures_iter(text) {
        let (Some(m), Some(event)) = (
            c.get(0),
            ["capture", "aground", "killed"]
                .into_iter()
                .find(|n| c.name(n).is_some()),
        ) else {
            continue;
        };
        let rest = &text[m.end()..];
        let clause_len = CLAUSE_END
            .find(rest)
            .map(|e| e.start())
            .unwrap_or(rest.len());
        // Character window of the clause, relative to the part.
        let from = sentence.span.start + text[..m.end()].chars().count();
        let to = from + rest[..clause_len].chars().count();
        let places: Vec<String> = analysis
            .mentions
            .iter()
            .filter(|x| {
                x.kind == EntityKind::Place
                    && x.span.part == sentence.span.part
                    && x.span.start >= from
                    && x.span.end <= to
            })
            .map(|x| x.entity.clone())
            .filter(|p| gazetteer::place(p).is_some())
            .collect();
        if !places.is_empty() {
            out.push(Statement {
                unit,
                event,
                places,
            });
        }
    }
    out
}

/// Whether two place sets can describe one event.
pub(crate) fn compatible(a: &[String], b: &[String]) -> bool {
    a.iter()
        .any(|x| b.iter().any(|y| gazetteer::compatible(x, y)))
}

/// People a sentence names, and the exact counts of people it gives.
struct Subject {
    people: Vec<String>,
    counts: Vec<f64>,
}

fn subject(m: &Material, u: &Said) -> Subject {
    let people = m.analyses[u.article]
        .mentions
        .iter()
        .filter(|x| x.kind == EntityKind::Person && within(&x.span, &u.sentence.span))
        .map(|x| x.entity.clone())
        .collect();
    let counts = u
        .quantities
        .iter()
        .filter(|q| q.counts.as_deref() != Some("age") && !q.approximate && q.low == q.high)
        .filter_map(|q| q.low)
        .collect();
    Subject { people, counts }
}

/// Whether two sentences are about the same subject: a person named in
/// both, or the same number of people counted in both.
fn same_subject(a: &Subject, b: &Subject) -> bool {
    a.people.iter().any(|x| {
        b.people
            .iter()
            .any(|y| crosscheck_analyze::names::same_entity(x, y))
    }) || a.counts.iter().any(|x| b.counts.contains(x))
}

fn event_noun(event: &str) -> &'static str {
    match event {
        "capture" => "capture",
        "aground" => "grounding",
        _ => "deaths",
    }
}

/// Statements whose places can all be right together form one side.
fn sides(m: &Material, st: &[&Statement], involved: &BTreeSet<usize>) -> Vec<Side> {
    let mut sides: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for &i in involved {
        let art = m.articles[m.said[st[i].unit].article].id.clone();
        match sides.iter_mut().find(|(p, _)| compatible(p, &st[i].places)) {
            Some((p, arts)) => {
                for place in &st[i].places {
                    if !p.contains(place) {
                        p.push(place.clone());
                    }
                }
                if !arts.contains(&art) {
                    arts.push(art);
                }
            }
            None => sides.push((st[i].places.clone(), vec![art])),
        }
    }
    sides
        .into_iter()
        .map(|(p, articles)| Side {
            says: p.join(" / "),
            articles,
        })
        .collect()
}

/// Statements of one event that contradict another's place: from another
/// source, with places that cannot both be right, about the same subject
/// or in very similar sentences. Statements naming the same places are
/// compared once, as a class, before any pair of statements is.
fn contradicted(
    m: &Material,
    st: &[&Statement],
    subjects: &[Subject],
    sims: &Sims,
) -> BTreeSet<usize> {
    let mut classes: Vec<&[String]> = Vec::new();
    let class: Vec<usize> = st
        .iter()
        .map(
            |s| match classes.iter().position(|c| *c == s.places.as_slice()) {
                Some(c) => c,
                None => {
                    classes.push(&s.places);
                    classes.len() - 1
                }
            },
        )
        .collect();
    let mut involved = BTreeSet::new();
    for x in 0..st.len() {
        for y in x + 1..st.len() {
            if class[x] == class[y] || compatible(classes[class[x]], classes[class[y]]) {
                continue;
            }
            let (ux, uy) = (st[x].unit, st[y].unit);
            if m.source[m.said[ux].article] != m.source[m.said[uy].article]
                && (same_subject(&subjects[x], &subjects[y]) || sims.get(ux, uy) >= SAME_EVENT_SIM)
            {
                involved.insert(x);
                involved.insert(y);
            }
        }
    }
    involved
}

/// Conflicting claims about where an event happened; the sentences they
/// use are marked in `used`.
pub(crate) fn conflicts(m: &Material, sims: &Sims, used: &mut [bool]) -> Vec<Claim> {
    let statements: Vec<Statement> = m
        .said
        .iter()
        .enumerate()
        .flat_map(|(i, u)| statements(i, u.sentence, m.analyses[u.article]))
        .collect();
    let mut events: Vec<&'static str> = statements.iter().map(|s| s.event).collect();
    events.sort();
    events.dedup();
    let mut claims = Vec::new();
    for event in events {
        let st: Vec<&Statement> = statements.iter().filter(|s| s.event == event).collect();
        let subjects: Vec<Subject> = st.iter().map(|s| subject(m, &m.said[s.unit])).collect();
        let mut involved = contradicted(m, &st, &subjects, sims);
        if involved.is_empty() {
            continue;
        }
        // Every statement of this event about the same subject as one
        // already in is evidence.
        for y in 0..st.len() {
            if !involved.contains(&y)
                && involved
                    .iter()
                    .any(|&x| same_subject(&subjects[x], &subjects[y]))
            {
                involved.insert(y);
            }
        }
        let sides = sides(m, &st, &involved);
        let detail = format!(
            "where the {} happened: {}",
            event_noun(event),
            sides
                .iter()
                .map(|s| {
                    let who: Vec<String> = s
                        .articles
                        .iter()
                        .filter_map(|id| m.index.get(id.as_str()))
                        .map(|&a| crate::claim::who(m, a))
                        .collect();
                    format!("{} ({})", s.says, who.join(", "))
                })
                .collect::<Vec<_>>()
                .join(" vs ")
        );
        let ev: Vec<Evidence> = involved
            .iter()
            .map(|&i| evidence(m.articles, &m.said[st[i].unit]))
            .collect();
        let sources: BTreeSet<usize> = involved
            .iter()
            .map(|&i| m.source[m.said[st[i].unit].article])
            .collect();
        for &i in &involved {
            used[st[i].unit] = true;
        }
        claims.push(Claim {
            id: String::new(),
            status: Status::Conflicting,
            summary: format!("Sources disagree on {detail}"),
            independent: true,
            independence_note: None,
            counts_differ: None,
            conflict: Some(detail),
            sides,
            sources: sources.len(),
            shared: Vec::new(),
            evidence: ev,
        });
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kursk_and_ukraine_cannot_both_be_right() {
        assert!(!compatible(
            &["Ukraine".into()],
            &["Russia".into(), "Kursk".into()]
        ));
        assert!(compatible(&["Ukraine".into()], &["Kyiv".into()]));
        assert!(compatible(&["Skarvoy".into()], &["Norway".into()]));
    }
}
