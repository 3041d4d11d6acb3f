//! Places: the world's countries and cities under their names in many
//! languages and scripts, and where a text names them.
//!
//! Takes a text in any language; gives the places it names, each with its
//! GeoNames id, so that "Kursk", "Курске", "クルスク州" and "쿠르스크에서",
//! or "North Korea", "Nordkorea", "북한" and "北朝鮮", are the same place.
//! Linking uses them to join pages of one event told in different
//! languages.
//!
//! The data (`data/places.tsv.gz`, built by `data/make.py`) is every
//! country, with its names in 32 languages from the Unicode CLDR, and every
//! city of 15,000 people or more with its alternate names from GeoNames
//! (CC BY 4.0, <https://www.geonames.org>). A name two places share is the
//! more populous one's. A city abroad is not known by a Hangul, Han or kana
//! name that is mostly a common word there (wordfreq's frequencies, at
//! build time): "위해" ("in order to") had made every Korean page name
//! Weihai, and "라고" (the quoting particle) Largo. Written here rather than taken from a crate: no
//! kept crate ships multilingual place names, and the matching needs rules
//! per script (below) that a generic matcher lacks.
//!
//! How names are found, by script:
//! - Latin, Cyrillic, Greek: runs of up to four words starting with a
//!   capital ("Salt Lake City", "Corea del Sur"); a Cyrillic word also
//!   without up to three letters of case ending ("Курске" → "Курск",
//!   "України" → "Україн(а)").
//! - Hangul: a word, or the word less its particle ("제주에서"), or a name
//!   before a word for a kind of place ("무안공항" → 무안 + 공항).
//! - Han and kana, written without spaces: the longest name at each point
//!   of a run; a katakana name only where katakana do not continue it
//!   ("ソウル" not inside "ソウルフル").

use flate2::read::GzDecoder;
use rustc_hash::FxHashMap;
use std::io::Read;
use std::sync::OnceLock;

/// A country or city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Its GeoNames id.
    pub id: u32,
    /// ISO 3166 code of its country (its own, for a country).
    pub country: String,
    pub population: u64,
    pub kind: Kind,
    /// Its name in English (as GeoNames gives it).
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Country,
    City,
}

/// A place named in a text, at `start..end` (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'a> {
    pub start: usize,
    pub end: usize,
    pub place: &'a Place,
}

/// Names, by script family, of every place.
pub struct Gazetteer {
    places: Vec<Place>,
    /// Names any text may use → index into `places`: cities' names in every
    /// script, countries' English names and their names in Hangul, Han
    /// and kana.
    names: FxHashMap<Box<str>, u32>,
    /// Countries' names in cased scripts, keyed `language` `\x1f` `name`:
    /// one language's country is another's word ("Island" is Iceland in
    /// German).
    local: FxHashMap<Box<str>, u32>,
    /// Cyrillic names by the stems of their words ([`cyrillic_stems`]), the
    /// countries' keyed by language as above.
    stems: FxHashMap<Box<str>, u32>,
}

const DATA: &[u8] = include_bytes!("../data/places.tsv.gz");

/// The gazetteer, read on first use (about 35,000 places).
pub fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::parse(DATA))
}

/// Words Korean writes after a place name inside one word: airport, city,
/// county, district, province, port, station, prefecture, island, state.
const HANGUL_KINDS: [&str; 10] = ["공항", "시", "군", "구", "도", "항", "역", "현", "섬", "주"];
/// Korean particles and endings that follow a name inside a word, longest
/// first ("무안공항에서" → "무안공항"). Written by hand: no kept crate lists
/// them apart from a full morphological analyser's dictionary.
const HANGUL_PARTICLES: [&str; 30] = [
    "에서는",
    "에게서",
    "으로는",
    "에서",
    "에게",
    "으로",
    "까지",
    "부터",
    "에는",
    "에선",
    "에도",
    "라고",
    "이라",
    "와의",
    "과의",
    "로는",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
    "로",
    "만",
    "서",
];

/// A Hangul word less the particle or ending that follows its stem, when
/// a stem of two syllables or more is left.
pub fn without_particles(word: &str) -> &str {
    HANGUL_PARTICLES
        .iter()
        .find_map(|p| word.strip_suffix(p).filter(|s| s.chars().count() >= 2))
        .unwrap_or(word)
}

/// Names this short in a cased script are too often ordinary words.
const MIN_CASED: usize = 4;
const MAX_WORDS: usize = 4;
const MAX_CJK: usize = 10;

impl Gazetteer {
    /// Reads the embedded table. Its format is ours (see `data/make.py`) and
    /// a test reads it whole, so a malformed line is a build defect: it is
    /// skipped rather than failing every run.
    fn parse(gz: &[u8]) -> Gazetteer {
        let mut text = String::new();
        if GzDecoder::new(gz).read_to_string(&mut text).is_err() {
            text.clear();
        }
        let mut g = Gazetteer {
            places: Vec::new(),
            names: FxHashMap::default(),
            local: FxHashMap::default(),
            stems: FxHashMap::default(),
        };
        for line in text.lines() {
            let mut f = line.split('\t');
            let (Some(id), Some(cc), Some(pop), Some(kind), Some(name)) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let (Ok(id), Ok(population)) = (id.parse(), pop.parse()) else {
                continue;
            };
            let index = g.places.len() as u32;
            g.places.push(Place {
                id,
                country: cc.to_string(),
                population,
                kind: if kind == "country" {
                    Kind::Country
                } else {
                    Kind::City
                },
                name: name.to_string(),
            });
            for n in std::iter::once(name).chain(f) {
                g.add(n, index);
            }
        }
        g
    }

