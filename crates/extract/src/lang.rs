//! Language identification from the text itself (whatlang), as ISO 639-1.

pub(crate) fn detect(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    // whatlang calls a guess reliable only well clear of the runner-up;
    // between close languages (Slovenian and Croatian, Dutch and
    // Afrikaans) its guess is still mostly right (a Slovenian page at 0.40,
    // a Dutch one at 0.68), and a page of no language cannot join a story
    // told in others. Below this it is a guess on too little.
    if !info.is_reliable() && info.confidence() < MIN_CONFIDENCE && sample.chars().count() > 200 {
        return None;
    }
    Some(iso639_1(info.lang().code()).to_string())
}

/// The least confidence at which an unreliable guess is taken.
const MIN_CONFIDENCE: f64 = 0.3;

/// Normalises an HTML `lang` attribute ("en-US" → "en").
pub(crate) fn normalise_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 || primary.len() == 3).then_some(primary)
}

/// The ISO 639-1 code of a language whatlang names by its ISO 639-3 code
/// (`isolang`'s table), or that code when the language has no two-letter
/// one. whatlang names two languages by a member of their macrolanguage,
/// which ISO 639-1 codes as the whole: Mandarin ("cmn") is Chinese ("zh"),
/// Iranian Persian ("pes") is Persian ("fa").
fn iso639_1(code3: &str) -> &str {
    match code3 {
        "cmn" => "zh",
        "pes" => "fa",
        _ => isolang::Language::from_639_3(code3)
            .and_then(|l| l.to_639_1())
            .unwrap_or(code3),
    }
}

/// Whether a character is Han, kana or Hangul: scripts that write words
/// without spaces between them (or, in Korean, few).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F // Han
        | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F) // Hangul
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_iso_639_1() {
        for (three, two) in [
            ("eng", "en"),
            ("cmn", "zh"),
            ("guj", "gu"),
            ("slv", "sl"),
            ("nob", "nb"),
            ("pes", "fa"),
            ("ukr", "uk"),
        ] {
            assert_eq!(iso639_1(three), two);
        }
        // A language with no two-letter code keeps its three letters.
        assert_eq!(iso639_1("ceb"), "ceb");
    }

    /// Slovenian is close to Croatian and Serbian: whatlang is right but
    /// not sure, and the page still gets its language.
    #[test]
    fn a_close_language_is_still_named() {
        let text = "Podmornica Titan: obalna straža je potrdila smrt petih potnikov. Na dnu \
                    oceana so bili najdeni deli plovila, ki je implodiralo pri spustu, med \
                    potniki je bil tudi direktor podjetja OceanGate Stockton Rush.";
        let info = whatlang::detect(text).expect("detected");
        assert!(
            !info.is_reliable(),
            "a sure guess tests nothing here: {info:?}"
        );
        assert_eq!(detect(text).as_deref(), Some("sl"));
    }
}
