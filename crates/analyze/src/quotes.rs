//! Direct quotes and who said them.
//!
//! A quote is text between quote marks (“ ”, " ", « », „ “, 「 」). One or
//! two words are a quote only when a speech verb hands over to them ("said:
//! “Probably.”"); a few words inside a sentence with nobody saying them are
//! scare quotes unless they end as a sentence does; Title Case, headlines
//! with their credit ("“…,” by Post’s Ann Lie") and markup attributes are
//! not quotes. Its speaker is, in order: the subject of a speech verb in the
//! same sentence outside the quote ("Baek added, “…”", "“…,” said
//! Solberg"), or of a participle clause (", saying, “…”"), resolved through
//! a pronoun to the last person named before it ("“…,” he said" after "Ri
//! said …"), or through a title ("the minister") to the person introduced
//! with it; else, for a quote standing alone, the speaker of the quote just
//! before.

use crate::mentions::Found as Mention;
use crate::Part;
use crosscheck_model::{EntityKind, Quote};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('«', '»'),
    ('„', '“'),
    ('「', '」'),
    ('『', '』'),
    ('"', '"'),
];
const VERBS: &str = r"said|says|say|added|adds|told|tells|wrote|writes|stated|states|explained|noted|asked|asks|warned|insisted|recalled|replied|continued|echoed|declared|urged|demanded|argued|argues|claimed|claims|asserted|responded|answered|countered|quipped|tweeted|posted|remarked|observed|acknowledged|admitted|conceded|concluded|announced|predicted|cautioned|complained|suggested|joked|sings|sang|shouted|yelled|cried|added|pointed out|went on|according to|написав|написали|сказав|сказала|заявив|заявила|сказал|сказала|заявил|написали|말했다|밝혔다";

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,—–-]*(?:(?P<v1>{VERBS})\s+(?P<s1>(?:the\s+|a\s+)?[\p{{L}}.'’\- ]{{1,60}}?)(?:[,.;:]|$|\s+(?:who|in|on|at|after|when|while|adding|noting|to)\b)|(?P<s2>[\p{{L}}.'’\- ]{{1,60}}?)(?:\s*,[^,“”\x22]{{1,90}},)?\s+(?:also\s+|later\s+|then\s+)?(?P<v2>{VERBS})\b|[ \u{{a0}}]*[―—–][ \u{{a0}}]*(?P<s3>\p{{Lu}}[\p{{L}}.'’\- ]{{1,60}}?)[ \u{{a0}}]*(?:,|\n|$))"
    ))
    .expect("static regex")
});
/// A subject and a speech verb anywhere before a quote: "He said the good
/// news “is …”", "Flynn, a top Trump surrogate, told reporters: “…”".
static SV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<s>\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|\p{{Lu}}[\p{{L}}.'’\-]*(?:\s+(?:\p{{Lu}}[\p{{L}}.'’\-]*|de|van|von|bin|al))*(?:\s+\([^)]{{1,30}}\))?|(?:[Tt]he|[Aa]n?)\s+[\p{{L}}’'\-]+(?:\s+[\p{{L}}’'\-]+){{0,2}}))\s*(?:,[^,“”\x22]{{1,90}},\s*)?(?:also\s+|later\s+|then\s+|again\s+)?(?P<v>{VERBS})\b"
    ))
    .expect("static regex")
});
static VERB_LEADS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b(?:{VERBS})\s*[:,]?\s*$")).expect("static regex"));
static CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*by\s+(?:the\s+)?\p{Lu}").expect("static regex"));
/// A participle clause handing over to a quote: ", saying, “…”".
static PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r",\s*(?:saying|adding|writing|telling [\p{L}\s]{1,30}?|asking|noting|declaring|warning|insisting|explaining)\s*[:,]?\s*$")
        .expect("static regex")
});
const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "him", "her"];

#[derive(Debug, Clone)]
pub struct Found {
    pub range: Range<usize>,
    /// The resolved speaker (a named person where the text allows).
    pub speaker: Option<String>,
    pub via: &'static str,
    /// Where the speaker is mentioned at the quote ("he", "Solberg", "the
    /// minister"), before resolution.
    pub speaker_span: Option<Range<usize>>,
}

impl Found {
    pub fn into_model(self, part: &Part) -> Quote {
        let inner = part.text[self.range.clone()]
            .trim_matches(|c: char| PAIRS.iter().any(|p| p.0 == c || p.1 == c));
        Quote {
            speaker: self.speaker,
            speaker_via: self.via.into(),
            text: inner.trim().trim_end_matches([',', ' ']).to_string(),
            span: part.span(self.range.start, self.range.end),
        }
    }
}

