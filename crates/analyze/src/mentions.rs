//! People, organisations and places, found by capitalisation and cues.
//!
//! A run of capitalised words is a candidate name. It is a place when the
//! gazetteer knows it or a cue says so ("near X", "island of X"), an
//! organisation when it ends in an organisation word or is an acronym, and a
//! person when a title, an age, "surnamed", an appositive role or a speech
//! verb marks it, or when it is a two- or three-word name. Later short
//! mentions ("Solberg", "Ri") merge with the full name that ends (or, for
//! Korean names, starts) with them.

use crate::words::{is_stopword, tokens};
use crate::Part;
use crosscheck_model::{gazetteer, EntityKind, Mention};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const TITLES: &[&str] = &[
    "President",
    "Prime",
    "Minister",
    "Rep.",
    "Rep",
    "Sen.",
    "Senator",
    "Gov.",
    "Governor",
    "Mayor",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
    "Gen.",
    "General",
    "Col.",
    "Lt.",
    "Sgt.",
    "Capt.",
    "Captain",
    "Councillor",
    "Councilor",
    "Chancellor",
    "King",
    "Queen",
    "Pope",
    "Judge",
    "Justice",
    "Ambassador",
    "Secretary",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Director",
    "Commander",
    "Premier",
    "Deputy",
    "Foreign",
    "Defence",
    "Defense",
    "Transport",
    "Interior",
    "Finance",
    "Health",
    "Unification",
    "Leader",
    "Speaker",
    "Sheriff",
    "Inspector",
    "Officer",
    "Chief",
];
const ORG_WORDS: &[&str] = &[
    "Party",
    "Solidarity",
    "Agency",
    "Authority",
    "Ministry",
    "Council",
    "Centre",
    "Center",
    "Company",
    "Ferries",
    "Group",
    "Press",
    "News",
    "Times",
    "Post",
    "Daily",
    "Court",
    "Army",
    "Forces",
    "Police",
    "Office",
    "Bank",
    "University",
    "Institute",
    "Association",
    "Union",
    "Committee",
    "Commission",
    "Organization",
    "Organisation",
    "Service",
    "Department",
    "Corporation",
    "Inc",
    "Inc.",
    "Ltd",
    "Airlines",
    "Command",
    "Coalition",
    "Network",
    "Foundation",
    "Fund",
    "Front",
    "Ledger",
    "Courier",
    "Guard",
    "Navy",
    "Parliament",
    "Assembly",
    "Government",
    "Board",
    "Bureau",
    "Club",
    "Church",
    "Herald",
    "Tribune",
    "Journal",
    "Gazette",
    "Post",
    "Echo",
    "Kurer",
    "Wire",
    "Broadcasting",
    "Television",
    "Radio",
    "Federation",
    "League",
    "Alliance",
    "Movement",
    "Council",
    "Cabinet",
    "Museum",
    "School",
    "College",
    "Hospital",
    "Airport",
    "Railways",
    "Lines",
    "Media",
    "Institute",
];
const KNOWN_ORGS: &[&str] = &[
    "Yonhap",
    "Reuters",
    "AFP",
    "AP",
    "BBC",
    "CNN",
    "MBC",
    "KBS",
    "SBS",
    "NATO",
    "UN",
    "EU",
    "Kremlin",
    "Pentagon",
    "Interfax",
    "TASS",
    "Ukrinform",
    "Xinhua",
    "Bloomberg",
];
/// Adjectives of nationality: capitalised, but not names.
const VEHICLE_PREFIXES: &[&str] = &[
    "MV", "MS", "SS", "HMS", "USS", "RV", "Ferry", "Flight", "Vessel", "Ship", "Tanker",
];
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
];
/// Capitalised tokens that are never names.
const NOT_NAMES: &[&str] = &[
    "AI", "TV", "CEO", "GDP", "PM", "AM", "POW", "POWs", "ID", "OK", "PR",
];
const DEMONYM_ENDINGS: &[&str] = &["ian", "ean", "ese", "ish", "ch", "ic"];
const PLACE_CUES: &[&str] = &[
    "near",
    "in",
    "at",
    "from",
    "to",
    "island of",
    "town of",
    "city of",
    "village of",
    "region of",
    "outside",
    "off",
];
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "echoed",
    "stated",
    "explained",
    "noted",
    "asked",
    "warned",
    "insisted",
    "recalled",
    "replied",
    "continued",
    "described",
];

static SURNAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?P<age>\d{1,3})-year-old\s+)?(?:\w+\s+)?surnamed\s+(?P<name>\p{Lu}[\p{L}'’\-]+)",
    )
    .expect("static regex")
});
static AGE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3})-year-old\s+(?:\w+\s+){0,2}$").expect("static regex"));
static AGE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,\s*(\d{1,3}),").expect("static regex"));
static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s*(?P<role>(?:an?|the)\s+[^,]{3,80}|(?:head|chief|leader|director|spokesman|spokeswoman|spokesperson|member|founder|chair|president|duty coordinator|coordinator|minister|mayor|editor|producer|councillor)\b[^,]{0,80})[,.]").expect("static regex")
});

#[derive(Debug, Clone)]
pub struct Found {
    pub range: Range<usize>,
    pub kind: EntityKind,
    pub entity: String,
    pub title: Option<String>,
    pub age: Option<u32>,
    pub role: Option<String>,
}

impl Found {
    pub fn into_model(self, part: &Part) -> Mention {
        Mention {
            text: part.text[self.range.clone()].to_string(),
            kind: self.kind,
            entity: self.entity,
            title: self.title,
            age: self.age,
            role: self.role,
            span: part.span(self.range.start, self.range.end),
        }
    }
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_demonym(w: &str) -> bool {
    // Month and day names are capitalised but are times, not names.
    if crosscheck_model::calendar::is_calendar_word(w) {
        return true;
    }
    matches!(w, "North" | "South" | "East" | "West")
        || (DEMONYM_ENDINGS.iter().any(|e| w.ends_with(e))
            && gazetteer::place(w).is_none()
            && w.len() > 4
            && !KNOWN_ORGS.contains(&w)
            && w.chars().skip(1).any(|c| c.is_lowercase()))
}

/// Finds mentions in a part, sentence by sentence, and merges variants.
pub fn find(text: &str, sentences: &[Range<usize>]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for s in sentences {
        let sent = &text[s.clone()];
        // "a 27-year-old surnamed Ri": a person known by surname only.
        for c in SURNAMED.captures_iter(sent) {
            let m = c.name("name").map(|m| m.range()).unwrap_or_default();
            out.push(Found {
                range: s.start + m.start..s.start + m.end,
                kind: EntityKind::Person,
                entity: c["name"].to_string(),
                title: None,
                age: c.name("age").and_then(|a| a.as_str().parse().ok()),
                role: None,
            });
        }
        let toks = tokens(sent);
        let mut i = 0;
        while i < toks.len() {
            let w = &sent[toks[i].0..toks[i].1];
            if !capitalised(w) || (i == 0 && is_stopword(w)) || is_stopword(w) && w.len() < 4 {
                i += 1;
                continue;
            }
            // Extend the run over capitalised words, and "of"/"for"/"and"
            // between capitalised words ("Joint Rescue Coordination Centre").
            let possessive = |w: &str| w.ends_with("’s") || w.ends_with("'s");
            let mut j = i + 1;
            // "Russia’s Kursk region": a possessive ends the name.
            while j < toks.len() && !possessive(&sent[toks[j - 1].0..toks[j - 1].1]) {
                let gap = &sent[toks[j - 1].1..toks[j].0];
                if !(gap == " " || gap == ". " || gap == "-") {
                    break;
                }
                let nw = &sent[toks[j].0..toks[j].1];
                if capitalised(nw) {
                    j += 1;
                } else if matches!(nw, "of" | "for" | "de" | "von" | "van")
                    && toks
                        .get(j + 1)
                        .is_some_and(|t| capitalised(&sent[t.0..t.1]))
                    && !PLACE_CUES.contains(&sent[toks[i].0..toks[j - 1].1].to_lowercase().as_str())
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let start = toks[i].0;
            let mut end = toks[j - 1].1;
            let last_word = &sent[toks[j - 1].0..end];
            if possessive(last_word) {
                end -= if last_word.ends_with("’s") {
                    "’s".len()
                } else {
                    2
                };
            }
            let mut words: Vec<&str> = toks[i..j].iter().map(|t| &sent[t.0..t.1]).collect();
            if let Some(w) = words.last_mut() {
                *w = w.trim_end_matches("’s").trim_end_matches("'s");
            }
            // Drop leading demonyms, numbers and function words ("Two North
            // Korean soldiers", "Ukrainian President …"), then peel titles off
            // the front ("Transport Minister Jon Aas").
            let mut name_start = start;
            let mut k = 0;
            while k + 1 < words.len()
                && gazetteer::place(&sent[toks[i + k].0..end]).is_none()
                && (is_demonym(words[k])
                    || is_stopword(words[k])
                    || NUMBER_WORDS.contains(&words[k].to_lowercase().as_str()))
            {
                k += 1;
                name_start = toks[i + k].0;
            }
            let mut title_words = Vec::new();
            while k + 1 < words.len() && TITLES.contains(&words[k]) {
                title_words.push(words[k]);
                k += 1;
                name_start = toks[i + k].0;
            }
            words.drain(..k);
            let bracketed = sent[..start].ends_with('[') && sent[end..].starts_with(']');
            if bracketed || (words.len() == 1 && NOT_NAMES.contains(&words[0])) {
                i = j;
                continue;
            }
            let sentence_initial = i == 0;
            i = j;
            let name = sent[name_start..end].to_string();
            if words.is_empty()
                || (words.len() == 1 && (is_demonym(words[0]) || is_stopword(words[0])))
            {
                continue;
            }
            if words.iter().all(|w| is_demonym(w)) {
                continue;
            }
            // Only the words just before the name are cues: lower-casing the
            // whole sentence prefix for every name made this quadratic.
            let mut cut = start.saturating_sub(48);
            while !sent.is_char_boundary(cut) {
                cut += 1;
            }
            let before = sent[cut..start].to_lowercase();
            let after = &sent[end..];
            let kind = classify(
                &name,
                &words,
                &before,
                after,
                !title_words.is_empty(),
                sentence_initial,
                &out,
            );
            let Some(kind) = kind else { continue };
            let title = (!title_words.is_empty()).then(|| title_words.join(" "));
            let age = AGE_BEFORE
                .captures(&sent[..start])
                .or_else(|| AGE_AFTER.captures(after))
                .and_then(|c| c[1].parse().ok())
                .filter(|_| kind == EntityKind::Person);
            let role = APPOSITIVE
                .captures(after)
                .map(|c| c["role"].trim().to_string())
                .filter(|_| kind == EntityKind::Person)
                .or_else(|| {
                    lower_role_before(&sent[..start]).filter(|_| kind == EntityKind::Person)
                });
            let entity = canonical(&name, kind, &out);
            out.push(Found {
                range: s.start + name_start..s.start + end,
                kind,
                entity,
                title,
                age,
                role,
            });
        }
    }
    out.sort_by_key(|f| (f.range.start, f.range.end));
    out.dedup_by(|a, b| a.range == b.range);
    out
}

/// "North Korean leader" before a name → "leader".
fn lower_role_before(before: &str) -> Option<String> {
    let last = before.split_whitespace().last()?;
    let roles = [
        "leader",
        "producer",
        "lawmaker",
        "activist",
        "spokesman",
        "spokeswoman",
        "official",
        "coordinator",
        "councillor",
        "passenger",
        "captain",
        "reporter",
        "journalist",
        "minister",
        "president",
        "head",
    ];
    roles.contains(&last).then(|| last.to_string())
}

fn classify(
    name: &str,
    words: &[&str],
    before: &str,
    after: &str,
    titled: bool,
    sentence_initial: bool,
    prior: &[Found],
) -> Option<EntityKind> {
    if titled {
        return Some(EntityKind::Person);
    }
    // Vessels and flights: "MV Aurora Lind", "Ferry Aurora Lind".
    if words.len() >= 2 && VEHICLE_PREFIXES.contains(&words[0]) {
        return Some(EntityKind::Other);
    }
    if gazetteer::place(name).is_some() {
        return Some(EntityKind::Place);
    }
    let last = words[words.len() - 1];
    if ORG_WORDS.contains(&last) || KNOWN_ORGS.contains(&name) {
        return Some(EntityKind::Organization);
    }
    if words.len() == 1
        && last.len() >= 2
        && last.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return Some(EntityKind::Organization);
    }
    if words.len() == 2 && words[1].chars().all(|c| c.is_uppercase()) && words[1].len() >= 2 {
        // "Daily NK"
        return Some(EntityKind::Organization);
    }
    let before_trim = before.trim_end();
    if PLACE_CUES
        .iter()
        .any(|c| before_trim.ends_with(&format!(" {c}")) || before_trim == *c)
        && words.len() <= 2
        && !prior
            .iter()
            .any(|p| p.kind == EntityKind::Person && p.entity.split(' ').any(|w| w == last))
        && (before_trim.ends_with("of") || before_trim.ends_with("near") || words.len() == 1)
    {
        return Some(EntityKind::Place);
    }
    if let Some(p) = prior.iter().rev().find(|p| {
        p.entity == name || ends_with_word(&p.entity, name) || starts_with_word(&p.entity, name)
    }) {
        return Some(p.kind);
    }
    let speech_after = after
        .trim_start_matches([',', ' '])
        .split_whitespace()
        .next()
        .is_some_and(|w| SPEECH.contains(&w.trim_end_matches([',', ':', '.'])));
    let appositive = APPOSITIVE.is_match(after);
    if (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().skip(1).any(|c| c.is_lowercase()) || w.contains('-'))
    {
        return Some(EntityKind::Person);
    }
    // A lone capitalised plural opening a sentence ("Sources told …",
    // "Officials said …") is a common noun, not a name; "Ri said …" is a name.
    let plural_noun =
        sentence_initial && words.len() == 1 && last.len() >= 5 && last.ends_with('s');
    if (speech_after || appositive) && !plural_noun && last != "Police" {
        return Some(EntityKind::Person);
    }
    None
}

/// The name this mention is merged under: an earlier, longer name of the
/// same kind that ends with it (Western order) or starts with it (Korean
/// order, "Yu" for "Yu Yong-weon").
/// Whether `whole` ends with the word(s) `part` ("Jon Aas" and "Aas"),
/// without building the string " Aas" for every comparison.
fn ends_with_word(whole: &str, part: &str) -> bool {
    whole.len() > part.len()
        && whole.ends_with(part)
        && whole.as_bytes()[whole.len() - part.len() - 1] == b' '
}

/// Whether `whole` starts with the word(s) `part`.
fn starts_with_word(whole: &str, part: &str) -> bool {
    whole.len() > part.len() && whole.starts_with(part) && whole.as_bytes()[part.len()] == b' '
}

fn canonical(name: &str, kind: EntityKind, prior: &[Found]) -> String {
    if kind == EntityKind::Place {
        return gazetteer::place(name).unwrap_or(name).to_string();
    }
    let name = &name.replace('’', "'");
    if name.contains(' ') {
        return name.to_string();
    }
    prior
        .iter()
        .rev()
        .find(|p| {
            p.kind == kind
                && p.entity != *name
                && (ends_with_word(&p.entity, name)
                    || (starts_with_word(&p.entity, name)
                        && (p.entity.contains('-') || p.entity.split(' ').count() >= 3)))
        })
        .map(|p| p.entity.clone())
        .unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(text: &str) -> Vec<(String, EntityKind, String)> {
        let sents = crate::sentences::split(text);
        find(text, &sents)
            .into_iter()
            .map(|f| (text[f.range.clone()].to_string(), f.kind, f.entity))
            .collect()
    }

    #[test]
    fn people_places_organisations() {
        let got = ents("Ingrid Solberg, duty coordinator at the Joint Rescue Coordination Centre in Bergen, said the ferry hit rocks. Solberg said Norway would help.");
        assert!(
            got.contains(&(
                "Ingrid Solberg".into(),
                EntityKind::Person,
                "Ingrid Solberg".into()
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "Joint Rescue Coordination Centre".into(),
                EntityKind::Organization,
                "Joint Rescue Coordination Centre".into()
            )),
            "{got:?}"
        );
        assert!(got.contains(&("Bergen".into(), EntityKind::Place, "Bergen".into())));
        assert!(
            got.contains(&(
                "Solberg".into(),
                EntityKind::Person,
                "Ingrid Solberg".into()
            )),
            "{got:?}"
        );
    }

    #[test]
    fn titles_surnames_and_korean_names() {
        let text = "The two, a 27-year-old surnamed Ri and a 22-year-old surnamed Baek, met Rep. Yu Yong-weon of the People Power Party. Yu said Ri spoke first.";
        let sents = crate::sentences::split(text);
        let got = find(text, &sents);
        let ri = got.iter().find(|f| &text[f.range.clone()] == "Ri").unwrap();
        assert_eq!((ri.kind, ri.age), (EntityKind::Person, Some(27)));
        let yu = got
            .iter()
            .find(|f| &text[f.range.clone()] == "Yu Yong-weon")
            .unwrap();
        assert_eq!(yu.title.as_deref(), Some("Rep"));
        let yu2 = got
            .iter()
            .rev()
            .find(|f| &text[f.range.clone()] == "Yu")
            .unwrap();
        assert_eq!(yu2.entity, "Yu Yong-weon");
        assert!(got
            .iter()
            .any(|f| f.entity == "People Power Party" && f.kind == EntityKind::Organization));
    }

    #[test]
    fn vessels_are_not_people() {
        let got = ents(
            "The ferry MV Aurora Lind ran aground. Ferry Aurora Lind runs aground near Bergen.",
        );
        assert!(got.iter().all(|g| g.1 != EntityKind::Person), "{got:?}");
    }

    #[test]
    fn demonyms_are_not_names() {
        let got = ents("North Korean soldiers and Ukrainian forces met Russian troops.");
        assert!(got.is_empty(), "{got:?}");
    }
}
