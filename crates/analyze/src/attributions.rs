//! Who information is credited to: "according to X", "X reported", "cited by
//! X", photo credits in brackets, wire datelines ("OSLO (NPA) —"), and
//! "provided by X" notes; and in other languages "X에 따르면", "Xによると",
//! "据X报道", "по данным X", "за даними X", "laut X", "según X", "selon X"
//! (according to), "сообщает X", "повідомляє X", "berichtet X" (reported).

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
        // Korean: the word before "에 따르면", less a "보도"/"발표" after it.
        ("according_to", &["따르면"][..], unicode(r"(?P<s>[\p{Hangul}\p{Han}A-Za-z0-9·]{2,20}?)(?:의)?\s?(?:보도|발표|설명|집계)?에\s?따르면")),
        // Japanese: the run of kanji, katakana or Latin before "によると".
        ("according_to", &["によると", "によれば"][..], unicode(r"(?P<s>[\p{Han}\p{Katakana}ーA-Za-z0-9・]{2,20}?)(?:の(?:報道|発表|集計))?によ(?:ると|れば)")),
        // Chinese: "据X报道", "据X称".
        ("according_to", &["据", "據"][..], unicode(r"(?:根据|根據|据|據)(?P<s>[\p{Han}A-Za-z0-9]{2,12}?)(?:的)?(?:报道|報導|报导|消息|统计|統計|称|稱|表示|指出|介绍|介紹)")),
        // Russian, Ukrainian, German, Spanish, French: the words after the
        // cue, up to the next punctuation (four at most).
        ("according_to", &["по данным", "по словам", "по информации", "за даними", "за словами", "за інформацією", "laut", "nach angaben", "según", "de acuerdo con", "selon", "d'après", "d’après"][..], unicode(&format!(r"(?i:\bпо данным|\bпо словам|\bпо информации|\bза даними|\bза словами|\bза інформацією|\blaut|\bnach Angaben (?:des|der|von)|\bsegún|\bde acuerdo con|\bselon|\bd['’]après)\s+(?P<s>{WORDS})(?:[,.;:!?)»“”]|$)"))),
        ("reported", &["сообща", "переда", "пишет", "повідом", "переда", "пише", "berichtet", "meldet", "informó", "reportó", "rapporte"][..], unicode(&format!(r"(?i:\bсообщает|\bсообщил[аио]?|\bпередает|\bпередаёт|\bпишет|\bповідомляє|\bповідомив|\bповідомила|\bпередає|\bпише|\bberichtete?|\bmeldete?|\binformó|\breportó|\brapporte)\s+(?:(?i:die|der|das|el|la|le|les)\s+)?(?P<s>{WORDS})(?:[,.;:!?)»“”]|$)"))),
        // Credits that name a wire by a short form only the agency table
        // tells from other text (`AGENCY_CUES`): "【ソウル共同】",
        // "(서울=연합뉴스)", "사진=/로이터=연합뉴스", "— Укрінформ".
        ("credit", &["【"][..], unicode(r"【(?P<s>[^】]{1,16})】")),
        ("wire_dateline", &["="][..], unicode(r"\((?P<s>[^()=]{1,12}=[^()]{2,20})\)")),
        ("credit", &["/"][..], unicode(r"/\s?(?P<s>[^\s/()]{2,20}(?:=[^\s/()]{2,20})?)\s*[.。]?\s*$")),
        ("credit", &["—", "–"][..], unicode(r"[—–]\s*(?P<s>\p{L}[\p{L}\s\-]{1,30}?)\s*[.。]?\s*$")),
    ]
    },
);

/// Bytes from a sentence's start or end that a wire's short credit lies
/// within.
const CREDIT_REACH: usize = 64;

/// The substrings that mark the credits read only for the agencies they
/// name (see [`crate::agencies`]).
const AGENCY_CUES: &[&str] = &["【", "=", "/", "—", "–"];

/// One to four words (any letters, digits, quotes of a name), as few as
/// reach the punctuation that must follow.
const WORDS: &str =
    r"[\p{L}\d«„\x22][\p{L}\d\-'’.»“\x22]*(?:\s+[\p{L}\d«„\x22][\p{L}\d\-'’.»“\x22]*){0,3}?";

