//! Quality flags: signs a reader should weigh the text differently.

use crate::words::fold;
use crosscheck_model::{Analysis, Article, Flag};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

static DISCLOSURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:this|the) (?:article|story|report|text|piece)\b[^.]{0,60}\btranslat|machine[- ]translat|ai[- ]assisted translation|with the help of (?:generative )?ai|originally (?:written|published) in (?:korean|ukrainian|russian|norwegian|[a-z]+)|automatically translated)").expect("static regex")
});

/// Free-mail domains say nothing about an organisation.
const FREEMAIL: &[&str] = &[
    "gmail", "yahoo", "hotmail", "outlook", "naver", "daum", "mail", "yandex", "ukr", "proton",
    "icloud",
];

pub fn is_disclosure(sentence: &str) -> bool {
    DISCLOSURE.is_match(sentence)
}

/// A photo's caption or credit rather than a statement: a sentence ending in
/// a bracketed credit in capitals ("… [SCREEN CAPTURE]", "… [YONHAP]"), a
/// photo credit ("(Photo: Reuters)", "/Courtesy of … Facebook",
/// "사진=연합뉴스", "/AP"), or one that starts as a caption does ("Photo:",
/// "PHOTO:", "写真:"). A caption says what a picture shows; it is not a
/// second source for what the article says.
pub fn is_caption(sentence: &str) -> bool {
    // Three patterns, each on the part of the sentence it can match: one
    // pattern over whole sentences ran the regex crate's slowest engine
    // (its Unicode classes and word edges defeat the fast ones there) and
    // took 6% of all analysis.
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)
            \[[\p{Lu}][\p{Lu}\s.&/\-]{1,30}\]\s*$
          | \((?i:photo|image|picture|video|file\ photo|foto|фото)\b[^)]*\)\s*$
          | /\s*(?:AP|AFP|EPA|Reuters|연합뉴스|뉴스1|뉴시스|로이터)\s*$
          | /\s*\p{Hangul}{2,4}\s*(?:기자|특파원)\s*$",
        )
        .expect("static regex")
    });
    static HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:(?i:photo|image|pictured|фото|foto)\s*[:|]|(?:写真|사진)\s*[:：])")
            .expect("static regex")
    });
    static INSIDE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i:/\s*courtesy\ of\b)|(?:사진|자료사진)\s*=").expect("static regex")
    });
    let tail = match sentence.trim_end().as_bytes().last() {
        // From the last opening bracket or slash: what a tail pattern needs.
        Some(b']' | b')') => sentence.rfind(['[', '(']).map(|at| &sentence[at..]),
        _ => sentence.rfind('/').map(|at| &sentence[at..]),
    };
    tail.is_some_and(|t| TAIL.is_match(t))
        || HEAD.is_match(sentence)
        || ((sentence.contains('/') || sentence.contains("사진")) && INSIDE.is_match(sentence))
}

/// Whether a line is the page's furniture rather than its report: a byline
/// ("By Jane Doe", "撰文：李秀坤", "记者 张三") or a pointer to other pages
/// ("Related:", "Read more:", "延伸閱讀:", "관련기사", "関連記事", "點擊閱讀下一則新聞").
/// Scraped text keeps such lines; as claims they would be single-source
/// statements no outlet made.
pub fn is_furniture(sentence: &str) -> bool {
    static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)
            ^\s*(?:
                (?i:by)\s+\p{Lu}[\p{L}.'’]*(?:-\p{L}+)*(?:\s+\p{Lu}[\p{L}.'’]*(?:-\p{L}+)*){0,3}
                (?:\s*,\s*\p{Lu}[\p{L}\s]{0,30})?\s*$
              | (?:撰文|撰稿|文|记者|記者|编辑|編輯|責任編輯|责任编辑)\s*[:：]?\s*\p{Han}{2,4}(?:[\s、,，]+\p{Han}{2,4})*\s*$
              | (?i:related(?:\s+(?:stories|articles|coverage|news))?|read\s+more|see\s+also|also\s+read|more\s+on\s+this(?:\s+story)?|lesen\s+sie\s+auch|mehr\s+zum\s+thema|lire\s+aussi|à\s+lire\s+aussi|leer\s+más|lea\s+también|читайте\s+также|читайте\s+також)\s*[:：]
              | (?:延伸閱讀|延伸阅读|相關新聞|相关新闻|相關閱讀|相关阅读|関連記事|関連ニュース|관련\s*기사)\s*[:：]?
              | (?:點擊閱讀下一則新聞|点击阅读下一则新闻)
            )",
        )
        .expect("static regex")
    });
    FURNITURE.is_match(sentence)
}

/// Whether a sentence carries the stuffed headline, whole or for three
/// quarters of its words in a row ("… express wish to defect, shedding …").
pub fn has_stuffing(sentence: &str, phrase: &str) -> bool {
    Stuffing::new(phrase).is_in(sentence)
}

