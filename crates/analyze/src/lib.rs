//! Analyze: what one article says, fact by fact.
//!
//! Takes an [`Article`]; gives an [`Analysis`]: sentences, mentions of
//! people/organisations/places, direct quotes with resolved speakers,
//! quantities with what they count, time expressions normalised against the
//! article's own date (or a range for it when the date is unknown),
//! attributions ("according to X", photo credits, wire datelines) and quality
//! flags. Rule-based throughout: every rule is small, named, and tested.
//!
//! The article's body (`text`) and each caption are analysed as separate
//! parts; every span says which part it is in.

pub mod agencies;
pub mod attributions;
pub mod flags;
pub mod mentions;
pub mod names;
pub mod quantities;
pub mod quotes;
pub mod sentences;
pub mod timex;
pub mod words;

use chrono::NaiveDate;

/// Compiles a pattern whose word boundaries only ever sit next to ASCII
/// words (English cue words, digits, month names). `\b` is made ASCII:
/// the regex crate's fast automaton gives up on Unicode word boundaries as
/// soon as the text holds a non-ASCII character (a curly quote is enough),
/// and falls back to engines that made these patterns most of the cost of
/// analysis. Patterns that must see Cyrillic or Hangul word edges keep
/// Unicode boundaries and are compiled with `Regex::new`.
pub(crate) fn ascii_words(pattern: &str) -> regex::Regex {
    regex::Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("static regex")
}
use crosscheck_model::{Analysis, Article, CharIndex, Span};

pub use timex::Anchor;

/// One analysed part of an article: its body or one caption.
pub struct Part<'a> {
    pub name: String,
    pub text: &'a str,
    idx: CharIndex,
}

impl<'a> Part<'a> {
    pub fn new(name: String, text: &'a str) -> Self {
        Part {
            name,
            text,
            idx: CharIndex::new(text),
        }
    }

    /// Span in characters for a byte range of this part.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            part: self.name.clone(),
            start: self.idx.char_at(start),
            end: self.idx.char_at(end),
        }
    }
}

/// The date an article speaks from: its publication date when known.
pub fn own_anchor(article: &Article) -> Option<Anchor> {
    let p = article.published.as_deref()?;
    let d = NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()?;
    Some(Anchor { from: d, to: d })
}

/// Analyses an article against its own date, or against a date range
/// inferred from its content when it states none.
pub fn analyze(article: &Article) -> Analysis {
    let anchor = own_anchor(article).or_else(|| {
        let first = analyze_with(article, None);
        timex::infer_anchor(&first.times, &[]).map(|(a, _)| a)
    });
    analyze_with(article, anchor)
}

