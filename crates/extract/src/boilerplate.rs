//! Paragraph-level boilerplate cues shared by HTML and plain-text extraction.
//!
//! Each rule names the kind of furniture it removes; the motivating example is
//! in the test beside it.

use regex::Regex;
use std::sync::LazyLock;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("static regex"));
    };
}

re!(
    WEATHER,
    r"(?i)^-?\d{1,3}(?:[.,]\d)?\s*°?\s*[FC]\b\.?$|^-?\d{1,3}(?:[.,]\d)?\s*°\s*[FC]?$"
);
re!(
    ADVERT,
    r"(?i)^[\s\-–—|•*]*(?:advertisement|advertising|advert|sponsored(?: content)?|ad|anzeige|реклама|광고)[\s\-–—|•*]*$"
);
re!(
    DONATION,
    r"(?i)\b(?:your support|support (?:us|our (?:work|journalism|newsroom|team))|support independent|donate|donation|readers like you|become a (?:member|patron|supporter|subscriber)|chip in|make a contribution)\b"
);
re!(
    SHARE,
    r"(?i)^(?:share(?: this(?: article| story)?)?(?: on \w+)?|print|email|tweet|copy link|comments?(?: \(\d+\))?|save|listen to (?:this )?article|\d+ min(?:ute)? read|read more|see also|related(?: (?:stories|articles|news))?|more from [\w ]+|most read|trending|recommended|more on this story|related coverage)\s*:?$"
);
re!(
    TAGS,
    r"(?i)^(?:tags?|topics?|keywords?|filed under|categories?)\s*:"
);
re!(NAV_ITEM, r"^[-–•*·]\s*\S.{0,30}$");
re!(
    BROKEN_IMAGE,
    r"(?i)^[\S]*\.(?:jpe?g|png|gif|webp|svg|avif)\)?\]?$|^!\[[^\]]*\]\([^)]*\)$|^\[?(?:image|photo|img)\]?$"
);
re!(
    NEWSLETTER,
    r"(?i)\b(?:sign up for (?:our|the) newsletter|subscribe to (?:our|the) newsletter|newsletter sign-?up|all rights reserved|cookie(?:s)? (?:policy|settings)|we use cookies|accept (?:all )?cookies|terms of (?:use|service)|privacy policy)\b|^©|^copyright\b"
);
re!(
    CAPTION_CREDIT,
    r"(?:\[(?:[A-Z0-9][A-Z0-9 .,&/'’\-]{1,40}|(?i:photo|image|screen ?capture|screenshot|courtesy|file)[^\]]{0,40})\]|\((?i:photo|image|credit|courtesy|file photo)[^)]{0,60}\)|(?i:photo(?:graph)?|credit|image)\s*(?:by|:)\s*[A-Z][^.]{1,50})\s*$"
);
re!(
    BYLINE,
    r"^(?:BY|By|by)\s+(?P<name>[\p{Lu}][\p{L}.'’\-]*(?:\s+[\p{Lu}][\p{L}.'’\-]*){0,4}(?:\s*(?:,|and|&)\s*[\p{L}.'’\- ]{2,60})?)\s*(?:[\[(<]?(?P<email>[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)[\])>]?)?\s*$"
);
re!(YEAR, r"\b(?:19|20)\d\d\b");
re!(EMAIL, r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+");

re!(
    GALLERY,
    r"(?i)^(?:image|photo|slide|picture) \d+ (?:of|/) \d+$|^(?:caption|close|enlarge this image|expand|hide caption|toggle caption|(?:photo|image|video) credit:?.*|photo: .{1,60}|image: .{1,60})$"
);
re!(
    STAMP,
    r"(?i)(?:^(?:updated|published|posted|last updated|modified)\b.*\b(?:19|20)\d\d\b|\b(?:19|20)\d\d\b.*\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}[:h]\d{2}\b.*\b(?:19|20)\d\d\b)"
);
re!(
    NUMERIC_DATE,
    r"\b(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}[/.]\d{1,2}[/.]\d{4})\b"
);

/// The kind of furniture a standalone paragraph is, or `None` for prose.
pub fn classify(p: &str) -> Option<&'static str> {
    let p = p.trim();
    if p.is_empty() {
        return Some("empty");
    }
    if GALLERY.is_match(p) {
        return Some("caption");
    }
    if p.split_whitespace().count() <= 15 && NUMERIC_DATE.is_match(p) && !p.ends_with('.') {
        return Some("dateline");
    }
    // "Updated 11:21 pm CST, Tuesday, November 19, 2019", "sexta-feira, 22
    // de outubro de 2010 às 20:13": a year and a clock time, nothing else.
    if p.split_whitespace().count() <= 12 && STAMP.is_match(p) && !p.ends_with('.') {
        return Some("dateline");
    }
    if WEATHER.is_match(p) {
        return Some("widget");
    }
    if ADVERT.is_match(p) {
        return Some("advertisement");
    }
    if BROKEN_IMAGE.is_match(p) {
        return Some("broken_image");
    }
    if SHARE.is_match(p) {
        return Some("share");
    }
    if TAGS.is_match(p) {
        return Some("tags");
    }
    let words = p.split_whitespace().count();
    if words <= 40 && DONATION.is_match(p) {
        return Some("donation_appeal");
    }
    if words <= 40 && NEWSLETTER.is_match(p) {
        return Some("footer");
    }
    // "Nordisk Kurer · 2 March 2026": a masthead-and-date line.
    if words <= 8
        && !p.ends_with(['.', '!', '?', '"', '”'])
        && YEAR.is_match(p)
        && p.contains(['·', '|', '•', '—', '–'])
    {
        return Some("dateline");
    }
    if NAV_ITEM.is_match(p) && words <= 4 && !p.ends_with('.') {
        return Some("navigation");
    }
    None
}

