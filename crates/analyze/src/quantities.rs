//! Numbers with what they count, as ranges.
//!
//! "an estimated 15,000 troops" → about 15,000 troops (a range around it);
//! "more than 300" → 300 and up; "27-year-old" → age 27; "in their 20s" →
//! age 20–29; "the two", "both", "one of the two" → a count of a group. Kept
//! as ranges so that "27 and 22" and "in their 20s" can be checked for
//! compatibility rather than compared as strings.

use crate::timex::Found as Time;
use crate::words::is_stopword;
use crate::Part;
use crosscheck_model::Quantity;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const NUMBER_WORDS: &str = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a dozen|dozens|hundreds|thousands|several|both|neither";

static RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_words(&format!(
        r"(?xi)
        (?P<age>\b(?P<age_n>\d{{1,3}})-year-old\b)
      | (?P<aged>\baged\s+(?P<aged_n>\d{{1,3}})\b|(?:^|[\p{{L}}]),\s*(?P<ap_n>\d{{1,3}}),\s)
      | (?P<decade>\b(?:both\s+)?in\s+(?:their|his|her)\s+(?:early\s+|late\s+|mid-)?(?P<dec_n>[1-9]0)s\b)
      | (?P<oneof>\b(?:only\s+)?(?P<of_n>one|two|three|none|neither)\s+of\s+the\s+(?P<of_total>two|three|four|five|\d+)\b)
      | (?P<group>\b(?:the|all|both\s+of\s+the)\s+(?P<group_n>two|three|four|five|six|seven|eight|nine|ten)\b(?:\s+(?P<group_noun>[a-z][a-z\-]+))?)
      | (?P<both>\bboth\b)
      | (?P<num>(?P<approx>\b(?:an\s+estimated|estimated|about|around|roughly|approximately|nearly|almost|some|more\s+than|over|at\s+least|up\s+to|fewer\s+than|less\s+than|under)\s+)?
          (?P<n>\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?\b|\b\d+(?:\.\d+)?\b|\b(?:{NUMBER_WORDS})\b)
          (?:\s+(?P<mult>million|billion|thousand|hundred))?
          (?:\s+(?:to|and|-|–)\s+(?P<n2>\d+(?:,\d{{3}})*))?
          (?P<noun>(?:\s+[A-Za-z][a-z\-]+){{1,3}})?)
    "
    ))
});

fn word_value(w: &str) -> Option<(f64, Option<f64>)> {
    let w = w.to_lowercase();
    // "thirty-two": tens and units.
    if let Some((tens, units)) = w.split_once('-') {
        let (t, u) = (word_value(tens)?.0, word_value(units)?.0);
        return (t >= 20.0 && u < 10.0).then_some((t + u, Some(t + u)));
    }
    let exact = |v: f64| Some((v, Some(v)));
    match w.as_str() {
        "one" => exact(1.0),
        "two" | "both" => exact(2.0),
        "three" => exact(3.0),
        "four" => exact(4.0),
        "five" => exact(5.0),
        "six" => exact(6.0),
        "seven" => exact(7.0),
        "eight" => exact(8.0),
        "nine" => exact(9.0),
        "ten" => exact(10.0),
        "eleven" => exact(11.0),
        "twelve" => exact(12.0),
        "thirteen" => exact(13.0),
        "fourteen" => exact(14.0),
        "fifteen" => exact(15.0),
        "sixteen" => exact(16.0),
        "seventeen" => exact(17.0),
        "eighteen" => exact(18.0),
        "nineteen" => exact(19.0),
        "twenty" => exact(20.0),
        "thirty" => exact(30.0),
        "forty" => exact(40.0),
        "fifty" => exact(50.0),
        "sixty" => exact(60.0),
        "seventy" => exact(70.0),
        "eighty" => exact(80.0),
        "ninety" => exact(90.0),
        "hundred" => exact(100.0),
        "a dozen" => exact(12.0),
        "none" | "neither" => exact(0.0),
        "several" => Some((3.0, Some(9.0))),
        "dozens" => Some((24.0, Some(199.0))),
        "hundreds" => Some((200.0, Some(1999.0))),
        "thousands" => Some((2000.0, Some(19999.0))),
        other => other
            .replace(',', "")
            .parse()
            .ok()
            .map(|v: f64| (v, Some(v))),
    }
}

