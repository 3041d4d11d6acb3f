//! Readings: the words Chinese, Japanese and Korean share, keyed alike.
//!
//! Takes a word in any script; gives keys that a Chinese, a Japanese and a
//! Korean text share when they use the same Sino-xenic word, however each
//! writes it: "戒严" (Chinese), "戒厳" (Japanese) and "계엄" (Korean, martial
//! law) all give the key 계엄; "济州航空", "済州航空" and "제주항공" (Jeju
//! Air) give 제주, 주항, 항공. A key is two neighbouring syllables: the
//! Korean reading of two neighbouring Han characters, or two neighbouring
//! Hangul syllables, the usual two-character index terms of a script
//! without word boundaries. Linking compares them across languages where
//! the words themselves differ.
//!
//! The data (`data/readings.tsv.gz`, built by `data/make.py`) is the Korean
//! reading (Unihan `kHangul`) of 12,067 characters; simplified Chinese and
//! Japanese forms take the reading of their traditional form (Unihan's
//! variants and OpenCC's tables). Korean writes some readings two ways by
//! position ("리" in 梨泰院 is "이" at the start of 이태원), so a key folds
//! an initial ㄹ to ㄴ, and an initial ㄴ before i or y to ㅇ, in both.
//! Written here: no kept crate maps Han characters to Hangul readings.

use flate2::read::GzDecoder;
use rustc_hash::FxHashMap;
use std::io::Read;
use std::sync::OnceLock;

/// Two neighbouring syllables, folded ([`fold`]).
pub type Key = [char; 2];

static TABLE: &[u8] = include_bytes!("../data/readings.tsv.gz");

fn table() -> &'static FxHashMap<char, char> {
    static READINGS: OnceLock<FxHashMap<char, char>> = OnceLock::new();
    READINGS.get_or_init(|| {
        let mut text = String::new();
        // The table is part of the binary: it can only fail to read if the
        // build shipped a broken file, which the tests catch.
        if GzDecoder::new(TABLE).read_to_string(&mut text).is_err() {
            return FxHashMap::default();
        }
        text.lines()
            .filter_map(|line| {
                let mut chars = line.chars();
                let han = chars.next()?;
                let reading = chars.nth(1)?;
                Some((han, reading))
            })
            .collect()
    })
}

/// The Korean reading of a Han character, as a Hangul syllable.
pub fn reading(c: char) -> Option<char> {
    table().get(&c).copied()
}

const SYLLABLES: u32 = 0xAC00;
const SYLLABLE_COUNT: u32 = 11_172;
/// Syllables per initial consonant (21 vowels × 28 finals).
const PER_INITIAL: u32 = 588;
const RIEUL: u32 = 5;
const NIEUN: u32 = 2;
const IEUNG: u32 = 11;
/// Vowels ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ: before them an initial ㄴ is dropped at the
/// start of a word.
const I_AND_Y: [u32; 7] = [2, 3, 6, 7, 12, 17, 20];

fn is_syllable(c: char) -> bool {
    (SYLLABLES..SYLLABLES + SYLLABLE_COUNT).contains(&(c as u32))
}

/// A syllable as keys compare it: an initial ㄹ read as ㄴ, and an initial
/// ㄴ before i or y as none (ㅇ), wherever it stands ("리" and "이", "력"
/// and "역", "라" and "나" are one).
pub fn fold(c: char) -> char {
    if !is_syllable(c) {
        return c;
    }
    let s = c as u32 - SYLLABLES;
    let (mut initial, rest) = (s / PER_INITIAL, s % PER_INITIAL);
    let vowel = rest / 28;
    if initial == RIEUL {
        initial = NIEUN;
    }
    if initial == NIEUN && I_AND_Y.contains(&vowel) {
        initial = IEUNG;
    }
    char::from_u32(SYLLABLES + initial * PER_INITIAL + rest).unwrap_or(c)
}

/// Syllables that are the reading of some Han character (folded): the
/// sounds of Sino-Korean words. Korean endings and particles ("했", "있",
/// "는", "를") are not among them.
fn readable() -> &'static rustc_hash::FxHashSet<char> {
    static SYLLABLES: OnceLock<rustc_hash::FxHashSet<char>> = OnceLock::new();
    SYLLABLES.get_or_init(|| table().values().map(|&r| fold(r)).collect())
}

/// The syllable a character reads as, folded: a Hangul syllable that is a
/// Sino-Korean sound, or the reading of a Han character.
fn syllable(c: char) -> Option<char> {
    if is_syllable(c) {
        Some(fold(c)).filter(|s| readable().contains(s))
    } else {
        reading(c).map(fold)
    }
}

/// The keys of a word: every two neighbouring characters that both read as
/// Sino-Korean syllables (Hangul of those sounds, or Han with a known
/// reading). Kana, Latin, digits and other Hangul end a run: "能登半島地震で"
/// gives the keys of 能登半島地震, "발생했다" only 발생.
pub fn keys(word: &str) -> Vec<Key> {
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    for c in word.chars() {
        let now = syllable(c);
        if let (Some(a), Some(b)) = (previous, now) {
            out.push([a, b]);
        }
        previous = now;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        let k = keys(s);
        assert_eq!(k.len(), 1, "{s}: {k:?}");
        k[0]
    }

    #[test]
    fn the_table_reads() {
        assert!(table().len() > 12_000, "{}", table().len());
        assert_eq!(reading('漢'), Some('한'));
        assert_eq!(reading('a'), None);
        assert_eq!(reading('の'), None);
    }

    #[test]
    fn chinese_japanese_and_korean_forms_of_one_word_meet() {
        // Traditional, simplified, Japanese shinjitai, Hangul.
        let martial_law = ["戒嚴", "戒严", "戒厳", "계엄"].map(key);
        assert!(martial_law.iter().all(|k| *k == martial_law[0]));
        let jeju_air = keys("济州航空");
        assert_eq!(keys("済州航空"), jeju_air);
        assert_eq!(keys("제주항공"), jeju_air);
        assert_eq!(key("発生"), key("발생"));
    }

    #[test]
    fn initial_sounds_fold() {
        // 梨泰院 reads 리태원; Korean writes 이태원 at the start of a word.
        assert_eq!(keys("梨泰院"), keys("이태원"));
        assert_eq!(fold('력'), '역');
        assert_eq!(fold('라'), '나');
        assert_eq!(fold('녀'), '여');
        assert_eq!(fold('나'), '나');
        assert_eq!(fold('x'), 'x');
    }

    #[test]
    fn korean_endings_are_not_keys() {
        assert_eq!(keys("발생했다"), keys("發生"));
        assert!(keys("했다").is_empty());
        assert!(keys("있는").is_empty());
    }

    #[test]
    fn kana_latin_and_digits_end_a_run() {
        assert_eq!(keys("能登半島地震で").len(), 5);
        assert_eq!(keys("地震で地震").len(), 2);
        assert!(keys("Boeing 737").is_empty());
        assert!(keys("震").is_empty(), "one character is no key");
    }
}