    /// Files a name under its place, unless a more populous place (read
    /// earlier) has it. A country's names come as `language=name`.
    fn add(&mut self, entry: &str, index: u32) {
        let (language, name) = match entry.split_once('=') {
            Some((_, n)) if !n.starts_with(|c| family(c) == Some(Family::Cased)) => ("", n),
            Some((l, n)) => (l, n),
            None => ("", entry),
        };
        let key = |name: &str| -> Box<str> {
            if language.is_empty() {
                name.into()
            } else {
                format!("{language}\x1f{name}").into()
            }
        };
        if is_function_word(name) {
            return;
        }
        let map = if language.is_empty() {
            &mut self.names
        } else {
            &mut self.local
        };
        map.entry(key(name)).or_insert(index);
        if name.starts_with(is_cyrillic) {
            if let Some(stems) = cyrillic_stems(name) {
                self.stems.entry(key(&stems)).or_insert(index);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The place of an exact name ("Jeju City", "제주시", "済州市").
    pub fn named(&self, name: &str) -> Option<&Place> {
        self.names.get(name).map(|&i| &self.places[i as usize])
    }

    /// The places a text in `language` (ISO 639-1, when known) names, in
    /// order. Countries' names in Latin, Cyrillic or Greek are matched in
    /// their own language's texts (and in English everywhere).
    pub fn find(&self, text: &str, language: Option<&str>) -> Vec<Found<'_>> {
        let mut out = Vec::new();
        let mut words: Vec<(usize, usize)> = Vec::new();
        for (start, end, family) in runs(text) {
            match family {
                Family::Cased => words.push((start, end)),
                Family::Hangul => {
                    self.cased(text, &mut words, language, &mut out);
                    self.hangul(text, start, end, &mut out);
                }
                Family::Cjk => {
                    self.cased(text, &mut words, language, &mut out);
                    self.cjk(text, start, end, &mut out);
                }
            }
        }
        self.cased(text, &mut words, language, &mut out);
        out.sort_by_key(|f| f.start);
        out
    }

    fn found(&self, start: usize, end: usize, index: u32) -> Found<'_> {
        Found {
            start,
            end,
            place: &self.places[index as usize],
        }
    }

    /// Names among cased words (drained): the longest run of words joined
    /// by single spaces starting at a capitalised word.
    fn cased<'a>(
        &'a self,
        text: &str,
        words: &mut Vec<(usize, usize)>,
        language: Option<&str>,
        out: &mut Vec<Found<'a>>,
    ) {
        let mut i = 0;
        while i < words.len() {
            let (start, _) = words[i];
            if !text[start..].starts_with(char::is_uppercase) {
                i += 1;
                continue;
            }
            // Words i..j are joined by one space each.
            let mut j = i + 1;
            while j < words.len() && j - i < MAX_WORDS && text[words[j - 1].1..words[j].0] == *" " {
                j += 1;
            }
            let hit = (i + 1..=j).rev().find_map(|k| {
                let end = words[k - 1].1;
                let p = self.cased_name(&text[start..end], language)?;
                Some((k, end, p))
            });
            if let Some((k, end, p)) = hit {
                out.push(self.found(start, end, p));
                i = k;
                continue;
            }
            // A hyphenated compound's first part ("Seoul-based").
            let word = &text[start..words[i].1];
            if let Some((head, _)) = word.split_once('-') {
                if let Some(p) = self.cased_name(head, language) {
                    out.push(self.found(start, start + head.len(), p));
                }
            }
            i += 1;
        }
        words.clear();
    }

    /// The place of a name in a cased script, as it stands or (Cyrillic)
    /// by the stems of its words.
    fn cased_name(&self, name: &str, language: Option<&str>) -> Option<u32> {
        if name.chars().count() < MIN_CASED {
            return None;
        }
        let local = |map: &FxHashMap<Box<str>, u32>, key: &str| {
            let l = language.filter(|l| *l != "en")?;
            map.get(format!("{l}\x1f{key}").as_str()).copied()
        };
        if let Some(p) = self
            .names
            .get(name)
            .copied()
            .or_else(|| local(&self.local, name))
        {
            return Some(p);
        }
        if !name.starts_with(is_cyrillic) {
            return None;
        }
        let stems = cyrillic_stems(name)?;
        self.stems
            .get(stems.as_str())
            .copied()
            .or_else(|| local(&self.stems, &stems))
    }