#[derive(Debug, Clone)]
pub struct Found {
    pub range: Range<usize>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub approximate: bool,
    pub counts: Option<String>,
}

impl Found {
    pub fn into_model(self, part: &Part) -> Quantity {
        Quantity {
            text: part.text[self.range.clone()].to_string(),
            low: self.low,
            high: self.high,
            approximate: self.approximate,
            counts: self.counts,
            span: part.span(self.range.start, self.range.end),
        }
    }
}

/// The counted noun: the last of up to three words before a function word.
/// Returns the noun and the byte length of `words` up to its end.
fn head_noun(words: &str) -> Option<(String, usize)> {
    let mut head = None;
    let mut offset = 0;
    for w in words.split_whitespace() {
        let at = offset + words[offset..].find(w).unwrap_or(0);
        offset = at + w.len();
        let lw = w.to_lowercase();
        // "212 passengers aboard": an adverb after the noun ends it.
        let adverb = matches!(
            lw.trim_end_matches([',', '.', ';', ':']),
            "aboard"
                | "onboard"
                | "ashore"
                | "overall"
                | "altogether"
                | "apiece"
                | "each"
                | "inside"
                | "outside"
                | "nationwide"
                | "worldwide"
                | "abroad"
        );
        if adverb
            || is_stopword(&lw)
            || (head.is_some() && (lw.ends_with("ed") || lw.ends_with("ing")))
        {
            break;
        }
        if w.chars().next().is_some_and(|c| c.is_uppercase()) && head.is_none() {
            // "Two North Korean soldiers": skip capitalised modifiers.
            continue;
        }
        head = Some((lw, offset));
    }
    head
}

/// States a count of people can be in, with the words that say it (in
/// the languages analysed), nearest first wins: 64 people confirmed dead
/// and 372 injured are two facts, not two tallies of one.
const STATES: &[(&str, &[&str])] = &[
    // The dead and the injured together ("총 286명의 사상자"): neither
    // tally alone.
    (
        "casualties",
        &["casualties", "사상자", "死傷者", "死伤", "伤亡", "傷亡"],
    ),
    (
        "dead",
        &[
            "dead",
            "died",
            "die",
            "dies",
            "killed",
            "killing",
            "kills",
            "kill",
            "deaths",
            "death",
            "fatalities",
            "perished",
            "lost their lives",
            "사망",
            "숨져",
            "숨진",
            "숨졌",
            "死亡",
            "死者",
            "遇难",
            "罹难",
            "погибли",
            "погибших",
            "загинули",
            "загиблих",
            "getötet",
            "tote",
            "toten",
            "starben",
            "gestorben",
            "muertos",
            "murieron",
            "fallecieron",
            "morts",
            "mortes",
        ],
    ),
    (
        "injured",
        &[
            "injured",
            "injuring",
            "injures",
            "injure",
            "wounded",
            "wounding",
            "hurt",
            "injuries",
            "부상",
            "다쳐",
            "다쳤",
            "다친",
            "負傷",
            "けが",
            "受伤",
            "ранены",
            "раненых",
            "поранені",
            "verletzt",
            "verletzte",
            "verletzten",
            "heridos",
            "heridas",
            "blessés",
            "blessées",
        ],
    ),
    (
        "missing",
        &[
            "missing",
            "unaccounted",
            "실종",
            "不明",
            "失踪",
            "пропали",
            "vermisst",
            "desaparecidos",
            "disparus",
        ],
    ),
    (
        "evacuated",
        &[
            "evacuated",
            "evacuating",
            "displaced",
            "대피",
            "避難",
            "疏散",
            "эвакуированы",
            "evakuiert",
        ],
    ),
    (
        "arrested",
        &[
            "arrested",
            "detained",
            "체포",
            "逮捕",
            "задержаны",
            "festgenommen",
        ],
    ),
    // Not "구조" or "救助" alone: 구조대원 and 救助隊 are the rescuers.
    (
        "rescued",
        &[
            "rescued",
            "구조됐",
            "구조된",
            "救助され",
            "救出され",
            "获救",
            "спасены",
            "gerettet",
        ],
    ),
];

