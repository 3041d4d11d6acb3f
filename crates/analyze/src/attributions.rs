//! Who information is credited to: "according to X", "X reported", "cited by
//! X", photo credits in brackets, wire datelines ("OSLO (NPA) —"), and
//! "provided by X" notes.

use crate::Part;
use crosscheck_model::Attribution;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const NAME: &str = r"(?:the\s+|a\s+|an\s+)?[\p{L}][\p{L}\-'’.]*(?:\s+[\p{L}][\p{L}\-'’.]*){0,5}?";

/// Each cue's pattern, with words one of which a sentence must contain
/// (lower-cased) for the pattern to be tried at all: most sentences hold
/// none, and a substring test costs far less than the pattern.
static PATTERNS: LazyLock<Vec<(&'static str, &'static [&'static str], Regex)>> = LazyLock::new(
    || {
        let p = |s: String| crate::ascii_words(&s);
        vec![
        ("according_to", &["according to"][..], p(format!(r"\b(?i:according to) (?P<s>{NAME})(?:\s+(?:cited|quoted)\b|[,.;:)]|\s+(?:on|in|at|who|which|that|as)\b|$)"))),
        ("cited_by", &["cited by", "quoted by"][..], p(format!(r"\b(?:cited|quoted) by (?P<s>{NAME})(?:[,.;:)]|\s+(?:on|in|at|as)\b|$)"))),
        ("reported", &["reported", "wrote", "reports", "said in a report"][..], p(r"(?P<s>\b(?:[A-Z][\p{L}\-]*(?:\s+[A-Z][\p{L}\-]*){0,3}))\s+(?:reported|wrote|reports|said in a report)\b".into())),
        ("provided_by", &["provided by", "courtesy of", "distributed by"][..], p(format!(r"(?i:provided by|courtesy of|distributed by) (?P<s>{NAME})[.,]?$"))),
        ("credit", &["(", "["][..], p(r"[\[(](?P<s>[A-Z][A-Z .&/\-]{1,30})[\])]\s*$".into())),
        ("wire_dateline", &["("][..], p(r"^[A-Z][A-Z .\-]{2,30},?\s*(?:[A-Za-z. ]{0,20})?\((?P<s>[A-Z][A-Za-z&\-]{1,15})\)\s*[—–-]".into())),
        ("broadcast", &["broadcaster", "network", "channel", "newspaper", "agency", "outlet", "daily"][..], p(r"\b(?:broadcaster|network|channel|newspaper|agency|outlet|daily)\s+(?P<s>[A-Z][\p{L}\-]*(?:\s+[A-Z][\p{L}\-]*){0,3})".into())),
    ]
    },
);

/// Credits that are not sources of information.
const NOT_SOURCES: &[&str] = &[
    "screen capture",
    "screenshot",
    "photo",
    "file",
    "file photo",
    "image",
    "video",
    "graphic",
    "illustration",
    "the time",
    "the outlet",
    "he",
    "she",
    "they",
    "it",
];

#[derive(Debug, Clone)]
pub struct Found {
    pub range: Range<usize>,
    pub source: String,
    pub cue: &'static str,
}

impl Found {
    pub fn into_model(self, part: &Part) -> Attribution {
        Attribution {
            source: self.source,
            cue: self.cue.into(),
            span: part.span(self.range.start, self.range.end),
        }
    }
}

/// "YONHAP" → "Yonhap"; acronyms of up to four letters stay as they are.
fn tidy(s: &str) -> String {
    let s = s.trim().trim_end_matches(['.', ',']).trim();
    let s = s.strip_prefix("the ").unwrap_or(s);
    if s.len() > 4 && s.chars().all(|c| !c.is_lowercase()) {
        crate::words::fold(s)
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_string()
    }
}

pub fn find(text: &str, sentences: &[Range<usize>]) -> Vec<Found> {
    let mut out = Vec::new();
    for s in sentences {
        let sent = &text[s.clone()];
        let lower = sent.to_lowercase();
        for (cue, needs, re) in PATTERNS.iter() {
            if !needs.iter().any(|n| lower.contains(n)) {
                continue;
            }
            for c in re.captures_iter(sent) {
                let Some(m) = c.name("s") else { continue };
                let source = tidy(m.as_str());
                let lower = source.to_lowercase();
                if source.is_empty()
                    || NOT_SOURCES.contains(&lower.as_str())
                    || crate::words::is_stopword(&lower)
                {
                    continue;
                }
                if *cue == "reported"
                    && crate::words::is_stopword(source.split(' ').next().unwrap_or(""))
                {
                    continue;
                }
                out.push(Found {
                    range: s.start + m.start()..s.start + m.end(),
                    source,
                    cue,
                });
            }
        }
    }
    out.sort_by_key(|f| f.range.start);
    out.dedup_by(|a, b| a.range.start == b.range.start);
    out
}

/// Whether two credited names are one upstream: equal ignoring case, or one
/// the initials of the other ("NPA" and "Nordic Press Agency").
pub fn same_upstream(a: &str, b: &str) -> bool {
    let norm = |s: &str| crate::words::fold(s.trim_start_matches("the "));
    let (a, b) = (norm(a), norm(b));
    if a == b {
        return true;
    }
    let initials = |s: &str| {
        s.split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect::<String>()
    };
    let short = |s: &str| !s.contains(' ') && s.len() >= 2;
    (short(&a) && initials(&b) == a) || (short(&b) && initials(&a) == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(text: &str) -> Vec<(String, &'static str)> {
        let sents = crate::sentences::split(text);
        find(text, &sents)
            .into_iter()
            .map(|f| (f.source, f.cue))
            .collect()
    }

    #[test]
    fn cues() {
        assert_eq!(
            a("They wrote a letter, according to a Seoul-based activist cited by Yonhap on December 24."),
            vec![("a Seoul-based activist".into(), "according_to"), ("Yonhap".into(), "cited_by")]
        );
        assert_eq!(
            a("The two met a lawmaker, Yonhap reported."),
            vec![("Yonhap".into(), "reported")]
        );
        assert_eq!(
            a("A group released letters on Dec. 24. [YONHAP]"),
            vec![("Yonhap".into(), "credit")]
        );
        assert_eq!(a("Ri and Baek [SCREEN CAPTURE]"), vec![]);
        assert_eq!(
            a("OSLO (NPA) — The ferry ran aground."),
            vec![("NPA".into(), "wire_dateline")]
        );
        assert_eq!(
            a("This story was provided by the Nordic Press Agency."),
            vec![("Nordic Press Agency".into(), "provided_by")]
        );
    }

    #[test]
    fn acronyms_meet_their_expansions() {
        assert!(same_upstream("NPA", "the Nordic Press Agency"));
        assert!(same_upstream("YONHAP", "Yonhap"));
        assert!(!same_upstream("Yonhap", "Daily NK"));
    }
}
