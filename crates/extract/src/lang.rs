//! Language identification from the text itself (whatlang), as ISO 639-1.

pub(crate) fn detect(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && sample.chars().count() > 200 {
        return None;
    }
    Some(iso639_1(info.lang().code()).to_string())
}

/// Normalises an HTML `lang` attribute ("en-US" → "en").
pub(crate) fn normalise_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 || primary.len() == 3).then_some(primary)
}

fn iso639_1(code3: &str) -> &str {
    match code3 {
        "eng" => "en",
        "kor" => "ko",
        "ukr" => "uk",
        "rus" => "ru",
        "jpn" => "ja",
        "cmn" => "zh",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "nld" => "nl",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "hun" => "hu",
        "ron" => "ro",
        "bul" => "bg",
        "srp" => "sr",
        "hrv" => "hr",
        "tur" => "tr",
        "ell" => "el",
        "heb" => "he",
        "ara" => "ar",
        "pes" => "fa",
        "hin" => "hi",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "bel" => "be",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "slv" => "sl",
        "cat" => "ca",
        other => other,
    }
}
