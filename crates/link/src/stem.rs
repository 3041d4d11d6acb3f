//! Snowball stemmers for the languages whose words link pages, from the
//! kept `frostem` crate (the one tantivy uses): "Überschwemmungen" and
//! "Überschwemmung", "inondations" and "inondation", "затопления" and
//! "затоплено" count as one term. English keeps the analysis crate's own
//! stem and synonyms (`crosscheck_analyze::words::term`), which the
//! English benchmarks were measured with.

use frostem::{Algorithm, Stemmer};

/// The stemmer for a language (ISO 639-1), if there is one and it is not
/// English.
pub(crate) fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language {
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::new(algorithm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_word_stem_alike() {
        let stem = |l: &str, w: &str| stemmer(l).map(|s| s.stem(w).into_owned());
        assert_eq!(stem("de", "überschwemmungen"), stem("de", "überschwemmung"));
        assert_eq!(stem("fr", "inondations"), stem("fr", "inondation"));
        assert_eq!(stem("es", "inundaciones"), stem("es", "inundación"));
        assert_eq!(stem("ru", "плотины"), stem("ru", "плотина"));
        assert!(stemmer("en").is_none() && stemmer("ko").is_none());
    }
}