/// Analyses an article against a given anchor (`None`: relative times stay
/// unresolved).
pub fn analyze_with(article: &Article, anchor: Option<Anchor>) -> Analysis {
    let mut parts = vec![Part::new("text".into(), &article.text)];
    for (i, c) in article.captions.iter().enumerate() {
        parts.push(Part::new(format!("caption:{i}"), c));
    }
    let mut a = Analysis::default();
    let stuffed = flags::stuffed_phrase(article);
    let stuffing = stuffed.as_deref().map(flags::Stuffing::new);
    for part in &parts {
        let sents = sentences::split(part.text);
        let times = timex::find(part.text, &sents, anchor);
        let ents = mentions::find(part.text, &sents);
        let qs = if part.name == "text" {
            quotes::find(part.text, &sents, &ents)
        } else {
            Vec::new()
        };
        let quants = quantities::find(part.text, &times);
        let attrs = attributions::find(part.text, &sents);
        for s in &sents {
            let text = &part.text[s.clone()];
            // Sentences inside a quote after its first are the quote's
            // continuation: the quote is one claim, made where it starts.
            let continuation = qs
                .iter()
                .any(|q| q.range.start < s.start && s.end <= q.range.end + 1);
            let excluded = if stuffing.as_ref().is_some_and(|st| st.is_in(text)) {
                Some("stuffing".to_string())
            } else if continuation {
                Some("quote_continuation".to_string())
            } else if flags::is_disclosure(text) {
                Some("disclosure".to_string())
            } else if flags::is_caption(text) {
                Some("caption".to_string())
            } else if flags::is_furniture(text) {
                Some("furniture".to_string())
            } else {
                None
            };
            a.sentences.push(crosscheck_model::Sentence {
                span: part.span(s.start, s.end),
                text: text.to_string(),
                excluded,
            });
        }
        a.times
            .extend(times.into_iter().map(|t| t.into_model(part)));
        a.mentions
            .extend(ents.into_iter().map(|m| m.into_model(part)));
        a.quotes.extend(qs.into_iter().map(|q| q.into_model(part)));
        a.quantities
            .extend(quants.into_iter().map(|q| q.into_model(part)));
        a.attributions
            .extend(attrs.into_iter().map(|t| t.into_model(part)));
    }
    // A disclosure paragraph ("… translated with the help of AI. It was then
    // edited by …") is about the text, not the event: all of it is left out.
    let disclosed: Vec<(usize, usize)> = article
        .paragraphs
        .iter()
        .filter(|p| {
            a.sentences.iter().any(|s| {
                s.span.part == "text"
                    && s.excluded.as_deref() == Some("disclosure")
                    && s.span.start >= p.start
                    && s.span.end <= p.end
            })
        })
        .map(|p| (p.start, p.end))
        .collect();
    for s in a.sentences.iter_mut() {
        if s.excluded.is_none()
            && s.span.part == "text"
            && disclosed
                .iter()
                .any(|&(b, e)| s.span.start >= b && s.span.end <= e)
        {
            s.excluded = Some("disclosure".into());
        }
    }
    mark_fragment(&mut a);
    a.flags = flags::flags(article, &a, stuffed.as_deref());
    a
}

/// The text's last sentence, when it stops without a full stop, question
/// or exclamation mark (or a closing quote after one), is where a scraped
/// excerpt was cut ("“If you become a prisoner, it’s li"): a fragment, not
/// a statement a source could be held to.
fn mark_fragment(a: &mut Analysis) {
    let Some(last) = a
        .sentences
        .iter_mut()
        .filter(|s| s.span.part == "text")
        .max_by_key(|s| s.span.end)
    else {
        return;
    };
    let end = last
        .text
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '」', '』']);
    let finished = end.ends_with(['.', '!', '?', '。', '！', '？', '…', ':']);
    if last.excluded.is_none() && !finished {
        last.excluded = Some("fragment".into());
    }
}

#[cfg(test)]
mod tests {
    use crosscheck_model::{Article, Paragraph};

    fn excluded(text: &str) -> Vec<(String, Option<String>)> {
        let article = Article {
            text: text.into(),
            paragraphs: vec![Paragraph {
                start: 0,
                end: text.chars().count(),
                text: text.into(),
            }],
            ..Default::default()
        };
        super::analyze(&article)
            .sentences
            .into_iter()
            .map(|s| (s.text, s.excluded))
            .collect()
    }

    #[test]
    fn a_cut_last_sentence_and_a_caption_are_not_statements() {
        let got = excluded(
            "Two soldiers were captured in January.\nRi, left, and Baek after their capture [SCREEN CAPTURE]\n“If you become a prisoner, it’s li",
        );
        let why: Vec<Option<&str>> = got.iter().map(|g| g.1.as_deref()).collect();
        assert_eq!(
            why,
            vec![None, Some("caption"), Some("fragment")],
            "{got:?}"
        );
        // A finished last sentence, or one closed by a quote, is whole.
        let got = excluded("The ferry sank. “We are safe,” he said.");
        assert!(got.iter().all(|g| g.1.is_none()), "{got:?}");
    }
}
