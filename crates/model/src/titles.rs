//! A story's title, chosen the same way wherever a story is shown (the
//! report, the archive's list, the desk).
//!
//! The title is the headline of one of its articles: among those in the
//! reader's language when there are any (else among all), the one that
//! shares the most words with the others, the headline that says what most
//! of the coverage says. The shortest or the first headline is often a
//! section name, a byline ("記者林兪彤/綜合外電報導") or a related story.
//! A headline of fewer than three words or more than 30 counts only when
//! no other exists.

/// The reader's language: `CROSSCHECK_LANG` (an ISO 639-1 code), else the
/// language of the `LANG` locale ("de_DE.UTF-8" → "de"), else English (the
/// language crosscheck itself speaks).
pub fn reader_language() -> String {
    let from = |var: &str| {
        let v = std::env::var(var).ok()?;
        let code: String = v.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        (code.len() == 2 && !v.starts_with("C.") && v != "C" && v != "POSIX")
            .then(|| code.to_ascii_lowercase())
    };
    from("CROSSCHECK_LANG")
        .or_else(|| from("LANG"))
        .unwrap_or_else(|| "en".into())
}

/// What stands for a title where no article has one: the opening words of
/// a text (about 70 characters, to a word's end) and "…", so a story of
/// scraped excerpts reads as something rather than "(untitled)".
pub fn opening(text: &str) -> Option<String> {
    let first = text.split("\n").map(str::trim).find(|l| !l.is_empty())?;
    let chars: Vec<char> = first.chars().collect();
    if chars.len() <= 80 {
        return Some(first.to_string());
    }
    // Cut at a space where there are spaces; scripts without them (Chinese,
    // Japanese) at 70 characters.
    let cut = chars[..70]
        .iter()
        .rposition(|c| c.is_whitespace())
        .filter(|&i| i >= 40)
        .unwrap_or(70);
    let head: String = chars[..cut].iter().collect();
    Some(format!("{} …", head.trim_end_matches([',', ';', ':', ' '])))
}

/// The representative title among `(title, language)` pairs, for a reader
/// of `reader`; None when no title has any text.
pub fn representative(titles: &[(&str, Option<&str>)], reader: &str) -> Option<String> {
    let all: Vec<(&str, Option<&str>)> = titles
        .iter()
        .map(|(t, l)| (t.trim(), *l))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    let theirs: Vec<&str> = all
        .iter()
        .filter(|(_, l)| *l == Some(reader))
        .map(|x| x.0)
        .collect();
    let pool: Vec<&str> = if theirs.is_empty() {
        all.iter().map(|x| x.0).collect()
    } else {
        theirs
    };
    let words: Vec<Vec<String>> = pool.iter().map(|t| title_words(t)).collect();
    let fit = |w: &[String]| (3..=30).contains(&w.len());
    let best = (0..pool.len()).max_by(|&a, &b| {
        let score = |i: usize| {
            let shared: usize = (0..pool.len())
                .filter(|&j| j != i)
                .map(|j| words[i].iter().filter(|w| words[j].contains(w)).count())
                .sum();
            (fit(&words[i]), shared)
        };
        // Ties go to the earlier title.
        score(a).cmp(&score(b)).then(b.cmp(&a))
    })?;
    Some(pool[best].to_string())
}

/// Lower-case words of a title; a run of Han, kana or Hangul gives its
/// two-character pieces (no spaces to split it on).
fn title_words(title: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in title.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = word.chars().collect();
        let caseless = chars.iter().any(|&c| {
            matches!(c as u32, 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF)
        });
        if caseless && chars.len() > 2 {
            out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
        } else if !word.is_empty() {
            out.push(word.to_lowercase());
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_most_of_the_coverage_shares_in_the_readers_language() {
        let titles = [
            ("記者林兪彤/綜合外電報導", Some("zh")),
            ("Jeju Air crash kills 179 at Muan airport", Some("en")),
            ("World", Some("en")),
            ("Plane crash at Muan airport kills 179", Some("en")),
            (
                "South Korea mourns as Jeju Air crash toll rises",
                Some("en"),
            ),
            ("濟州航空班機失事179死", Some("zh")),
        ];
        let t = representative(&titles, "en").unwrap();
        assert_eq!(t, "Jeju Air crash kills 179 at Muan airport");
        // No title in the reader's language: the best of all.
        let t = representative(&titles, "fr").unwrap();
        assert!(t.contains("179"), "{t}");
        assert_eq!(representative(&[(" ", None)], "en"), None);
    }

    #[test]
    fn an_opening_stands_for_a_missing_title() {
        let long = "The dam on the river burst overnight and water poured into the villages below, officials said on Tuesday.";
        assert_eq!(
            super::opening(long).as_deref(),
            Some("The dam on the river burst overnight and water poured into the …")
        );
        assert_eq!(
            super::opening("\n  Short lead.\nNext").as_deref(),
            Some("Short lead.")
        );
        assert_eq!(super::opening("  \n "), None);
    }
}