/// The state the words around a count of people put them in: the state
/// word nearest the number, looked for in the clause around it (up to the
/// next sentence mark, a few words either way).
fn people_state(text: &str, at: Range<usize>) -> Option<&'static str> {
    let clause_end = |s: &str| {
        s.find(['.', ';', ',', '。', '、', '，', '!', '?'])
            .unwrap_or(s.len())
    };
    let after = &text[at.end..];
    let after = &after[..clause_end(after)];
    let after: String = after.chars().take(60).collect();
    let before = &text[..at.start];
    let from = before
        .char_indices()
        .rev()
        .find(|(_, c)| ['.', ';', ',', '。', '、', '，', '!', '?'].contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let before: String = {
        let b = &before[from..];
        let n = b.chars().count();
        b.chars().skip(n.saturating_sub(30)).collect()
    };
    let lower_after = after.to_lowercase();
    let lower_before = before.to_lowercase();
    let mut best: Option<(usize, &'static str)> = None;
    for (state, words) in STATES {
        for w in *words {
            // Distance in bytes from the number: after it from its end,
            // before it from its start.
            let near = [
                find_word(&lower_after, w),
                find_word(&lower_before, w).map(|i| lower_before.len() - i),
            ];
            for d in near.into_iter().flatten() {
                if best.is_none_or(|b| d < b.0) {
                    best = Some((d, state));
                }
            }
        }
    }
    best.map(|b| b.1)
}

/// Where `word` starts in `text` as a word (not inside a longer Latin or
/// Cyrillic word; in Han, kana and Hangul any match counts).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let cased = word.chars().next().is_some_and(char::is_alphabetic)
        && word
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_lowercase() || c.is_uppercase());
    let mut from = 0;
    while let Some(i) = text[from..].find(word).map(|i| i + from) {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if !cased || (bounded(before) && bounded(after)) {
            return Some(i);
        }
        from = i + word.len();
    }
    None
}

/// "of the 181 passengers" after a number: the noun its whole counts.
fn partitive(after: &str) -> Option<String> {
    static OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+of\s+(?:the\s+|all\s+)?\d[\d,]*\s+(\p{L}[\p{L}\s-]{0,40})")
            .expect("static regex")
    });
    let c = OF.captures(after)?;
    head_noun(c.get(1)?.as_str()).map(|h| h.0)
}

/// Whether the text before a number ends with "179 of (the)": the number
/// is a whole, of which a part is in some state ("179 of the 181 people
/// on board were killed": not 181 dead).
fn is_total(before: &str) -> bool {
    static PART_OF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\d\s+of\s+(?:the\s+|all\s+)?$").expect("static regex"));
    PART_OF.is_match(before)
}

/// Whether a count of people is followed by "of whom" in Korean, Japanese
/// or Chinese ("181명 가운데 179명", "181人のうち179人"): the whole, not
/// the part in a state.
fn is_whole(after: &str) -> bool {
    static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s?(?:명|人|名)\s?(?:가운데|중에서|중|のうち|の中で|うち|之中|其中|中)")
            .expect("static regex")
    });
    WHOLE.is_match(after)
}

/// Whether a number that counts nothing stands beside an English word for
/// what befell people: "killing 179", "179 were killed", "179 died". (Other
/// languages count people with a counter or a noun: "179명", "179 Menschen".)
/// A year is never such a count.
fn bare_people(text: &str, start: usize, end: usize) -> bool {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s+(?:(?:were|was|are|have been|had been|been|are feared|were feared|reported|confirmed)\s+)?(?:killed|dead|died|injured|wounded|missing|rescued|hurt|evacuated|arrested)\b",
        )
        .expect("static regex")
    });
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:\b(?:killing|killed|injuring|wounding|rescuing|rescued|evacuating|arresting)|\bdeath toll\b[^.;]{0,30}?\b(?:to|at|of|is|was|reached|hit))\s+$",
        )
        .expect("static regex")
    });
    let number = &text[start..end];
    let year = number.len() == 4
        && number.chars().all(|c| c.is_ascii_digit())
        && (number.starts_with("19") || number.starts_with("20"));
    !year && (AFTER.is_match(&text[end..]) || BEFORE.is_match(&text[..start]))
}

