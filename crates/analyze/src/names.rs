//! Whether two names are one entity: titles dropped, transliteration
//! variants folded (Baek/Paek/Paik, Yu Yong-weon/Yu Yongwon,
//! Zelensky/Zelenskyy/Zelenskiy, Kyiv/Kiev), surname-only and full names,
//! and acronyms against the names they abbreviate.
//!
//! Hand-written because romanisation variants are a closed, documented set
//! (the Korean surname table below; Ukrainian and Russian endings) that no
//! crate carries.

use crosscheck_model::gazetteer;

/// Romanisations of one Korean surname; the first is the key.
const KOREAN_SURNAMES: &[&[&str]] = &[
    &["baek", "paek", "paik", "back", "baik", "pack"],
    &["lee", "yi", "rhee", "ri", "rhie"],
    &["kim", "gim"],
    &["park", "pak", "bak", "bahk"],
    &["choi", "choe", "choy"],
    &["jung", "chung", "jeong", "cheong", "jong"],
    &["kang", "gang"],
    &["cho", "jo", "joh", "choh"],
    &["yoon", "yun"],
    &["jang", "chang"],
    &["lim", "im", "rim", "yim"],
    &["shin", "sin", "shinn"],
    &["seo", "suh", "so"],
    &["kwon", "gwon"],
    &["ahn", "an"],
    &["yu", "yoo", "you"],
    &["ryu", "ryoo", "rhyu"],
    &["jeon", "chun", "jun", "chon"],
    &["ko", "go", "koh"],
    &["moon", "mun"],
    &["son", "sohn"],
    &["bae", "pae"],
    &["heo", "hur", "huh"],
    &["noh", "roh", "no"],
    &["kwak", "gwak"],
    &["sung", "seong"],
    &["joo", "ju", "chu"],
    &["woo", "u"],
    &["oh", "o"],
];

const TITLES: &[&str] = &[
    "rep",
    "sen",
    "gov",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "president",
    "prime",
    "minister",
    "leader",
    "chairman",
    "chair",
    "mayor",
    "secretary",
    "ambassador",
    "judge",
    "justice",
    "king",
    "queen",
    "pope",
    "sir",
    "lord",
    "lady",
    "the",
];

/// Letters of a name part, lower-cased, with spelling variants folded:
/// Korean "eo"/"o" and hyphenated given names, Slavic "-yy"/"-iy"/"-ij"/"-i"
/// and the letters other languages write a Slavic name with (German
/// "Wolodymyr Selenskyj", Polish "Zełenski": w and v, s and z, ł and l).
fn fold_part(part: &str) -> String {
    let letters: Vec<char> = part
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    // Not "zh": Zhang and Shang are two Chinese surnames.
    let mut s: String = letters
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            'w' => 'v',
            'z' if letters.get(i + 1) != Some(&'h') => 's',
            'ł' => 'l',
            c => c,
        })
        .collect();
    for (from, to) in [
        ("eo", "o"),
        ("oo", "u"),
        ("ee", "i"),
        ("kh", "h"),
        ("ou", "u"),
        ("ae", "e"),
        ("ei", "e"),
    ] {
        s = s.replace(from, to);
    }
    for end in ["ey", "ei"] {
        if s.len() > 4 && s.ends_with(end) {
            s.truncate(s.len() - 1);
        }
    }
    for end in ["yy", "iy", "ij", "yj", "yi", "ii", "ji"] {
        if s.len() > 4 && s.ends_with(end) {
            s.truncate(s.len() - end.len());
            s.push('y');
        }
    }
    // "Zelenski", "Zelensky": a Slavic "-ski" ends in i or y by language.
    if s.len() > 5 && s.ends_with("ski") {
        s.pop();
        s.push('y');
    }
    s
}

fn korean_surname(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    KOREAN_SURNAMES
        .iter()
        .find(|g| g.contains(&w.as_str()))
        .map(|g| g[0])
}

/// Name parts without titles; "Yong-weon" is one part.
fn parts(name: &str) -> Vec<String> {
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let is_title = |w: &str| TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str());
    // "Transport Minister Jon Aas": everything up to the last leading title
    // word is the title.
    let skip = words
        .iter()
        .take(words.len().saturating_sub(1))
        .rposition(|w| is_title(w))
        .map(|i| i + 1)
        .unwrap_or(0);
    words[skip..]
        .iter()
        .filter(|w| !is_title(w))
        .map(|w| w.to_string())
        .collect()
}

