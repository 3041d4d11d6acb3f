//! Anchors: what a page says that reads the same in any language.
//!
//! Takes a text; gives keys that two pages about one event share whatever
//! their languages: numbers ("179", "１７９人", "179명" all give `n:179`) and
//! names reduced to a consonant skeleton of their Latin spelling
//! (`any_ascii` transliterates Hangul, Cyrillic and Greek, `wana_kana`
//! katakana: "Boeing", "보잉" and "ボーイング" all give `k:bnk`, "Itaewon" and
//! "이태원에서" `k:twn`). The skeleton drops
//! vowels, `h`, `y`, doubled letters, and folds letters that romanisations
//! swap (l/r, b/p/v/f, k/c/g/q, d/t, j/z/s), the way Europe Media Monitor
//! matched names across its languages; a skeleton of fewer than three
//! letters says too little and is left out. Han characters are not keyed:
//! their Latin reading differs by language (Mandarin for Chinese, on and kun
//! readings for Japanese), and Chinese and Japanese pages already share the
//! characters themselves as terms.
//!
//! Places are anchors too, by their GeoNames id ([`places`], from
//! `crosscheck_places`): "Kursk", "Курске", "クルスク" and "쿠르스크" are
//! one id, and "北朝鮮", "북한" and "Nordkorea" another, which no skeleton
//! could give; so are the days a text names (`cluster::add_anchors`).

use crate::script_of;

pub use crosscheck_places::without_particles;

/// GeoNames ids with how often a text names each, sorted by id.
pub type PlaceCounts = Vec<(u32, u32)>;

/// The places texts in `language` (when known) name: cities, then
/// countries.
pub fn places(texts: &[&str], language: Option<&str>) -> (PlaceCounts, PlaceCounts) {
    let (mut cities, mut countries) = (Vec::new(), Vec::new());
    for text in texts {
        for found in crosscheck_places::gazetteer().find(text, language) {
            let list: &mut PlaceCounts = match found.place.kind {
                crosscheck_places::Kind::City => &mut cities,
                crosscheck_places::Kind::Country => &mut countries,
            };
            match list.binary_search_by_key(&found.place.id, |x| x.0) {
                Ok(i) => list[i].1 += 1,
                Err(i) => list.insert(i, (found.place.id, 1)),
            }
        }
    }
    (cities, countries)
}

/// The anchors of a text other than places and days, each as often as it
/// occurs.
pub fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    numbers(text, &mut out);
    for (a, b) in crosscheck_analyze::words::tokens(text) {
        let word = &text[a..b];
        // Japanese runs words together: its names in katakana are the runs
        // of katakana inside the token ("イテウォンで事故が" → "イテウォン").
        let words: Vec<&str> = if word.chars().any(is_katakana_char) {
            katakana_runs(word)
        } else {
            vec![word]
        };
        for w in words {
            if let Some(k) = name_key(w) {
                out.push(format!("k:{k}"));
            }
        }
    }
    out
}

/// The reading keys of a text (`crosscheck_readings`): what a Chinese, a
/// Japanese and a Korean text share when they use the same Sino-xenic
/// words. A Korean word is keyed without its particle ("이태원에서" as
/// 이태원), or its last syllables would pair with the particle's.
pub fn readings(text: &str) -> Vec<crosscheck_readings::Key> {
    let mut out = Vec::new();
    // Han and Hangul are three bytes in UTF-8, led by 0xE3–0xED (kana
    // too); text without such a byte has no readings, and is not
    // tokenised again to find out.
    if !text.bytes().any(|b| (0xE3..=0xED).contains(&b)) {
        return out;
    }
    for (a, b) in crosscheck_analyze::words::tokens(text) {
        let word = &text[a..b];
        if !word
            .chars()
            .any(|c| crate::script_of(c) != crate::Script::Other)
        {
            continue;
        }
        out.extend(crosscheck_readings::keys(without_particles(word)));
    }
    out
}

