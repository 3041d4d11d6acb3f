//! What a page's address says about it: the outlet's registrable domain,
//! and a publication date written in the path or query.
//!
//! Scraped text often carries nothing but a `URL:` line; the address then
//! is the only place a publisher or date is stated. A date read here is
//! marked `url` so the reader knows it comes from an address, not the page.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// The registrable domain of an address ("www.bbc.co.uk/news" →
/// "bbc.co.uk"), from the public suffix list (the `psl` crate, kept up to
/// date upstream: suffixes such as `co.uk` or `com.au` cannot be guessed).
pub fn domain(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed
        .host_str()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    psl::domain_str(&host).map(str::to_string)
}

/// The first label of a registrable domain ("asahi.com" → "asahi"): what a
/// masthead line spells out ("THE ASAHI SHIMBUN").
pub fn domain_label(domain: &str) -> &str {
    domain.split('.').next().unwrap_or(domain)
}

static PATH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    // /2024/12/29/ or /2022/oct/31/ or /2024-12-29/
    Regex::new(
        r"(?i)/(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2}|[a-z]{3,9})[/-](?P<d>\d{1,2})(?:[/._-]|$)",
    )
    .expect("static regex")
});
static PATH_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    // /magazine/2024/01/ with no day after it.
    Regex::new(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})(?:/|$)").expect("static regex")
});
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    // /20251224/, article-20251224_1234, ?id=20251224001234,
    // ?articleId=202210304400i, /A2022103019060003865: a compact date at
    // the start of a path segment or id (one letter may lead an id), the
    // id's serial number after it.
    Regex::new(
        r"(?:^|[/=_-])[A-Za-z]?(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:\d{0,12})(?:[^0-9]|$)",
    )
    .expect("static regex")
});
static YEAR_MONTHDAY: LazyLock<Regex> = LazyLock::new(|| {
    // /2022/1030/1823238.html
    Regex::new(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})(?P<d>\d{2})(?:/|$)").expect("static regex")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    // /06062023/ and /07/06/2023/: day and month in either order, read only
    // where one order makes no date or both give the same.
    Regex::new(r"/(?P<a>\d{2})/?(?P<b>\d{2})/?(?P<y>(?:19|20)\d{2})(?:/|$)").expect("static regex")
});
static QUERY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[?&](?:date|d|pubdate)=(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})")
        .expect("static regex")
});

/// A date an address states, with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlDate {
    Day(NaiveDate),
    Month(i32, u32),
}

/// The publication date written in an address, if one is: a day where the
/// path names one, else a month (`/2024/01/`).
pub fn date(url: &str) -> Option<UrlDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    for re in [&*PATH_DAY, &*QUERY_DATE, &*COMPACT, &*YEAR_MONTHDAY] {
        for c in re.captures_iter(path) {
            let y: i32 = c["y"].parse().ok()?;
            let m = month(&c["m"]);
            let d: Option<u32> = c["d"].parse().ok();
            if let Some(day) = m
                .zip(d)
                .and_then(|(m, d)| NaiveDate::from_ymd_opt(y, m, d))
                .filter(plausible)
            {
                return Some(UrlDate::Day(day));
            }
        }
    }
    for c in DAY_FIRST.captures_iter(path) {
        if let [one] = day_month_readings(&c).as_slice() {
            return Some(UrlDate::Day(*one));
        }
    }
    let c = PATH_MONTH.captures(path)?;
    let m: u32 = c["m"].parse().ok().filter(|m| (1..=12).contains(m))?;
    Some(UrlDate::Month(c["y"].parse().ok()?, m))
}

/// A day an address may carry: from 1990 to next year (an id's digits
/// beyond that are a serial number, not a date).
fn plausible(d: &NaiveDate) -> bool {
    use chrono::Datelike;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.as_secs());
    // Mean Gregorian year in seconds: the year to within a day.
    let this_year = 1970 + (now / 31_556_952) as i32;
    (1990..=this_year + 1).contains(&d.year())
}