/// A key under which spelling variants of one name meet.
pub fn key(name: &str) -> String {
    if let Some(p) = gazetteer::place(name) {
        return format!("place:{}", p.to_lowercase());
    }
    let ps = parts(name);
    let korean = ps.len() > 1
        && korean_surname(&ps[0]).is_some()
        && ps[1..]
            .iter()
            .any(|p| p.contains('-') || p.chars().count() <= 7);
    ps.iter()
        .enumerate()
        .map(|(i, p)| match korean_surname(p) {
            // Korean names put the surname first; "Ri" is also a surname when
            // it stands alone.
            Some(k) if i == 0 || ps.len() == 1 => k.to_string(),
            // Korean given names: ŏ and u are written o, u, eo alike
            // (Sun-yup, Sun-yeop; Yong-weon, Yongwon).
            _ if korean => fold_part(p).replace('u', "o"),
            _ => fold_part(p),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `short` is an acronym of `long` ("PPP" of "People Power Party").
pub fn acronym_of(short: &str, long: &str) -> bool {
    let s: String = short.chars().filter(|c| c.is_alphanumeric()).collect();
    if s.len() < 2 || !s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    let small = ["of", "the", "and", "for", "in", "on", "a", "de"];
    let initials: String = long
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !small.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    initials == s
}

/// Whether two mentions name one entity.
pub fn same_entity(a: &str, b: &str) -> bool {
    if acronym_of(a, b) || acronym_of(b, a) {
        return true;
    }
    let (ka, kb) = (key(a), key(b));
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    if ka == kb {
        return true;
    }
    if ka.starts_with("place:") || kb.starts_with("place:") {
        return false;
    }
    // Given names written joined or apart: "yong won" = "yongwon".
    if ka.replace(' ', "") == kb.replace(' ', "") && ka.split(' ').next() == kb.split(' ').next() {
        return true;
    }
    // Family name first or last ("Kishida Fumio", "Fumio Kishida"): two
    // words each, crossed.
    let crossed = |a: &str, b: &str| {
        let (x, y) = (
            a.split(' ').collect::<Vec<_>>(),
            b.split(' ').collect::<Vec<_>>(),
        );
        x.len() == 2 && y.len() == 2 && x[0] == y[1] && x[1] == y[0]
    };
    if crossed(&ka, &kb) {
        return true;
    }
    // A surname alone against a full name: the last word (Western order) or
    // the first (Korean order, where the first word is a known surname).
    let (wa, wb): (Vec<&str>, Vec<&str>) = (ka.split(' ').collect(), kb.split(' ').collect());
    let (one, full) = match (wa.len(), wb.len()) {
        (1, n) if n > 1 => (wa[0], &wb),
        (n, 1) if n > 1 => (wb[0], &wa),
        _ => return false,
    };
    full.last() == Some(&one)
        || (full.first() == Some(&one) && KOREAN_SURNAMES.iter().any(|g| g[0] == one))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_meet_and_different_people_do_not() {
        for (a, b) in [
            ("Baek", "Paek"),
            ("Paik Sun-yup", "Baek Sun-yeop"),
            ("Rep. Yu Yong-weon", "Yu Yongwon"),
            ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
            ("Zelenskiy", "President Volodymyr Zelenskyy"),
            ("Kiev", "Kyiv"),
            ("People Power Party", "PPP"),
            ("Ingrid Solberg", "Solberg"),
            ("Yu", "Yu Yong-weon"),
            ("Volodymyr Zelensky", "Wolodymyr Selenskyj"),
            ("Zelensky", "Zełenski"),
            ("Kishida Fumio", "Fumio Kishida"),
        ] {
            assert!(same_entity(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("Kim Jong Un", "Kim Young-mi"),
            ("Ri", "Baek"),
            ("Kyiv", "Kursk"),
            ("Jang Se-yul", "Jang Gu-seul"),
            ("Kim Jong Un", "Kim Yo Jong"),
            ("Zhang Wei", "Shang Wei"),
        ] {
            assert!(!same_entity(a, b), "{a} / {b}");
        }
    }
}