/// A pattern that must see word edges in any script.
fn unicode(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

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
    // Words that stand before "reported" without being anyone: "Earlier,
    // … reported" cut at the comma.
    "earlier",
    "later",
    "previously",
    "also",
    "this",
    "which",
    "he",
    "she",
    "they",
    "it",
    // "selon lui", "según ella", "по словам его", "ihm zufolge": pronouns
    // in the other languages whose cues are read.
    "lui",
    "elle",
    "eux",
    "elles",
    "ils",
    "él",
    "ella",
    "ellos",
    "ellas",
    "ihm",
    "ihr",
    "ihnen",
    "ihnen zufolge",
    "его",
    "её",
    "ее",
    "них",
    "него",
    "нее",
    "неё",
    "нього",
    "неї",
    "його",
    "її",
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
    // Title-cased only when every letter has case and is a capital:
    // "JR東日本" stays.
    let capitals = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    if s.chars().count() > 4 && capitals {
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
            let agency_only = needs.iter().any(|n| AGENCY_CUES.contains(n));
            // A wire's bracketed or trailing credit is short and stands at
            // a sentence's start ("(서울=연합뉴스)") or end ("/AP", "—
            // Укрінформ"): only that stretch is searched, so a long
            // sentence with a slash or a dash in it costs nothing more.
            let (from, to) = match *needs {
                ["="] => (0, sent.floor_char_boundary(CREDIT_REACH)),
                ["/"] | ["—", "–"] => (
                    sent.ceil_char_boundary(sent.len().saturating_sub(CREDIT_REACH)),
                    sent.len(),
                ),
                _ => (0, sent.len()),
            };
            for c in re.captures_iter(&sent[from..to]) {
                let Some(m) = c.name("s") else { continue };
                let source = if agency_only {
                    match crate::agencies::in_credit(m.as_str()) {
                        Some(agency) => agency.to_string(),
                        None => continue,
                    }
                } else {
                    // One wire under one name, whatever name a page gives it.
                    let tidied = tidy(m.as_str());
                    crate::agencies::canonical(&tidied).map_or(tidied, str::to_string)
                };
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
                    range: s.start + from + m.start()..s.start + from + m.end(),
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

/// Whether two credited names are one upstream: one agency by two of its
/// names ("Yonhap", "연합뉴스"), equal ignoring case, or one the initials of
/// the other ("NPA" and "Nordic Press Agency").
pub fn same_upstream(a: &str, b: &str) -> bool {
    if let (Some(x), Some(y)) = (crate::agencies::canonical(a), crate::agencies::canonical(b)) {
        return x == y;
    }
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
        assert_eq!(a("Earlier reported cases were mild."), vec![]);
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
    fn cues_in_other_languages() {
        let source = |t: &str| a(t).into_iter().map(|x| x.0).collect::<Vec<_>>();
        // A wire is named by its one name whatever the page calls it.
        assert_eq!(
            source("연합뉴스에 따르면 여객선은 오전 9시에 좌초했다."),
            ["Yonhap"]
        );
        assert_eq!(
            source("소방당국의 발표에 따르면 사망자는 12명이다."),
            ["소방당국"]
        );
        assert_eq!(
            source("共同通信によると、フェリーは午前9時に座礁した。"),
            ["Kyodo"]
        );
        assert_eq!(source("据新华社报道，渡轮上午9时搁浅。"), ["Xinhua"]);
        // Caseless names stay as written.
        assert_eq!(
            source("据中央广播电视总台报道，渡轮搁浅。"),
            ["中央广播电视总台"]
        );
        assert_eq!(source("По данным МЧС, паром сел на мель утром."), ["МЧС"]);
        assert_eq!(source("Паром сел на мель, сообщает ТАСС."), ["TASS"]);
        assert_eq!(source("За даними ДСНС, пором сів на мілину."), ["ДСНС"]);
        assert_eq!(
            source("Die Fähre lief laut Polizei am Morgen auf Grund."),
            Vec::<String>::new()
        );
        assert_eq!(
            source("Laut der Polizei Norwegens, lief die Fähre auf Grund."),
            ["der Polizei Norwegens"]
        );
        assert_eq!(source("Según la agencia EFE, el ferry encalló."), ["EFE"]);
        assert_eq!(source("Selon l'AFP, le ferry s'est échoué."), ["AFP"]);
        // Credits only a wire's name makes credits.
        assert_eq!(
            source("【ソウル共同】韓国の務安空港で旅客機が事故を起こした。"),
            ["Kyodo"]
        );
        assert_eq!(
            source("(서울=연합뉴스) 홍길동 기자 = 여객선이 좌초했다."),
            ["Yonhap"]
        );
        assert_eq!(
            source("구조대가 현장에 도착했다. /로이터=연합뉴스"),
            ["Yonhap"]
        );
        assert_eq!(source("Пором сів на мілину. — Укрінформ"), ["Ukrinform"]);
        assert!(source("Die Zahl stieg auf 20 — so die Behörden").is_empty());
        assert!(source("사망자는 10/29 기준 12명이다").is_empty());
        // A cue with no punctuation within four words is not taken: its
        // source cannot be told from the rest of the sentence.
        assert!(source("Según fuentes del puerto el ferry encalló en la costa norte.").is_empty());
        assert!(
            source("Selon lui, le ferry s'est échoué.").is_empty(),
            "a pronoun"
        );
        assert_eq!(source("JR東日本によると、運転を見合わせた。"), ["JR東日本"]);
    }

    #[test]
    fn acronyms_meet_their_expansions() {
        assert!(same_upstream("NPA", "the Nordic Press Agency"));
        assert!(same_upstream("YONHAP", "Yonhap"));
        assert!(!same_upstream("Yonhap", "Daily NK"));
        assert!(same_upstream("연합뉴스", "Yonhap News Agency"));
        assert!(!same_upstream("Kyodo", "Yonhap"));
    }
}