    fn hangul<'a>(&'a self, text: &str, start: usize, end: usize, out: &mut Vec<Found<'a>>) {
        let word = &text[start..end];
        let bare = Some(without_particles(word)).filter(|b| b.len() < word.len());
        for w in std::iter::once(word).chain(bare) {
            if let Some(&p) = self.names.get(w) {
                out.push(self.found(start, start + w.len(), p));
                return;
            }
        }
        // A name, then a kind of place: the longest such name.
        let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(2).collect();
        for &cut in cuts.iter().rev() {
            let rest = &word[cut..];
            if HANGUL_KINDS.iter().any(|k| rest.starts_with(k)) {
                if let Some(&p) = self.names.get(&word[..cut]) {
                    out.push(self.found(start, start + cut, p));
                    return;
                }
            }
        }
    }

    fn cjk<'a>(&'a self, text: &str, start: usize, end: usize, out: &mut Vec<Found<'a>>) {
        let run = &text[start..end];
        let mut at: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
        at.push(run.len());
        let mut i = 0;
        while i + 1 < at.len() {
            let longest = (at.len() - 1 - i).min(MAX_CJK);
            let hit = (2..=longest).rev().find_map(|n| {
                let name = &run[at[i]..at[i + n]];
                let p = *self.names.get(name)?;
                // A katakana name must not run on into more katakana.
                let kana = |c: Option<char>| c.is_some_and(is_katakana);
                let cut_off = name.chars().all(is_katakana)
                    && (kana(run[..at[i]].chars().next_back())
                        || kana(run[at[i + n]..].chars().next()));
                (!cut_off).then_some((n, p))
            });
            match hit {
                Some((n, p)) => {
                    out.push(self.found(start + at[i], start + at[i + n], p));
                    i += n;
                }
                None => i += 1,
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Latin, Cyrillic, Greek: words with capitals.
    Cased,
    Hangul,
    /// Han, hiragana, katakana.
    Cjk,
}

fn family(c: char) -> Option<Family> {
    match c as u32 {
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Some(Family::Hangul),
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => {
            Some(Family::Cjk)
        }
        _ if c.is_alphabetic() => Some(Family::Cased),
        _ => None,
    }
}

/// Runs of one script family. A hyphen between letters stays inside a
/// cased word ("Salon-de-Provence"); an apostrophe ends it ("Kursk's").
fn runs(text: &str) -> Vec<(usize, usize, Family)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Family)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let f = family(c).or_else(|| {
            let joins = c == '-'
                && matches!(current, Some((_, Family::Cased)))
                && chars
                    .peek()
                    .is_some_and(|&(_, n)| family(n) == Some(Family::Cased));
            joins.then_some(Family::Cased)
        });
        match (current, f) {
            (Some((_, a)), Some(b)) if a == b => {}
            (Some((s, a)), f) => {
                out.push((s, i, a));
                current = f.map(|f| (i, f));
            }
            (None, f) => current = f.map(|f| (i, f)),
        }
    }
    if let Some((s, a)) = current {
        out.push((s, text.len(), a));
    }
    out
}

/// Case endings of Russian and Ukrainian nouns and adjectives, longest
/// first: "Курском", "Курську", "Північної Кореї" reduce as "Курск",
/// "Курськ", "Північна Корея" do.
const CYRILLIC_ENDINGS: [&str; 43] = [
    "ого", "ому", "его", "ему", "ой", "ей", "ий", "ый", "ій", "ої", "ою", "ею", "ом", "ем", "ам",
    "ям", "ах", "ях", "ым", "им", "ых", "их", "ів", "ую", "юю", "ая", "яя", "ое", "ее", "ов", "а",
    "я", "у", "ю", "е", "и", "і", "ї", "ы", "о", "ь", "й", "є",
];

/// The stems of a Cyrillic name's words, joined by spaces: each word less
/// one case ending; None when a stem is shorter than four letters (shorter
/// stems are words: "День" is not "Денов").
fn cyrillic_stems(name: &str) -> Option<String> {
    let mut out = String::new();
    for word in name.split(' ') {
        let stem = CYRILLIC_ENDINGS
            .iter()
            .find_map(|e| word.strip_suffix(e))
            .unwrap_or(word);
        if stem.chars().count() < MIN_CASED {
            return None;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(stem);
    }
    Some(out)
}

/// Languages whose function words are never taken for places (GeoNames
/// lists "Selon" as a name of Salon-de-Provence; Stopwords ISO, through the
/// `stop-words` crate, lists it as a French word). Content words are not
/// caught: "위해" ("for") still reads as Weihai in Korean.
const FUNCTION_WORD_LANGUAGES: [&str; 20] = [
    "en", "de", "es", "fr", "it", "nl", "pt", "ru", "uk", "pl", "sl", "cs", "sv", "da", "no", "fi",
    "tr", "ko", "ja", "zh",
];

fn is_function_word(name: &str) -> bool {
    static WORDS: OnceLock<rustc_hash::FxHashSet<String>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        FUNCTION_WORD_LANGUAGES
            .iter()
            .flat_map(|&l| stop_words::get(l).iter())
            .map(|w| w.to_lowercase())
            .collect()
    });
    words.contains(&name.to_lowercase())
}

fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F)
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC | 0x31F0..=0x31FF)
}

#[cfg(test)]
mod tests;