/// Nouns that count people, whose state is worth telling apart.
fn counts_people(noun: &str) -> bool {
    matches!(
        noun,
        "people"
            | "persons"
            | "person"
            | "residents"
            | "civilians"
            | "passengers"
            | "soldiers"
            | "troops"
            | "children"
            | "students"
            | "workers"
            | "protesters"
            | "victims"
            | "tourists"
            | "migrants"
            | "patients"
            | "crew"
            | "members"
            | "attendants"
            | "pilots"
            | "firefighters"
            | "officers"
            | "hostages"
            | "prisoners"
            | "miners"
            | "climbers"
            | "villagers"
            | "others"
    )
}

/// Byte length of a counter for people right after a number (one space
/// allowed before it), if there is one.
fn people_counter(after: &str) -> Option<usize> {
    let rest = after.strip_prefix(' ').unwrap_or(after);
    let space = after.len() - rest.len();
    [
        "여 명", "여명", "余名", "餘名", "余人", "多人", "명", "人", "名",
    ]
    .iter()
    .find(|c| rest.starts_with(*c))
    .map(|c| space + c.len())
}

/// How a number is hedged in the other languages analysed, as the
/// English words the rest of [`find`] knows: a word before it ("más de",
/// "plus de", "mehr als", "более", "понад", "casi", "presque", "fast",
/// "почти", "майже", "etwa", "environ", "около", "близько", "약", "約"), or
/// after it and its counter ("150人以上", "150명 이상", "100余人").
fn approx_elsewhere(before: &str, after: &str) -> Option<&'static str> {
    const BEFORE: &[(&str, &str)] = &[
        ("más de ", "more than"),
        ("plus de ", "more than"),
        ("mehr als ", "more than"),
        ("über ", "more than"),
        ("более ", "more than"),
        ("больше ", "more than"),
        ("свыше ", "more than"),
        ("понад ", "more than"),
        ("більше ", "more than"),
        ("超过", "more than"),
        ("超過", "more than"),
        ("逾", "more than"),
        ("al menos ", "at least"),
        ("au moins ", "at least"),
        ("mindestens ", "at least"),
        ("не менее ", "at least"),
        ("щонайменше ", "at least"),
        ("최소 ", "at least"),
        ("少なくとも", "at least"),
        ("至少", "at least"),
        ("casi ", "nearly"),
        ("presque ", "nearly"),
        ("près de ", "nearly"),
        ("fast ", "nearly"),
        ("knapp ", "nearly"),
        ("почти ", "nearly"),
        ("майже ", "nearly"),
        ("거의 ", "nearly"),
        ("近", "nearly"),
        ("unos ", "about"),
        ("unas ", "about"),
        ("alrededor de ", "about"),
        ("environ ", "about"),
        ("etwa ", "about"),
        ("rund ", "about"),
        ("около ", "about"),
        ("примерно ", "about"),
        ("близько ", "about"),
        ("приблизно ", "about"),
        ("약 ", "about"),
        ("約", "about"),
        ("约", "about"),
    ];
    let tail: String = {
        let n = before.chars().count();
        before
            .chars()
            .skip(n.saturating_sub(16))
            .collect::<String>()
            .to_lowercase()
    };
    if let Some(&(_, hedge)) = BEFORE.iter().find(|(w, _)| tail.ends_with(w)) {
        return Some(hedge);
    }
    let rest = after.trim_start();
    let rest = ["명", "人", "名"]
        .iter()
        .find_map(|c| rest.strip_prefix(c))
        .unwrap_or(rest)
        .trim_start();
    if ["以上", "이상"].iter().any(|w| rest.starts_with(w)) {
        return Some("at least");
    }
    // "100余人", "100여 명": more than a hundred (the counter follows).
    (after.starts_with('余') || after.starts_with('餘') || after.starts_with('여'))
        .then_some("more than")
}