/// The days `/dd/mm/yyyy/` can be, read day first and month first (one when
/// the two agree).
fn day_month_readings(c: &regex::Captures) -> Vec<NaiveDate> {
    let (Ok(a), Ok(b), Ok(y)) = (c["a"].parse(), c["b"].parse(), c["y"].parse()) else {
        return Vec::new();
    };
    let mut out: Vec<NaiveDate> = [(b, a), (a, b)]
        .iter()
        .filter_map(|&(m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .filter(plausible)
        .collect();
    out.dedup();
    out
}

/// The day of an address whose day and month could be read either way
/// (`/07/06/2023/`), where only one reading falls within `from..=to` (a
/// month a date stamp names).
pub fn day_within(url: &str, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    DAY_FIRST.captures_iter(path).find_map(|c| {
        match day_month_readings(&c)
            .into_iter()
            .filter(|d| (from..=to).contains(d))
            .collect::<Vec<_>>()
            .as_slice()
        {
            [one] => Some(*one),
            _ => None,
        }
    })
}

/// A headline read from the address's words, for a page that prints none:
/// ".../jeju-air-flight-crashes-with-181-passengers-in-south-korea/" gives
/// "Jeju air flight crashes with 181 passengers in south korea". The last
/// path segment of four words or more (or, percent-decoded, of six Han,
/// kana or Hangul characters), less its file extension and any ids before
/// or after it; None when no segment reads as words.
pub fn slug_title(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/').rev().find_map(|segment| {
        let decoded = percent_encoding::percent_decode_str(segment)
            .decode_utf8()
            .ok()?;
        let stem = decoded
            .rsplit_once('.')
            .filter(|(_, ext)| ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphabetic()))
            .map_or(&*decoded, |(s, _)| s);
        let mut words: Vec<&str> = stem
            .split(['-', '_', '+'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect();
        // Ids before or after the words: "610149-south-korea-…",
        // "…-in-seoul-12345", "…-idUSKBN2", "…-a-280a91a0-8f7f-463e" (a
        // UUID split at its hyphens); and a one-character tail: a copy's
        // number ("sisma-2"), a letter ("…-geborgen-a").
        let id = |w: &&str| {
            w.chars().all(|c| c.is_ascii_digit())
                || w.chars().any(|c| c.is_ascii_digit())
                    && w.chars().any(|c| c.is_ascii_alphabetic())
        };
        while words
            .last()
            .is_some_and(|w| id(w) || w.chars().count() == 1)
        {
            words.pop();
        }
        let lead = words.iter().take_while(|w| id(w)).count();
        words.drain(..lead);
        let text = words.join(" ");
        let wide = text.chars().filter(|&c| crate::lang::is_cjk(c)).count();
        let wordlike = |w: &&&str| w.chars().all(char::is_alphabetic);
        let readable = wide >= 6
            || words.len() >= 4
                && words.iter().filter(wordlike).count() * 4 >= words.len() * 3
                && words.iter().all(|w| w.chars().all(char::is_alphanumeric));
        readable.then(|| {
            let mut c = text.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
    })
}

/// A title read from an address, in the case the article's text writes
/// its words: "south korea" → "South Korea", "sudkorea" → "Südkorea" where
/// the text names it so (a word's first letter kept as the text capitalises
/// it mid-sentence; words the text lacks stay as they are).
pub fn recase(title: &str, text: &str) -> String {
    // Per folded word: its capitalised form, and how often the text writes
    // it capitalised mid-sentence and in lower case ("the" in "said The
    // Guardian" stays "the": the text writes it lower case far more).
    let mut forms: std::collections::HashMap<String, (&str, u32, u32)> =
        std::collections::HashMap::new();
    let mut after_stop = true;
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '.' && c != '!' && c != '?') {
        let word = w.trim_end_matches(['.', '!', '?']);
        if let Some(first) = word.chars().next().filter(|_| !after_stop) {
            let e = forms.entry(fold(word)).or_insert((word, 0, 0));
            if first.is_uppercase() {
                if e.1 == 0 {
                    e.0 = word;
                }
                e.1 += 1;
            } else {
                e.2 += 1;
            }
        }
        if !w.is_empty() {
            after_stop = w.ends_with(['.', '!', '?']);
        }
    }
    // Only a Latin form recases a Latin slug word: "ges" is not to become
    // "ГЭС".
    let latin = |w: &str| w.chars().all(|c| (c as u32) < 0x250);
    title
        .split(' ')
        .map(|w| match forms.get(&fold(w)) {
            Some(&(form, capital, lower)) if capital > lower && latin(form) == latin(w) => form,
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word as an address spells it: ASCII, lower case.
fn fold(w: &str) -> String {
    any_ascii::any_ascii(w).to_ascii_lowercase()
}

fn month(s: &str) -> Option<u32> {
    match s.parse::<u32>() {
        Ok(m) => (1..=12).contains(&m).then_some(m),
        Err(_) => crate::dates::month_number(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<UrlDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(UrlDate::Day)
    }

    #[test]
    fn the_registrable_domain_names_the_outlet() {
        assert_eq!(
            domain("https://www.bbc.co.uk/news/world-123").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            domain("http://news.example.com.au/a").as_deref(),
            Some("example.com.au")
        );
        assert_eq!(domain("http://127.0.0.1/a"), None);
        assert_eq!(domain("not a url"), None);
        assert_eq!(domain_label("asahi.com"), "asahi");
    }

    #[test]
    fn dates_in_paths_ids_and_queries() {
        assert_eq!(
            date("https://x.org/2024/12/29/plane-crash/"),
            day("2024-12-29")
        );
        assert_eq!(
            date("https://x.com/news/2022/oct/31/seoul/"),
            day("2022-10-31")
        );
        assert_eq!(
            date("https://x.kr/article/20251224001234"),
            day("2025-12-24")
        );
        assert_eq!(
            date("https://x.kr/view?id=1&date=2023-06-06"),
            day("2023-06-06")
        );
        assert_eq!(
            date("http://x.it/magazine/2024/01/04/dopo-il-sisma-2"),
            day("2024-01-04")
        );
        assert_eq!(
            date("https://x.it/archive/2024/01/"),
            Some(UrlDate::Month(2024, 1))
        );
        // Ids with a serial number after the date, a letter before it.
        for (url, d) in [
            (
                "https://m.x.co.kr/News/Read?articleId=202210304400i",
                "2022-10-30",
            ),
            (
                "https://m.x.com/pages/articles/2024120401164400030",
                "2024-12-04",
            ),
            (
                "https://m.x.com/News/Read/Amp/A2022103019060003865",
                "2022-10-30",
            ),
            ("https://www.x.com/2022/1030/1823238.html", "2022-10-30"),
            ("https://x.ru/news/incidents/06062023/585304", "2023-06-06"),
            ("https://x.ru/society/25/06/2023/6480", "2023-06-25"),
        ] {
            assert_eq!(date(url), day(d), "{url}");
        }
        // A serial number is not a date; nor is a day that could be two.
        assert_eq!(date("https://x.com/news/349400"), None);
        assert_eq!(date("https://x.com/a/2035123112345678"), None);
        assert_eq!(date("https://x.ru/society/07/06/2023/6480"), None);
        let june = |d| NaiveDate::from_ymd_opt(2023, 6, d).unwrap();
        assert_eq!(
            day_within("https://x.ru/society/07/06/2023/6480", june(1), june(30)),
            Some(june(7))
        );
    }

    #[test]
    fn headlines_from_encoded_addresses_and_their_case_from_the_text() {
        assert_eq!(
            slug_title("https://www.x.de/ausland/ukraine-staudamm-zerstoert-luftaufnahmen-zeigen-das-ausmass-a-280a91a0-8f7f-463e-8506-7ba70f8935b1").as_deref(),
            Some("Ukraine staudamm zerstoert luftaufnahmen zeigen das ausmass")
        );
        assert_eq!(
            slug_title("https://www.x.com/de/nach-der-zerst%C3%B6rung-des-staudamms-in-der-ukraine/a-65858535").as_deref(),
            Some("Nach der zerstörung des staudamms in der ukraine")
        );
        assert_eq!(
            slug_title("https://x.net/%E9%9F%93%E5%9B%BD%E3%81%A7%E6%97%85%E5%AE%A2%E6%A9%9F%E3%81%8C%E7%9D%80%E9%99%B8%E3%81%AB%E5%A4%B1%E6%95%97/amp").as_deref(),
            Some("韓国で旅客機が着陸に失敗")
        );
        // An encoded category and a number are not headlines.
        assert_eq!(slug_title("https://x.com/%e5%9c%8b%e9%9a%9b/48916"), None);
        assert_eq!(
            recase(
                "Nach der zerstörung des staudamms in der ukraine",
                "Die Zerstörung des Staudamms traf die Ukraine. Nach Angaben der Behörden …"
            ),
            "Nach der Zerstörung des Staudamms in der Ukraine"
        );
        assert_eq!(
            recase(
                "Piloten in sudkorea meldeten vogelschlag",
                "In Südkorea meldeten Piloten einen Vogelschlag."
            ),
            "Piloten in Südkorea meldeten Vogelschlag"
        );
        assert_eq!(
            recase("Proriva kahovskoi ges", "Прорыв Каховской ГЭС."),
            "Proriva kahovskoi ges"
        );
        assert_eq!(
            recase(
                "What the minister said",
                "He read the note, said The Guardian, and the minister left."
            ),
            "What the minister said"
        );
    }

    #[test]
    fn a_headline_from_the_address_words() {
        assert_eq!(
            slug_title("https://pressxpress.org/2024/12/29/jeju-air-flight-crashes-with-181-passengers-in-south-korea/").as_deref(),
            Some("Jeju air flight crashes with 181 passengers in south korea")
        );
        assert_eq!(
            slug_title(
                "https://x.com/news/what-we-know-about-the-disaster/article_4ab2a6f4-8f78.html"
            )
            .as_deref(),
            Some("What we know about the disaster")
        );
        assert_eq!(
            slug_title("https://www.reuters.com/world/flood-hits-town-hollin-idUSKBN2X1")
                .as_deref(),
            Some("Flood hits town hollin")
        );
        assert_eq!(
            slug_title("https://rt.com/news/610149-south-korea-plane-crash/amp").as_deref(),
            Some("South korea plane crash")
        );
        assert_eq!(
            slug_title("http://world.kbs.co.kr/service/news_view.htm?Seq_Code=91575"),
            None
        );
        assert_eq!(
            slug_title("https://n.news.naver.com/article/001/0015125236"),
            None
        );
        assert_eq!(
            slug_title("https://x.kr/%EC%A0%9C%EC%A3%BC-%ED%95%AD-%EA%B3%B5-%EC%82%AC"),
            None
        );
    }

    #[test]
    fn numbers_that_are_not_dates_are_not_read_as_dates() {
        // An article id that happens to hold digits, an impossible month.
        assert_eq!(
            date("https://x.com/world-news/pilot-what-led-101735518908010.html"),
            None
        );
        assert_eq!(date("https://x.com/a/20231345/"), None);
        assert_eq!(date("https://x.com/news/1234567"), None);
        // A year in the host is not a date in the path.
        assert_eq!(date("https://2024.example.com/"), None);
    }
}
