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

use crosscheck_model::{gazetteer, Analysis, EntityKind, Sentence};
use regex::Regex;
use std::sync::LazyLock;

static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<capture>captured|taken (?:prisoner|captive)|seized|arrested)\b|\b(?P<aground>ran aground|struck rocks|hit rocks|sank|capsized|crashed|exploded|collapsed)\b|\b(?P<killed>killed|died)\b",
    )
    .expect("static regex")
});
/// Words that end the clause an event's place is looked for in.
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[,;:—–]|\b(?:while|after|before|when|as|and|but|because|since|until|who|which)\b",
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