/// Byte length of a word for people right after a number in the other
/// languages analysed (one space before it), if there is one: "12 осіб",
/// "12 человек", "12 Personen", "12 personas", "12 personnes"; and the
/// nouns that count the dead or hurt themselves ("12 Tote", "12 muertos",
/// "12 morts", "40 heridos": their state is the word itself).
fn people_word(after: &str) -> Option<usize> {
    const WORDS: &[&str] = &[
        "осіб",
        "особи",
        "людей",
        "людини",
        "человек",
        "человека",
        "personen",
        "menschen",
        "personas",
        "personnes",
        "persone",
        "mensen",
        "osób",
        "osoby",
        "tote",
        "toten",
        "verletzte",
        "verletzten",
        "muertos",
        "heridos",
        "morts",
        "blessés",
    ];
    let rest = after.strip_prefix(' ')?;
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    let lower = word.to_lowercase();
    WORDS.contains(&lower.as_str()).then(|| 1 + word.len())
}

/// Finds quantities in a part, skipping numbers inside time expressions.
pub fn find(text: &str, times: &[Time]) -> Vec<Found> {
    let mut out = Vec::new();
    for c in RE.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if times
            .iter()
            .any(|t| t.range.start < m.end() && m.start() < t.range.end)
        {
            // "March 1, at about 9:40" — numbers of dates and times are times.
            if c.name("num").is_some() {
                continue;
            }
        }
        let f = if let Some(n) = c.name("age_n").or(c.name("aged_n")).or(c.name("ap_n")) {
            let v: f64 = n.as_str().parse().unwrap_or(0.0);
            Found {
                range: m.range(),
                low: Some(v),
                high: Some(v),
                approximate: false,
                counts: Some("age".into()),
            }
        } else if let Some(d) = c.name("dec_n") {
            let v: f64 = d.as_str().parse().unwrap_or(0.0);
            Found {
                range: m.range(),
                low: Some(v),
                high: Some(v + 9.0),
                approximate: true,
                counts: Some("age".into()),
            }
        } else if let Some(n) = c.name("of_n") {
            let v = word_value(if n.as_str() == "none" {
                "neither"
            } else {
                n.as_str()
            })
            .map(|x| x.0);
            Found {
                range: m.range(),
                low: v,
                high: v,
                approximate: false,
                counts: Some("group".into()),
            }
        } else if let Some(n) = c.name("group_n") {
            let v = word_value(n.as_str()).map(|x| x.0);
            let noun = c
                .name("group_noun")
                .map(|n| n.as_str().to_lowercase())
                .filter(|n| !is_stopword(n));
            let end = if noun.is_some() { m.end() } else { n.end() };
            Found {
                range: m.start()..end,
                low: v,
                high: v,
                approximate: false,
                counts: Some(noun.map(|n| format!("group:{n}")).unwrap_or("group".into())),
            }
        } else if c.name("both").is_some() {
            Found {
                range: m.range(),
                low: Some(2.0),
                high: Some(2.0),
                approximate: false,
                counts: Some("group".into()),
            }
        } else if let Some(n) = c.name("n") {
            // "2萬2000人" is 22,000: digits next to a Chinese or Japanese
            // numeral of ten thousand or more are part of a larger number,
            // read wrongly on their own.
            let big = ['万', '萬', '億', '亿'];
            if text[..n.start()]
                .chars()
                .next_back()
                .is_some_and(|c| big.contains(&c))
                || text[n.end()..]
                    .chars()
                    .next()
                    .is_some_and(|c| big.contains(&c))
            {
                continue;
            }
            let Some((mut low, mut high)) = word_value(n.as_str()) else {
                continue;
            };
            let mult = match c.name("mult").map(|m| m.as_str().to_lowercase()).as_deref() {
                Some("million") => 1e6,
                Some("billion") => 1e9,
                Some("thousand") => 1e3,
                Some("hundred") => 1e2,
                _ => 1.0,
            };
            low *= mult;
            high = high.map(|h| h * mult);
            if let Some(n2) = c
                .name("n2")
                .and_then(|n| n.as_str().replace(',', "").parse::<f64>().ok())
            {
                high = Some(n2 * mult);
            }
            let last = c.name("n2").unwrap_or(n);
            let approx = c
                .name("approx")
                .map(|a| a.as_str().to_lowercase())
                .or_else(|| {
                    approx_elsewhere(&text[..m.start()], &text[last.end()..]).map(String::from)
                });
            let approximate = approx.is_some();
            match approx
                .as_deref()
                .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
                .as_deref()
            {
                Some("more than" | "over" | "at least") => high = None,
                Some("up to" | "fewer than" | "less than" | "under") => {
                    high = Some(low);
                    low = 0.0;
                }
                Some("nearly" | "almost") => {
                    high = Some(low);
                    low *= 0.9;
                }
                Some(_) => {
                    high = Some(low * 1.1);
                    low *= 0.9;
                }
                None => {}
            }
            let mut noun = c
                .name("noun")
                .and_then(|n| head_noun(n.as_str()).map(|(h, len)| (h, n.start() + len)));
            // "212명", "212人", "１２人": a counter for people (Korean,
            // Japanese, Chinese) says what is counted.
            // The state is looked for from the number on when the word for
            // people may be the state itself ("12 Tote", "12 morts").
            let mut state_from = None;
            if let Some(len) = people_word(&text[last.end()..]) {
                noun = Some(("people".to_string(), last.end() + len));
                state_from = Some(last.end());
            }
            if noun.is_none() {
                if let Some(len) = people_counter(&text[last.end()..]) {
                    noun = Some(("people".to_string(), last.end() + len));
                }
            }
            // "179 of the 181 passengers": the part counts what the whole
            // counts; "killing 179", "179 were killed": a bare count beside
            // a word for what befell people counts people.
            if noun.is_none() {
                noun = partitive(&text[last.end()..])
                    .or_else(|| bare_people(text, m.start(), last.end()).then(|| "people".into()))
                    .map(|h| (h, last.end()));
            }
            let total = is_total(&text[..m.start()]) || is_whole(&text[last.end()..]);
            // "64 people confirmed dead", "372 people injured": the state
            // is part of what is counted.
            let counts = noun.as_ref().map(|n| {
                let state = people_state(text, m.start()..state_from.unwrap_or(n.1));
                match state.filter(|_| counts_people(&n.0) && !total) {
                    Some(state) => format!("{}:{state}", n.0),
                    None => n.0.clone(),
                }
            });
            // A bare number that counts nothing and is not a word like
            // "both" is noise for comparison (page numbers, scores).
            if counts.is_none()
                && n.as_str().chars().all(|c| c.is_ascii_digit())
                && n.as_str().len() <= 2
                && approx.is_none()
            {
                continue;
            }
            // The span ends with the counted noun: "212 passengers", not
            // "212 passengers and".
            let end = noun
                .map(|n| n.1)
                .unwrap_or_else(|| c.name("noun").map(|n| n.start()).unwrap_or(m.end()));
            Found {
                range: m.start()..end,
                low: Some(low),
                high,
                approximate,
                counts,
            }
        } else {
            continue;
        };
        out.push(f);
    }
    out
}