/// Words of a text, folded, one space between them.
fn bare(s: &str) -> String {
    let folded = fold(s);
    crate::words::tokens(&folded)
        .into_iter()
        .map(|(a, b)| &folded[a..b])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The runs of a headline's words that count as the headline repeated.
pub struct Stuffing {
    windows: Vec<String>,
    /// An ASCII word every window holds: a sentence without it (in any
    /// case) holds no window, and most sentences are ruled out by this
    /// alone, before the folding and tokenising a full comparison needs.
    gate: Option<String>,
}

impl Stuffing {
    pub fn new(phrase: &str) -> Stuffing {
        let phrase = bare(phrase);
        let words: Vec<&str> = phrase.split(' ').collect();
        let need = (words.len() * 3).div_ceil(4).max(4);
        if words.len() < need {
            return Stuffing {
                windows: Vec::new(),
                gate: None,
            };
        }
        let windows = (0..=words.len() - need)
            .map(|i| format!(" {} ", words[i..i + need].join(" ")))
            .collect();
        // Windows of `need` out of n words in a row all share the words at
        // positions n - need .. need.
        let gate = words[words.len() - need..need]
            .iter()
            .filter(|w| w.bytes().all(|b| b.is_ascii_alphanumeric()))
            .max_by_key(|w| w.len())
            .map(|w| w.to_string());
        Stuffing { windows, gate }
    }

    pub fn is_in(&self, sentence: &str) -> bool {
        if self.windows.is_empty() {
            return false;
        }
        if let Some(g) = &self.gate {
            let found = sentence
                .as_bytes()
                .windows(g.len())
                .any(|w| w.eq_ignore_ascii_case(g.as_bytes()));
            if !found {
                return false;
            }
        }
        let sentence = format!(" {} ", bare(sentence));
        self.windows.iter().any(|w| sentence.contains(w.as_str()))
    }
}

/// The headline, when the body repeats it inside two or more paragraphs:
/// search-engine stuffing.
pub fn stuffed_phrase(article: &Article) -> Option<String> {
    let title = article.title.as_deref()?;
    if title.split_whitespace().count() < 4 {
        return None;
    }
    // Compare on the headline without leading/trailing quote marks.
    let core = title.trim_matches(|c: char| !c.is_alphanumeric());
    let stuffing = Stuffing::new(core);
    let hits = article
        .paragraphs
        .iter()
        .filter(|p| stuffing.is_in(&p.text))
        .count();
    (hits >= 2).then(|| core.to_string())
}

fn short(s: &str) -> String {
    if s.chars().count() > 140 {
        format!("{}…", s.chars().take(139).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Registrable label of a domain: "kim@joongang.co.kr" → "joongang".
fn org_label(email: &str) -> Option<String> {
    let domain = email.rsplit('@').next()?.to_lowercase();
    let parts: Vec<&str> = domain.split('.').collect();
    let skip = ["co", "com", "org", "net", "ac", "or", "go", "gov", "news"];
    let mut i = parts.len().checked_sub(2)?;
    while i > 0 && skip.contains(&parts[i]) {
        i -= 1;
    }
    Some(parts[i].to_string())
}

/// Whether an e-mail's organisation could be the publisher's own.
fn matches_publisher(label: &str, publisher: &str) -> bool {
    let squashed: String = fold(publisher)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let label: String = label.chars().filter(|c| c.is_alphanumeric()).collect();
    let initials: String = fold(publisher)
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .collect();
    !label.is_empty()
        && (squashed.contains(&label)
            || label.contains(&squashed)
            || label == initials
            || squashed.starts_with(&label.chars().take(6).collect::<String>()))
}

pub fn flags(article: &Article, a: &Analysis, stuffed: Option<&str>) -> Vec<Flag> {
    let mut out = Vec::new();
    if let Some(p) = stuffed {
        let ev: Vec<String> = a
            .sentences
            .iter()
            .filter(|s| s.excluded.as_deref() == Some("stuffing"))
            .map(|s| short(&s.text))
            .collect();
        out.push(Flag {
            kind: "keyword_stuffing".into(),
            detail: format!("the headline \"{p}\" is repeated {} times in the body; those sentences are left out of the claims", ev.len()),
            evidence: ev,
        });
    }
    let dups: Vec<String> = article
        .removed
        .iter()
        .filter(|r| r.kind == "duplicate")
        .map(|r| short(&r.text))
        .collect();
    if !dups.is_empty() {
        out.push(Flag {
            kind: "duplicate_text".into(),
            detail: format!(
                "{} repeated paragraph(s), caption(s) or headline(s) removed",
                dups.len()
            ),
            evidence: dups,
        });
    }
    let disc: Vec<String> = a
        .sentences
        .iter()
        .filter(|s| s.excluded.as_deref() == Some("disclosure"))
        .map(|s| short(&s.text))
        .collect();
    if !disc.is_empty() {
        out.push(Flag {
            kind: "translation_disclosure".into(),
            detail: "the text says it was translated or machine-assisted".into(),
            evidence: disc,
        });
    }
    if let Some(email) = &article.byline_contact {
        if let Some(label) = org_label(email).filter(|l| !FREEMAIL.contains(&l.as_str())) {
            let own = article
                .publisher
                .as_deref()
                .map(|p| matches_publisher(&label, p));
            let host_own = article
                .url
                .as_deref()
                .map(|u| u.to_lowercase().contains(&label));
            if own == Some(false) && host_own != Some(true) {
                out.push(Flag {
                    kind: "syndicated_byline".into(),
                    detail: format!(
                        "the byline's address {email} belongs to {}, not to the publisher {}: likely a copy of another outlet's story",
                        email.rsplit('@').next().unwrap_or(""),
                        article.publisher.as_deref().unwrap_or("?")
                    ),
                    evidence: vec![format!("{} [{email}]", article.byline.as_deref().unwrap_or(""))],
                });
            }
        }
    }
    let wire: Vec<&crosscheck_model::Attribution> = a
        .attributions
        .iter()
        .filter(|t| matches!(t.cue.as_str(), "wire_dateline" | "provided_by"))
        .collect();
    if let Some(w) = wire.first() {
        out.push(Flag {
            kind: "wire_copy".into(),
            detail: format!("the text is credited to {}", w.source),
            evidence: wire.iter().map(|w| w.source.clone()).collect(),
        });
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &article.removed {
        if r.kind != "duplicate" {
            *kinds.entry(r.kind.as_str()).or_default() += 1;
        }
    }
    if !kinds.is_empty() {
        let detail = kinds
            .iter()
            .map(|(k, n)| format!("{k} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Flag {
            kind: "boilerplate_removed".into(),
            detail,
            evidence: article
                .removed
                .iter()
                .filter(|r| r.kind != "duplicate")
                .map(|r| format!("{}: {}", r.kind, short(&r.text)))
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_and_credits_are_not_statements() {
        for c in [
            "Ri, left, and Baek, soldiers captured in the fighting [SCREEN CAPTURE]",
            "Rescuers search the rubble (Photo: Reuters)",
            "The two prisoners in a video call /Courtesy of a rights group Facebook",
            "구조대가 현장을 수색하고 있다. 사진=연합뉴스",
            "Photo: the harbour at dawn",
            "Rescuers carry a stretcher at the site /AP",
            "写真：現場の様子",
            "Lifeboats at the pier (file photo / Yonhap)",
            "30일 오후 사고 현장에 추모하는 꽃다발이 놓여 있다./김범준 기자",
        ] {
            assert!(is_caption(c), "{c}");
        }
        for s in [
            "The ferry ran aground off Hareid [on Sunday].",
            "Police said 12 people were hurt (two of them seriously).",
            "Photos of the wreck were published on Monday.",
            "The agency (AP) and Reuters said the ship and/or its crew were safe.",
        ] {
            assert!(!is_caption(s), "{s}");
        }
    }

    #[test]
    fn bylines_and_pointers_are_furniture() {
        for f in [
            "By Jane Doe",
            "By Kim Min-young, Seoul",
            "撰文：李秀坤 張子傑",
            "记者 张三",
            "延伸閱讀:尹錫悅逮捕令",
            "Related: Ferry runs aground off Hareid",
            "Read more: What we know about the crash",
            "관련기사 이태원 참사 1주기",
            "関連記事：能登半島地震",
            "點擊閱讀下一則新聞 點擊閱讀下一則新聞",
            "Lesen Sie auch: Staudamm zerstört",
        ] {
            assert!(is_furniture(f), "{f}");
        }
        for s in [
            "By Tuesday, the toll had risen to 72.",
            "By then, rescuers had reached the village.",
            "Related deaths were reported in Wajima.",
            "记者从应急管理部获悉，死亡人数升至72人。",
            "The ferry ran aground off Hareid.",
        ] {
            assert!(!is_furniture(s), "{s}");
        }
    }

    #[test]
    fn byline_domains() {
        assert_eq!(
            org_label("kim.minyoung5@joongang.co.kr").as_deref(),
            Some("joongang")
        );
        assert!(!matches_publisher("joongang", "Korea Daily Digital"));
        assert!(matches_publisher("coastlinedaily", "Coastline Daily"));
        assert!(!matches_publisher("npa-wire", "Harbor Times"));
    }

    /// Found by the fuzzer: headlines whose words are mostly punctuation,
    /// and non-ASCII domain labels.
    #[test]
    fn odd_headlines_and_labels_do_not_panic() {
        assert!(!has_stuffing("a b c", "— — a b"));
        assert!(!matches_publisher("éditions", "Quay Gazette"));
        assert!(matches_publisher("écho", "Écho du Port"));
    }

    #[test]
    fn disclosures() {
        assert!(is_disclosure("This article was originally written in Korean and translated by a bilingual reporter with the help of generative AI tools."));
        assert!(is_disclosure(
            "This article was translated from Norwegian with the help of machine translation."
        ));
        assert!(!is_disclosure(
            "The letter was translated into English by the group."
        ));
    }
}