/// Byte ranges of quoted passages (marks included), within paragraphs. A
/// line break followed by a lower-case letter or a digit is a broken line,
/// not a new paragraph, so an open quote carries over it.
fn quoted(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (b, c) in text.char_indices() {
        match open {
            _ if c == '\n' => {
                let next = text[b + 1..].chars().next();
                if !next.is_some_and(|n| n.is_lowercase() || n.is_ascii_digit()) {
                    open = None;
                }
            }
            None => {
                if let Some(&(_, close)) = PAIRS.iter().find(|p| p.0 == c) {
                    open = Some((b, close));
                }
            }
            // Typed and typographic marks get mixed in the wild: a
            // straight quote closes a curly one and the other way round.
            Some((start, close))
                if c == close || (matches!(close, '”' | '"') && matches!(c, '”' | '"')) =>
            {
                out.push(start..b + c.len_utf8());
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Who a speaker phrase stands for, and where the phrase's mention is.
/// `range` is the phrase's byte range in the text.
fn resolve(text: &str, range: Range<usize>, at: usize, mentions: &[Mention]) -> Option<Resolved> {
    let raw = &text[range.clone()];
    let lead = raw.len()
        - raw
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ','))
            .len();
    let phrase = raw
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ','))
        .trim_end();
    if phrase.is_empty() {
        return None;
    }
    let span = range.start + lead..range.start + lead + phrase.len();
    let lower = phrase.to_lowercase();
    let before: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.range.start < at && m.kind == EntityKind::Person)
        .collect();
    if PRONOUNS.contains(&lower.as_str()) {
        let name = if matches!(lower.as_str(), "i" | "we" | "they") {
            None
        } else {
            before.last().map(|m| m.entity.clone())
        };
        return Some(Resolved {
            name,
            via: "pronoun",
            span,
        });
    }
    // A person named inside the phrase ("Ingrid Solberg, duty coordinator at
    // …" also names an organisation: persons only).
    if let Some(m) = mentions
        .iter()
        .filter(|m| {
            m.kind == EntityKind::Person && m.range.start >= span.start && m.range.end <= span.end
        })
        .min_by_key(|m| m.range.start)
    {
        return Some(Resolved {
            name: Some(m.entity.clone()),
            via: "named",
            span: m.range.clone(),
        });
    }
    // A surname alone that names a person met earlier.
    if let Some(m) = before.iter().rev().find(|m| {
        phrase.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            w.len() > 1
                && w.chars().next().is_some_and(char::is_uppercase)
                && m.entity.split(' ').any(|e| e == w)
        })
    }) {
        return Some(Resolved {
            name: Some(m.entity.clone()),
            via: "named",
            span,
        });
    }
    // "the minister": the person introduced with that title or role.
    if let Some(noun) = lower.strip_prefix("the ") {
        if let Some(m) = before.iter().rev().find(|m| {
            m.title
                .as_deref()
                .is_some_and(|t| t.to_lowercase().contains(noun))
                || m.role
                    .as_deref()
                    .is_some_and(|r| r.to_lowercase().contains(noun))
        }) {
            return Some(Resolved {
                name: Some(m.entity.clone()),
                via: "title",
                span,
            });
        }
    }
    let words = phrase.split_whitespace().count();
    (words <= 6).then(|| Resolved {
        name: Some(phrase.to_string()),
        via: "phrase",
        span,
    })
}

struct Resolved {
    name: Option<String>,
    via: &'static str,
    span: Range<usize>,
}