/// Whether two quantities can both be true (ranges overlap).
pub fn compatible(a: (Option<f64>, Option<f64>), b: (Option<f64>, Option<f64>)) -> bool {
    let (alo, ahi) = (a.0.unwrap_or(0.0), a.1.unwrap_or(f64::INFINITY));
    let (blo, bhi) = (b.0.unwrap_or(0.0), b.1.unwrap_or(f64::INFINITY));
    alo <= bhi && blo <= ahi
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, Option<f64>, Option<f64>, Option<String>);

    fn q(text: &str) -> Vec<Row> {
        find(text, &[])
            .into_iter()
            .map(|f| (text[f.range.clone()].to_string(), f.low, f.high, f.counts))
            .collect()
    }

    #[test]
    fn counts_ages_and_groups() {
        let got = q("North Korea deployed an estimated 15,000 troops.");
        assert_eq!(got[0].3.as_deref(), Some("troops"));
        assert!(got[0].1.unwrap() < 15000.0 && got[0].2.unwrap() > 15000.0);
        let got = q("a 27-year-old surnamed Ri and the two captives, both in their 20s");
        assert_eq!(got[0].3.as_deref(), Some("age"));
        assert_eq!(got[1].3.as_deref(), Some("group:captives"));
        assert_eq!((got[2].1, got[2].2), (Some(20.0), Some(29.0)));
        let got = q("only one of the two had spoken");
        assert_eq!((got[0].1, got[0].3.as_deref()), (Some(1.0), Some("group")));
        let got = q("more than 300 passengers and 212 passengers and 14 crew");
        assert_eq!((got[0].1, got[0].2), (Some(300.0), None));
        assert_eq!(got[1].3.as_deref(), Some("passengers"));
        assert_eq!(got[2].3.as_deref(), Some("crew"));
    }

    #[test]
    fn counters_for_people_say_what_is_counted() {
        for (text, n, counts) in [
            ("승객 212명을 태운 여객선", 212.0, "people"),
            ("乗客212人を乗せたフェリー", 212.0, "people"),
            ("载有212名乘客的客机", 212.0, "people"),
            // The rescuers (구조대원), not people rescued.
            ("1500여 명의 구조대원", 1500.0, "people"),
            ("导致2萬2000人死亡或失蹤,273人死亡", 273.0, "people:dead"),
        ] {
            let got = q(text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(
                (got[0].1, got[0].3.as_deref()),
                (Some(n), Some(counts)),
                "{text}"
            );
        }
    }

    #[test]
    fn compatibility_of_ranges() {
        assert!(compatible(
            (Some(27.0), Some(27.0)),
            (Some(20.0), Some(29.0))
        ));
        assert!(!compatible(
            (Some(20.0), Some(20.0)),
            (Some(27.0), Some(27.0))
        ));
        assert!(compatible((Some(300.0), None), (Some(310.0), Some(310.0))));
        assert!(!compatible(
            (Some(212.0), Some(212.0)),
            (Some(241.0), Some(241.0))
        ));
    }
}

