//! Sentence splitting for news prose in Latin, Cyrillic and Hangul scripts.
//!
//! Written by hand because the Unicode sentence rules (UAX #29) split after
//! "Rep." and "Dec." and inside "U.S.", which news text is full of; here a
//! full stop ends a sentence only when the next word could start one and the
//! word before it is not a known abbreviation or an initial.

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "rep", "sen", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "st", "jr", "sr", "rev", "hon", "pres", "no", "nos", "vs", "etc", "inc",
    "co", "corp", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s",
    "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "est", "dept", "univ", "ave", "blvd", "mt",
    "ft", // German, French, Spanish, Italian, Russian, Ukrainian
    "nr", "bzw", "ca", "usw", "vgl", "str", "mio", "mrd", "inkl", "evtl", "ggf", "u.a", "d.h",
    "z.b", "mme", "mlle", "env", "sra", "srta", "núm", "pág", "dott", "sig", "г", "гг", "т.е",
    "т.д", "т.п", "тыс", "млн", "млрд", "руб", "ул", "им", "проф", "тис", "грн", "вул",
];

/// Byte ranges of the sentences in `text`, trimmed of surrounding space.
/// Paragraph breaks (blank lines or single newlines) always end a sentence.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c == '\n' {
            push(text, start, b, &mut out);
            start = b + 1;
        } else if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            // Swallow closing quotes and brackets after the stop.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '」' | '』'
                )
            {
                j += 1;
            }
            let end = chars.get(j).map(|&(b, _)| b).unwrap_or(text.len());
            let next_is_space = chars.get(j).is_none_or(|&(_, n)| n.is_whitespace());
            let cjk = matches!(c, '。' | '！' | '？');
            if (next_is_space || cjk) && ends_sentence(text, &chars, i, j) {
                push(text, start, end, &mut out);
                start = end;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(start + lead..start + lead + trimmed.len());
    }
}

fn ends_sentence(text: &str, chars: &[(usize, char)], stop: usize, after: usize) -> bool {
    // What comes next: the first non-space character.
    let next = chars[after..]
        .iter()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace());
    let Some(next) = next else { return true };
    if next.is_lowercase() || matches!(next, ',' | ';' | ':' | ')') {
        return false;
    }
    if chars[stop].1 != '.' {
        return true;
    }
    // The word the full stop ends.
    let word_start = chars[..stop]
        .iter()
        .rposition(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '['))
        .map(|p| p + 1)
        .unwrap_or(0);
    let word = &text[chars[word_start].0.min(chars[stop].0)..chars[stop].0];
    let lw = word.to_lowercase();
    if ABBREVIATIONS.contains(&lw.as_str()) {
        // "a.m." and "p.m." end a sentence when a capital follows a clause
        // that could be complete; keep them joined, the rarer error.
        return false;
    }
    // A single initial: "J. Smith", and the "z." of "z. B." (Latin,
    // Greek and Cyrillic letters; a Hangul syllable is a word).
    let mut wc = word.chars();
    if let (Some(c), None) = (wc.next(), wc.next()) {
        if c.is_alphabetic() && (c as u32) < 0x0530 {
            return false;
        }
    }
    // An ordinal before a month, as German and others write dates: "am 19.
    // Februar", "le 1. März".
    if !word.is_empty() && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit()) {
        let following: String = chars[after..]
            .iter()
            .map(|&(_, c)| c)
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphabetic())
            .collect();
        if crosscheck_model::calendar::month_of_name(&following).is_some() {
            return false;
        }
    }
    // Dotted acronyms "U.S.", "N.K.".
    if word.len() <= 6 && word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.')
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn abbreviations_and_quotes() {
        assert_eq!(
            s("He met Rep. Yu Yong-weon on Dec. 24. “I want to go,” he said. Then he left!"),
            vec![
                "He met Rep. Yu Yong-weon on Dec. 24.",
                "“I want to go,” he said.",
                "Then he left!"
            ]
        );
        assert_eq!(
            s("“It is over.” She left.\nNew paragraph"),
            vec!["“It is over.”", "She left.", "New paragraph"]
        );
        assert_eq!(
            s("The U.S. Army said so. J. Smith agreed."),
            vec!["The U.S. Army said so.", "J. Smith agreed."]
        );
    }

    #[test]
    fn ordinal_dates_and_abbreviations_in_other_languages() {
        assert_eq!(
            s("Die Fähre sank am 19. Februar vor Hareid. Laut Polizei wurden z. B. Kinder gerettet. Sie kam aus Nr. 5. Dann kam der Sturm."),
            vec![
                "Die Fähre sank am 19. Februar vor Hareid.",
                "Laut Polizei wurden z. B. Kinder gerettet.",
                "Sie kam aus Nr. 5.",
                "Dann kam der Sturm."
            ]
        );
        // A number ending a sentence before one that starts with a
        // capital still ends it.
        assert_eq!(
            s("Die Zahl der Toten stieg auf 19. Retter suchten weiter."),
            vec!["Die Zahl der Toten stieg auf 19.", "Retter suchten weiter."]
        );
        assert_eq!(
            s("Около 2 тыс. домов затоплены. Уровень воды растёт."),
            vec!["Около 2 тыс. домов затоплены.", "Уровень воды растёт."]
        );
    }

    #[test]
    fn korean_and_cyrillic() {
        assert_eq!(
            s("북한군 포로 두 명이 귀순 의사를 밝혔다. 편지는 12월에 전달됐다."),
            vec![
                "북한군 포로 두 명이 귀순 의사를 밝혔다.",
                "편지는 12월에 전달됐다."
            ]
        );
        assert_eq!(
            s("Полонені написали листа. «Ми хочемо до Кореї», — написали вони."),
            vec![
                "Полонені написали листа.",
                "«Ми хочемо до Кореї», — написали вони."
            ]
        );
    }
}