/// Whether a short quoted passage reads as a title: every word capitalised
/// but for small function words, and at most twelve words (“Backfire: Carly
/// Fiorina's High-Stakes Battle for the Soul of Hewlett-Packard”).
fn is_title_case(core: &str) -> bool {
    const SMALL: &[&str] = &[
        "of", "the", "and", "in", "on", "a", "an", "to", "for", "with", "at", "by", "or", "is",
        "are", "as", "from",
    ];
    let words: Vec<&str> = core.split_whitespace().collect();
    if words.len() > 12 {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    let small = words
        .iter()
        .filter(|w| SMALL.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
        .count();
    capitalised + small == words.len() && capitalised >= 2
}

/// Finds quotes in the body and resolves their speakers.
pub fn find(text: &str, sentences: &[Range<usize>], mentions: &[Mention]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let sentence_of = |at: usize| {
        sentences
            .iter()
            .find(|s| s.start <= at && at < s.end.max(s.start + 1))
            .cloned()
    };
    for q in quoted(text) {
        let inner = &text[q.clone()];
        // `author="…"`: an attribute value of markup left in the text.
        if text[..q.start].ends_with('=') {
            continue;
        }
        // Fewer than three words is a title or a scare quote, unless the
        // quote ends as speech does ("“That,” he said", "“U-S-A!”").
        let core = inner.trim_matches(|c: char| PAIRS.iter().any(|p| p.0 == c || p.1 == c));
        let speechlike = core.ends_with([',', '!', '?']);
        let short = core.split_whitespace().count() < 3 && !speechlike;
        // Title Case in quote marks is a title: “Fox News Sunday,”, “Contract
        // with America.”
        if is_title_case(core) && !core.ends_with(['!', '?']) {
            continue;
        }
        let Some(first) = sentence_of(q.start) else {
            continue;
        };
        // What follows the quote, to the end of its paragraph: "“…?” Clinton
        // said." puts the speaker in what the splitter calls a new sentence.
        let para_end = text[q.end..]
            .find('\n')
            .map(|p| q.end + p)
            .unwrap_or(text.len());
        let mut after_end = para_end.min(q.end + 250);
        while !text.is_char_boundary(after_end) {
            after_end -= 1;
        }
        let after = &text[q.end..after_end];
        // “Headline,” by Times’ Jane Doe: a title with its credit.
        if CREDIT.is_match(after) {
            continue;
        }
        let before = &text[first.start..q.start];
        let mut found: Option<Resolved> = None;
        if let Some(c) = AFTER.captures(after) {
            if let Some(m) = c.name("s1").or(c.name("s2")).or(c.name("s3")) {
                found = resolve(text, q.end + m.start()..q.end + m.end(), q.start, mentions);
            }
        }
        if found.is_none() {
            // The last subject + speech verb before the quote in its sentence.
            if let Some(c) = SV.captures_iter(before).last() {
                if let Some(sub) = c.name("s") {
                    let at = first.start + sub.start()..first.start + sub.end();
                    found = mentions
                        .iter()
                        .find(|m| {
                            m.kind == EntityKind::Person
                                && m.range.start >= at.start
                                && m.range.end <= at.end
                        })
                        .map(|m| Resolved {
                            name: Some(m.entity.clone()),
                            via: "named",
                            span: m.range.clone(),
                        })
                        .or_else(|| resolve(text, at, q.start, mentions));
                }
            }
        }
        if found.is_none() && PARTICIPLE.is_match(before) {
            // "Trump attacked Clinton …, saying, “…”": the participle's
            // subject is the sentence's, its first person or pronoun.
            found = mentions
                .iter()
                .find(|m| {
                    m.kind == EntityKind::Person
                        && m.range.start >= first.start
                        && m.range.end <= q.start
                })
                .map(|m| Resolved {
                    name: Some(m.entity.clone()),
                    via: "named",
                    span: m.range.clone(),
                })
                .or_else(|| {
                    let lead = before.trim_start();
                    let word = lead
                        .split(|c: char| !c.is_alphabetic())
                        .next()
                        .unwrap_or("");
                    let start = first.start + (before.len() - lead.len());
                    resolve(text, start..start + word.len(), q.start, mentions)
                        .filter(|r| r.via == "pronoun")
                });
        }
        // A word or two in quote marks is speech only when a speech verb
        // hands over to it: "Priebus said: “Probably.”".
        if short && (found.is_none() || !VERB_LEADS.is_match(before)) {
            continue;
        }
        if found.is_none() && before.trim().is_empty() {
            // A quote opening its sentence with no verb continues the last
            // speaker's words.
            if let Some(prev) = out
                .last()
                .filter(|p| p.speaker.is_some() || p.speaker_span.is_some())
            {
                found = Some(Resolved {
                    name: prev.speaker.clone(),
                    via: "preceding",
                    span: prev.speaker_span.clone().unwrap_or(0..0),
                });
            }
        }
        // A few quoted words inside a sentence with nobody saying them are
        // scare quotes or names ("no conflict of interest", "term of
        // endearment"), not a quotation.
        if found.is_none()
            && core.split_whitespace().count() <= 5
            && !before.trim().is_empty()
            && !core.ends_with(['.', '!', '?'])
        {
            continue;
        }
        let (speaker, via, speaker_span) = match found {
            Some(r) => (r.name, r.via, Some(r.span).filter(|s| !s.is_empty())),
            None => (None, "none", None),
        };
        out.push(Found {
            range: q.clone(),
            speaker,
            via,
            speaker_span,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(text: &str) -> Vec<(String, Option<String>)> {
        let sents = crate::sentences::split(text);
        let ments = crate::mentions::find(text, &sents);
        find(text, &sents, &ments)
            .into_iter()
            .map(|f| (text[f.range.clone()].chars().take(12).collect(), f.speaker))
            .collect()
    }

    #[test]
    fn pronouns_follow_the_last_named_speaker() {
        let text = "Ri said he was determined to go.\n“I’m certain about my intention,” he said.\nBaek echoed the fear of punishment.\n“Russian soldiers and ours are different,” he said.\nBaek added, “I hope I can go to the South.”";
        let got = speakers(text);
        let names: Vec<Option<&str>> = got.iter().map(|g| g.1.as_deref()).collect();
        assert_eq!(names, vec![Some("Ri"), Some("Baek"), Some("Baek")]);
    }

    #[test]
    fn named_after_and_before_and_titles() {
        let text = "Transport Minister Jon Aas visited the port.\n“We owe it to everyone who travels,” the minister said.\n“The crew acted fast and well,” said Ingrid Solberg, the coordinator.\nPer Nilsen, a passenger from Stavanger, said: \"I heard a loud bang below.\"";
        let got = speakers(text);
        let names: Vec<Option<&str>> = got.iter().map(|g| g.1.as_deref()).collect();
        assert_eq!(
            names,
            vec![Some("Jon Aas"), Some("Ingrid Solberg"), Some("Per Nilsen")]
        );
    }

    #[test]
    fn participle_hands_the_quote_to_the_sentence_subject() {
        let text = "Mayor Liv Berg criticised the operator on Monday, saying, “They ignored every warning we sent.”";
        assert_eq!(speakers(text)[0].1.as_deref(), Some("Liv Berg"));
    }

    #[test]
    fn a_word_or_two_is_a_quote_only_after_a_speech_verb() {
        let text = "Asked whether the ferry would sail again, Berg said: “Probably.”
The ferry, nicknamed “Old Lady”, was towed away.";
        let got = speakers(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1.as_deref(), Some("Berg"));
    }

    #[test]
    fn a_short_sentence_in_quote_marks_is_speech() {
        // No speaker, but a sentence ending inside its marks is not a title.
        let text = "Relatives waited at the pier, and one sign read “Bring them home now.”";
        assert_eq!(speakers(text).len(), 1);
    }

    #[test]
    fn headlines_credits_and_markup_are_not_quotes() {
        let text = "Reading list: “Ferry operator fined over late repairs,” by Post’s Ann Lie.
<tweet tweet-author=\"someone here for sure\">
The book “Backfire: How One Ferry Company Lost the Trust of the Coast” sold well.";
        assert!(speakers(text).is_empty(), "{:?}", speakers(text));
    }

    #[test]
    fn a_broken_line_does_not_end_a_quote() {
        let text = "“The crew did everything right and the passengers kept\ncalm until the boats came,” Berg said.";
        let sents = crate::sentences::split(text);
        let ments = crate::mentions::find(text, &sents);
        let got = find(text, &sents, &ments);
        assert_eq!(got.len(), 1);
        assert!(text[got[0].range.clone()].ends_with("came,”"));
    }

    #[test]
    fn scare_quotes_are_not_quotes_and_guillemets_are() {
        let text = "The show “PD Notebook” aired. «Ми хочемо додому зараз», — написали вони.";
        let got = speakers(text);
        assert_eq!(got.len(), 1);
    }
}

#[cfg(test)]
mod dash_tests {
    use super::*;

    #[test]
    fn dash_attribution_after_a_quote() {
        let text = "Readers wrote to us.\n“He is someone that no sane person would want.” ―\u{a0}Christina Olidem\n“No double minority wants a man like him as a leader.” ― Christina Lastra\n";
        let sents = crate::sentences::split(text);
        let ments = crate::mentions::find(text, &sents);
        let got: Vec<Option<String>> = find(text, &sents, &ments)
            .into_iter()
            .map(|q| q.speaker)
            .collect();
        assert_eq!(
            got,
            vec![
                Some("Christina Olidem".into()),
                Some("Christina Lastra".into())
            ]
        );
    }
}

#[cfg(test)]
mod script_tests {
    use super::*;

    fn quotes(text: &str) -> Vec<String> {
        let sents = crate::sentences::split(text);
        let ments = crate::mentions::find(text, &sents);
        find(text, &sents, &ments)
            .into_iter()
            .map(|q| text[q.range].to_string())
            .collect()
    }

    #[test]
    fn korean_ukrainian_and_german_marks() {
        assert_eq!(
            quotes("그는 「한국으로 가고 싶다고 분명히 말했다」 라고 밝혔다."),
            vec!["「한국으로 가고 싶다고 분명히 말했다」"]
        );
        assert_eq!(
            quotes("Він сказав: „Ми хочемо поїхати до Кореї“."),
            vec!["„Ми хочемо поїхати до Кореї“"]
        );
        assert_eq!(
            quotes("«Мы хотим уехать в Корею», — сказал он."),
            vec!["«Мы хотим уехать в Корею»"]
        );
    }
}