#[cfg(test)]
mod range_tests {
    use super::*;

    fn one(text: &str) -> (Option<f64>, Option<f64>, Option<String>, bool) {
        let f = find(text, &[]).into_iter().next().expect("a quantity");
        (f.low, f.high, f.counts, f.approximate)
    }

    #[test]
    fn hedges_in_other_languages() {
        for t in [
            "Casi 150 personas murieron.",
            "Près de 150 personnes sont mortes.",
            "Fast 150 Menschen starben.",
            "Погибли почти 150 человек.",
        ] {
            let (lo, hi, _, approx) = one(t);
            assert!(
                approx && lo.unwrap() < 150.0 && hi == Some(150.0),
                "{t}: {lo:?} {hi:?}"
            );
        }
        for t in [
            "Más de 150 personas murieron.",
            "150人以上が死亡した。",
            "150명 이상이 숨졌다.",
            "Загинули понад 150 осіб.",
        ] {
            let (lo, hi, _, approx) = one(t);
            assert!(
                approx && lo == Some(150.0) && hi.is_none(),
                "{t}: {lo:?} {hi:?}"
            );
        }
        let (_, _, _, approx) = one("150 personas murieron.");
        assert!(!approx);
    }

    #[test]
    fn approximations_keep_a_range() {
        let (lo, hi, counts, approx) = one("about 40 homes were damaged");
        assert!(approx && lo.unwrap() < 40.0 && hi.unwrap() > 40.0);
        assert_eq!(counts.as_deref(), Some("homes"));
        let (lo, hi, ..) = one("at least 100 homes");
        assert_eq!((lo, hi), (Some(100.0), None));
        let (lo, hi, ..) = one("up to 300 people");
        assert_eq!((lo, hi), (Some(0.0), Some(300.0)));
        let (lo, hi, ..) = one("nearly 300 people");
        assert!(lo.unwrap() < 300.0 && hi == Some(300.0));
        let (lo, hi, ..) = one("between 20 and 30 boats");
        assert_eq!((lo, hi), (Some(20.0), Some(30.0)));
    }