/// A caption: a line that ends in a photo credit such as "[YONHAP]",
/// "[SCREEN CAPTURE]", "(Photo: Reuters)" or "Photo by X".
pub fn is_caption(p: &str) -> bool {
    let p = p.trim();
    p.split_whitespace().count() <= 60 && CAPTION_CREDIT.is_match(p) && !p.starts_with(['“', '"'])
}

/// Parses a byline line: "BY JANG GU-SEUL [kim@example.com]" → name, e-mail.
pub fn parse_byline(p: &str) -> Option<(String, Option<String>)> {
    let p = p.trim();
    if p.split_whitespace().count() > 14 {
        return None;
    }
    let c = BYLINE.captures(p)?;
    let name = c["name"].trim().trim_end_matches(',').to_string();
    Some((
        title_case_if_shouting(&name),
        c.name("email").map(|m| m.as_str().to_string()),
    ))
}

/// First e-mail address in a string.
pub fn find_email(s: &str) -> Option<String> {
    EMAIL.find(s).map(|m| m.as_str().to_string())
}

/// "JANG GU-SEUL" → "Jang Gu-seul"; names already in mixed case are kept.
pub fn title_case_if_shouting(name: &str) -> String {
    if name.chars().any(|c| c.is_lowercase()) {
        return name.to_string();
    }
    name.split(' ')
        .map(|w| {
            let mut out = String::new();
            let mut first = true;
            for c in w.chars() {
                if first {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                first = false;
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A key under which two copies of one paragraph compare equal even when one
/// has straight and the other curly quotes, or different spacing.
pub fn dedup_key(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut space = false;
    for c in p.chars() {
        let c = match c {
            '’' | '‘' | '`' | '´' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            '–' | '—' => '-',
            c if c.is_whitespace() => {
                space = true;
                continue;
            }
            c if c.is_ascii() => c.to_ascii_lowercase(),
            c => c.to_lowercase().next().unwrap_or(c),
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_kinds() {
        assert_eq!(classify("61.9 F"), Some("widget"));
        assert_eq!(classify("48°F"), Some("widget"));
        assert_eq!(classify("- Advertisement -"), Some("advertisement"));
        assert_eq!(classify("- Category"), Some("navigation"));
        assert_eq!(classify("- Latest news"), Some("navigation"));
        assert_eq!(
            classify("Every article pushes back against disinformation. Your support keeps our team in the field."),
            Some("donation_appeal")
        );
        assert_eq!(
            classify("-72b63a4e0c8c475ad81fe3eed3f63729.jpeg)"),
            Some("broken_image")
        );
        assert_eq!(classify("Share this article"), Some("share"));
        assert_eq!(classify("Tags: ferry, Norway, accident"), Some("tags"));
        assert_eq!(
            classify("The two said they were sent to Russia in 2024."),
            None
        );
        assert_eq!(classify("- The minister resigned."), None);
    }

    #[test]
    fn captions_and_bylines() {
        assert!(is_caption(
            "Ri, left, and Baek, soldiers captured by Ukrainian forces [SCREEN CAPTURE]"
        ));
        assert!(is_caption("Passengers wait on the quay. [NPA]"));
        assert!(!is_caption(
            "The vessel was carrying 212 passengers and 14 crew."
        ));
        assert_eq!(
            parse_byline("BY JANG GU-SEUL [kim.minyoung5@joongang.co.kr]"),
            Some((
                "Jang Gu-seul".into(),
                Some("kim.minyoung5@joongang.co.kr".into())
            ))
        );
        assert_eq!(
            parse_byline("By Marta Holm"),
            Some(("Marta Holm".into(), None))
        );
        assert_eq!(
            parse_byline("By the time rescuers arrived, the ship had listed."),
            None
        );
    }

    #[test]
    fn duplicate_keys_ignore_quote_style() {
        assert_eq!(
            dedup_key("Gyeore'eol  Unification"),
            dedup_key("Gyeore’eol Unification")
        );
    }
}