fn is_katakana_char(c: char) -> bool {
    matches!(c as u32, 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Runs of two or more katakana in a token.
fn katakana_runs(token: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in token.char_indices().chain([(token.len(), ' ')]) {
        match (is_katakana_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if token[s..i].chars().count() >= 2 {
                    out.push(&token[s..i]);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Numbers of two to six digits, in any digit forms, thousands separators
/// removed: counts, ages, flight numbers, years.
fn numbers(text: &str, out: &mut Vec<String>) {
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = digit(c) {
            digits.push(d);
            // "1,500" and "1.500" are one number when three digits follow.
            if let Some(&sep) = chars.peek() {
                if matches!(sep, ',' | '.' | '，') {
                    let rest: String = chars.clone().skip(1).take(4).collect();
                    let next3 = rest.chars().take(3).filter_map(digit).count() == 3;
                    let fourth = rest.chars().nth(3).and_then(digit).is_some();
                    if next3 && !fourth {
                        chars.next();
                    }
                }
            }
            continue;
        }
        flush(&mut digits, out);
    }
    flush(&mut digits, out);
}

fn flush(digits: &mut String, out: &mut Vec<String>) {
    if (2..=6).contains(&digits.len()) {
        out.push(format!("n:{}", digits.trim_start_matches('0')));
    }
    digits.clear();
}

fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// The key of a word that may be a name: a capitalised word in a cased
/// script, a run of katakana, or a Hangul word without its particles.
fn name_key(word: &str) -> Option<String> {
    let first = word.chars().next()?;
    let latin = match script_of(first) {
        crate::Script::Hangul => any_ascii::any_ascii(without_particles(word)),
        // Hepburn, reading small kana with the one before ("ウォ" → "wo"),
        // which a character-by-character transliteration cannot.
        crate::Script::Ideographic if is_katakana(word) => {
            wana_kana::ConvertJapanese::to_romaji(word)
        }
        crate::Script::Other if first.is_uppercase() && word.chars().count() >= 4 => {
            if crosscheck_analyze::words::is_stopword(word) {
                return None;
            }
            any_ascii::any_ascii(word)
        }
        _ => return None,
    };
    let key = skeleton(&latin);
    (key.len() >= 3).then_some(key)
}

fn is_katakana(word: &str) -> bool {
    word.chars().all(is_katakana_char)
}

/// Consonant skeleton of a Latin spelling (see the module doc).
pub fn skeleton(latin: &str) -> String {
    let lower = latin
        .to_ascii_lowercase()
        .replace("ch", "j")
        .replace("sh", "s");
    let mut out = String::new();
    for c in lower.chars() {
        let class = match c {
            'b' | 'p' | 'v' | 'f' => 'b',
            'c' | 'k' | 'g' | 'q' | 'x' => 'k',
            'd' | 't' => 't',
            'l' | 'r' => 'r',
            'j' | 'z' | 's' => 's',
            'm' | 'n' | 'w' => c,
            _ => continue,
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_key_alike_in_latin_hangul_and_katakana() {
        let en = anchors("Crowds packed Itaewon; the Boeing crashed.");
        let ko = anchors("이태원에서 압사 사고가 발생했다. 보잉 여객기가 추락했다.");
        let ja = anchors("ボーイング機が墜落した。");
        for (k, found) in [("k:twn", &ko), ("k:bnk", &ko), ("k:bnk", &ja)] {
            assert!(en.contains(&k.to_string()), "{en:?}");
            assert!(found.contains(&k.to_string()), "{k}: {found:?}");
        }
        // Kana read one by one: "イテウォン" gives "iteuon", whose skeleton
        // is too short to key; a known gap.
        assert!(anchors("イテウォンで").is_empty());
    }

    #[test]
    fn cyrillic_names_key_as_their_latin_spelling() {
        let uk = anchors("Підрив Каховської ГЕС");
        let ru = anchors("у Каховки");
        let en = anchors("the Kakhovka dam");
        assert!(en.contains(&"k:kbk".to_string()), "{en:?}");
        assert!(ru.contains(&"k:kbk".to_string()), "{ru:?}");
        // The adjective keeps its suffix: not every form meets.
        assert!(!uk.is_empty());
    }

    #[test]
    fn numbers_read_the_same_in_any_digits() {
        for t in [
            "179 people",
            "死者は１７９人",
            "179명이 숨졌다",
            "1,500 rescuers",
        ] {
            let a = anchors(t);
            assert!(
                a.contains(&"n:179".to_string()) || a.contains(&"n:1500".to_string()),
                "{t}: {a:?}"
            );
        }
        assert!(anchors("at 7 pm").is_empty(), "one digit says too little");
        assert!(!anchors("1,500").contains(&"n:1".to_string()));
    }

    #[test]
    fn places_are_keyed_by_id_in_every_script() {
        let ids = |t: &str, l: &str| -> Vec<u32> {
            let (cities, countries) = places(&[t], Some(l));
            cities.iter().chain(&countries).map(|p| p.0).collect()
        };
        let en = ids("Fighting near Kursk, North Korea's troops", "en");
        assert_eq!(en.len(), 2, "{en:?}");
        let (cities, countries) = places(&["Бои под Курском и в Курске"], Some("ru"));
        assert_eq!((cities, countries), (vec![(en[0], 2)], vec![]));
        assert_eq!(ids("クルスク州で北朝鮮兵", "ja"), en);
        assert_eq!(ids("쿠르스크에서 북한군", "ko"), en);
    }

    #[test]
    fn function_words_and_short_skeletons_are_not_keys() {
        assert!(anchors("They said that").is_empty());
        assert!(anchors("Noto").is_empty(), "two consonants");
    }
}