    #[test]
    fn vague_groups_and_ages() {
        let (lo, hi, ..) = one("dozens of homes");
        assert!(lo.unwrap() >= 24.0 && hi.unwrap() < 200.0);
        let twenties = one("both in their 20s");
        let aged_20 = one("a man aged 20");
        let age_27 = one("a 27-year-old");
        let age_22 = one("the suspect, 22, was");
        assert_eq!(age_22.2.as_deref(), Some("age"));
        assert!(compatible((age_27.0, age_27.1), (twenties.0, twenties.1)));
        assert!(compatible((age_22.0, age_22.1), (twenties.0, twenties.1)));
        assert!(!compatible((aged_20.0, aged_20.1), (age_27.0, age_27.1)));
        let (lo, hi, ..) = one("15 million kroner");
        assert_eq!((lo, hi), (Some(15e6), Some(15e6)));
    }

    /// What each quantity of a text counts.
    fn counted(t: &str) -> Vec<Option<String>> {
        find(t, &[]).into_iter().map(|f| f.counts).collect()
    }

    #[test]
    fn people_counted_in_other_languages() {
        let people = |s: &str| vec![Some(format!("people:{s}"))];
        assert_eq!(
            counted("Під час обстрілу загинули 12 осіб."),
            people("dead")
        );
        assert_eq!(counted("Погибли 12 человек."), people("dead"));
        assert_eq!(
            counted("Bei dem Brand starben 12 Personen."),
            people("dead")
        );
        assert_eq!(counted("Es gab 12 Tote."), people("dead"));
        assert_eq!(counted("Murieron 12 personas."), people("dead"));
        assert_eq!(counted("On compte 12 morts."), people("dead"));
        assert_eq!(counted("Поранені 40 людей."), people("injured"));
        assert_eq!(counted("40 personnes ont été blessées."), people("injured"));
        // A word for people with no state near it counts people.
        assert_eq!(
            counted("An Bord waren 181 Menschen."),
            vec![Some("people".to_string())]
        );
    }

    #[test]
    fn counts_of_people_carry_their_state() {
        let state = counted;
        assert_eq!(
            state("A total of 64 people were confirmed dead in the prefecture."),
            vec![Some("people:dead".to_string())]
        );
        assert_eq!(
            state("Police said 372 people had been injured, officials said."),
            vec![Some("people:injured".to_string())]
        );
        assert_eq!(
            state("The fire killed 12 people in the block."),
            vec![Some("people:dead".to_string())]
        );
        assert_eq!(
            state("The ferry carried 212 passengers."),
            vec![Some("passengers".to_string())]
        );
        // The dead and injured together are neither.
        assert_eq!(
            state("154명이 사망했고 132명이 부상을 당하며 총 286명의 사상자가 발생했다."),
            vec![
                Some("people:dead".to_string()),
                Some("people:injured".to_string()),
                Some("people:casualties".to_string())
            ]
        );
        // Punctuation of any width bounds the clause, and no state word
        // beyond it is taken.
        assert_eq!(
            state("務安空港で、乗客181人が搭乗していた。179人が死亡した。"),
            vec![Some("people".to_string()), Some("people:dead".to_string())]
        );
    }

    #[test]
    fn a_part_and_its_whole_and_bare_counts_of_people() {
        let state = |t: &str| -> Vec<String> {
            counted(t)
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect()
        };
        // The part takes the whole's noun and the state; the whole none.
        assert_eq!(
            state("The crash killed 179 of the 181 passengers."),
            ["passengers:dead", "passengers"]
        );
        assert_eq!(
            state("탑승자 181명 가운데 179명이 숨졌다."),
            ["people", "people:dead"]
        );
        assert_eq!(
            state("乗っていた181人のうち179人が死亡した。"),
            ["people", "people:dead"]
        );
        // A bare number beside what befell people counts people.
        assert_eq!(
            state("The blast, killing 12, shook the port."),
            ["people:dead"]
        );
        assert_eq!(state("Officials said 40 were injured."), ["people:injured"]);
        assert_eq!(state("The death toll rose to 62."), ["people:dead"]);
        let (lo, ..) = one("Thirty-two deaths were confirmed in the town.");
        assert_eq!(lo, Some(32.0), "a number in words with a hyphen");
        // Not a year, and not a number with nothing beside it.
        let people = |t: &str| state(t).iter().any(|c| c.starts_with("people"));
        assert!(!people("In 2024 died the last of them."));
        assert!(!people("He scored 40 in the final."));
    }
}
