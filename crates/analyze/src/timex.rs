//! Time expressions, normalised to calendar dates against the article's date.
//!
//! Absolute dates ("Dec. 24, 2025", "24 грудня 2025", "2025년 12월 24일") stand
//! alone; relative ones ("Tuesday", "in October", "earlier this month", "last
//! year") are resolved against an [`Anchor`]: the publication date, or a range
//! for it. Against a range, an expression whose value would differ between the
//! range's ends becomes a range itself rather than a guessed day.
//! Past tense looks back from the anchor, future tense ("will", "expects to")
//! looks ahead.

use crate::Part;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use crosscheck_model::calendar::{EU_MONTHS, UKRU_MONTHS};
use crosscheck_model::{Precision, TimeExpr};
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The article's own date, or the range it must lie in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const WD: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
fn eu_month(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    EU_MONTHS.iter().find_map(|list| {
        list.iter()
            .position(|m| m.to_lowercase() == lower)
            .map(|i| i as u32 + 1)
    })
}

static RE: LazyLock<Regex> = LazyLock::new(|| {
    let ukru = UKRU_MONTHS.join("|");
    let mut eu: Vec<&str> = EU_MONTHS.iter().flat_map(|l| l.iter().copied()).collect();
    eu.sort_unstable();
    eu.dedup();
    let eu = eu.join("|");
    let pat = format!(
        r"(?x)
        (?P<iso>\b(?:19|20)\d\d-[01]\d-[0-3]\d\b)
      | (?P<mdy>(?:{WD},?\s+)?(?P<mdy_m>{MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>(?:19|20)\d\d)\b)
      | (?P<dmy>(?:{WD},?\s+)?(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{MONTH}),?\s+(?P<dmy_y>(?:19|20)\d\d)\b)
      | (?P<cjk>(?P<cjk_y>\d{{4}})\s*[年년]\s*(?P<cjk_m>\d{{1,2}})\s*[月월](?:\s*(?P<cjk_d>\d{{1,2}})\s*[日일号])?)
      | (?P<eu>\b(?P<eu_d>\d{{1,2}})\.?\s+(?:de\s+)?(?i:(?P<eu_m>{eu}))(?:\s+de)?\s+(?P<eu_y>(?:19|20)\d\d)\b)
      | (?P<cy>(?P<cy_d>\d{{1,2}})\s+(?P<cy_m>{ukru})\s+(?P<cy_y>\d{{4}})(?:\s*(?:року|р\.|года|г\.))?)
      | (?P<cjkmd>(?P<cjkmd_m>\d{{1,2}})\s*[月월]\s*(?P<cjkmd_d>\d{{1,2}})\s*[日일号])
      | (?P<cjkd>(?:^|[^\d.,:/])(?P<cjkd_d>\d{{1,2}})\s*[日일](?P<cjkd_x>[간째間目後前半以当連平]?))
      | (?P<eumd>\b(?P<eumd_d>\d{{1,2}})\.?\s+(?:de\s+)?(?i:(?P<eumd_m>{eu}))\b)
      | (?P<cymd>(?P<cymd_d>\d{{1,2}})\s+(?P<cymd_m>{ukru}))
      | (?P<monrel>(?P<monrel_m>{MONTH})\s+(?P<monrel_w>last|next|this)\s+year\b)
      | (?P<md>(?:(?P<md_wd>{WD}),?\s+)?(?P<md_m>{MONTH})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?\b)
      | (?P<dm>\b(?P<dm_d>\d{{1,2}})\s+(?P<dm_m>{MONTH})\b)
      | (?P<my>(?P<my_m>{MONTH}),?\s+(?P<my_y>(?:19|20)\d\d)\b)
      | (?P<relm>\b(?P<relm_w>last|next|this)\s+(?P<relm_m>{MONTH})\b)
      | (?:\b(?:in|since|by|until|from|during|early|late|mid|through|of|before|after)[\s-]+(?P<mon>May)\b(?:,?\s+(?P<mon_y>(?:19|20)\d\d)\b)?)
      | (?P<mon2>\b(?:January|February|March|April|June|July|August|September|October|November|December)\b)
      | (?P<reltxt>\b(?i:(?:earlier|later)\s+this\s+(?:year|month|week)|(?:(?:the\s+)?last|this|(?:the\s+)?next|the\s+previous|the\s+past)\s+(?:year|month|week)|yesterday|today|tomorrow|tonight|(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+(?:days?|weeks?|months?|years?)\s+ago)\b)
      | (?P<wd>\b(?:(?P<wd_w>last|next|this)\s+)?(?P<wd_d>{WD})(?:\s+(?:morning|afternoon|evening|night))?\b)
      | (?P<year>(?:^|[^\d,.$€£\-])(?P<year_y>(?:19|20)\d\d)(?:$|[^\p{{L}}\p{{N}}_]))
    "
    );
    crate::ascii_words(&pat)
});

/// Cues of the tense of the clause around a time expression.
static PAST_CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_words(
        r"(?i)\b(?:was|were|had|did|said|told|ago|previously|earlier|last|ran|sank|struck|went|came|took|made|gave|met|left|began|fell|hit|held|saw|wrote|found|became|brought|kept|lost|paid|sent|spent|stood|won|fought|caught|got|knew|thought|led|broke|drove|flew|rose|chose|spoke|sold|bought|built|\w{3,}ed)\b",
    )
});
static FUTURE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_words(
        r"(?i)\b(?:will|would|shall|'ll|going to|expects? to|expected|plans? to|planned|scheduled|due|upcoming|next|until|through|by)\b",
    )
});

/// Tense of the clause a time expression sits in: the nearest tense cue
/// within a few words on either side wins; `None` when there is none.
fn tense_near(sent: &str, at: Range<usize>) -> Option<bool> {
    let clause_start = sent[..at.start]
        .rfind([';', '—'])
        .map(|p| p + sent[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let clause_end = sent[at.end..]
        .find([';', '—'])
        .map(|p| at.end + p)
        .unwrap_or(sent.len());
    let before = &sent[clause_start..at.start];
    let after = &sent[at.end..clause_end];
    let window = |s: &str, from_end: bool| -> String {
        let words: Vec<&str> = s.split_whitespace().collect();
        let n = words.len().min(8);
        if from_end {
            words[words.len() - n..].join(" ")
        } else {
            words[..n].join(" ")
        }
    };
    let (b, a) = (window(before, true), window(after, false));
    // Distance in characters from the expression to the nearest cue.
    let near = |re: &Regex| -> Option<usize> {
        let from_before = re.find_iter(&b).last().map(|m| b.len() - m.end());
        let from_after = re.find(&a).map(|m| m.start());
        match (from_before, from_after) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        }
    };
    match (near(&PAST_CUE), near(&FUTURE_CUE)) {
        (Some(p), Some(f)) => Some(f <= p),
        (Some(_), None) => Some(false),
        (None, Some(_)) => Some(true),
        (None, None) => None,
    }
}

/// A normalised value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Range(NaiveDate, NaiveDate),
}

impl Value {
    pub fn first(&self) -> NaiveDate {
        match *self {
            Value::Day(d) => d,
            Value::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN),
            Value::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
            Value::Range(a, _) => a,
        }
    }

    pub fn last(&self) -> NaiveDate {
        match *self {
            Value::Day(d) => d,
            Value::Month(y, m) => last_of_month(y, m),
            Value::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
            Value::Range(_, b) => b,
        }
    }

    pub fn precision(&self) -> Precision {
        match self {
            Value::Day(_) => Precision::Day,
            Value::Month(..) => Precision::Month,
            Value::Year(_) => Precision::Year,
            Value::Range(..) => Precision::Range,
        }
    }

    pub fn render(&self) -> String {
        match *self {
            Value::Day(d) => d.format("%Y-%m-%d").to_string(),
            Value::Month(y, m) => format!("{y:04}-{m:02}"),
            Value::Year(y) => format!("{y:04}"),
            Value::Range(a, b) => format!("{}/{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        }
    }
}

pub fn last_of_month(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// A value in TIMEX3 syntax (TempEval): ranges of a week become `2013-W11`,
/// other ranges their first day's month when they stay in it, else the
/// first day.
pub fn timex3_of(f: &Found) -> Option<String> {
    match (&f.kind, f.value) {
        (Kind::Other(v), _) => Some(v.clone()),
        (Kind::Season(code, off), _) => f.season_year.map(|y| format!("{}-{code}", y + off)),
        (_, Some(v @ Value::Day(_))) => Some(format!(
            "{}{}",
            timex3(&v),
            f.time_of_day.as_deref().unwrap_or("")
        )),
        (_, Some(v)) => Some(timex3(&v)),
        _ => None,
    }
}

pub fn timex3(v: &Value) -> String {
    match *v {
        Value::Range(a, b) if (b - a).num_days() == 6 && a.weekday() == Weekday::Mon => {
            let w = a.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Value::Range(a, b) if a.year() == b.year() && a.month() == b.month() => {
            format!("{}-{:02}", a.year(), a.month())
        }
        Value::Range(a, b) if a.year() == b.year() => format!("{}", a.year()),
        Value::Range(a, _) => a.format("%Y-%m-%d").to_string(),
        other => other.render(),
    }
}

/// What kind of expression was found, before normalisation.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Absolute(Value),
    /// Month and day without a year.
    MonthDay(u32, u32),
    /// A day of the month alone, as Korean, Japanese and Chinese news
    /// write it ("4일 국회 본회의를 열고", "3日夜"): in the article's month,
    /// or the one before for a day still to come in it.
    DayOfMonth(u32),
    /// A month without a year; the i32 shifts the year ("October last year": -1).
    Month(u32, Option<i32>),
    Weekday(Weekday, Option<&'static str>),
    /// "last year" etc.: unit and offset.
    Relative(&'static str, i64),
    /// "four years ago": count and unit (`y`, `m`, `w`, `d`).
    Ago(i64, char),
    /// A season with an offset from the anchor's year ("last summer").
    Season(&'static str, i32),
    /// Durations, references and times whose value is a TIMEX3 string
    /// ("P3M", "PRESENT_REF", "T20:00"), not a calendar range.
    Other(String),
}

#[derive(Debug, Clone)]
pub struct Found {
    pub range: Range<usize>,
    pub kind: Kind,
    pub future: bool,
    pub value: Option<Value>,
    /// Inside "(1990-)": a run's start year, not an event.
    pub parenthetical: bool,
    /// Time of day on a date: "T15:00", "TAF" (afternoon).
    pub time_of_day: Option<String>,
    /// The anchor's year, for seasons.
    pub season_year: Option<i32>,
}

impl Found {
    pub fn into_model(self, part: &Part) -> TimeExpr {
        TimeExpr {
            text: part.text[self.range.clone()].to_string(),
            value: match &self.kind {
                Kind::Other(v) => Some(v.clone()),
                Kind::Season(code, off) => self.season_year.map(|y| format!("{}-{code}", y + off)),
                _ => self.value.map(|v| v.render()),
            },
            precision: self.value.map(|v| v.precision()),
            from: self.value.map(|v| v.first().format("%Y-%m-%d").to_string()),
            to: self.value.map(|v| v.last().format("%Y-%m-%d").to_string()),
            relative: !matches!(self.kind, Kind::Absolute(_)),
            span: part.span(self.range.start, self.range.end),
        }
    }
}

fn month_of(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn ukru_month(name: &str) -> Option<u32> {
    UKRU_MONTHS
        .iter()
        .position(|m| *m == name)
        .map(|i| (i % 12) as u32 + 1)
}

fn weekday_of(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

fn word_number(w: &str) -> Option<i64> {
    let n = match w.to_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "several" | "a few" => 3,
        other => other.parse().ok()?,
    };
    Some(n)
}

/// Finds time expressions in each sentence and normalises them.
pub fn find(text: &str, sentences: &[Range<usize>], anchor: Option<Anchor>) -> Vec<Found> {
    let mut out = Vec::new();
    for s in sentences {
        let sent = &text[s.clone()];
        let mut found: Vec<(Range<usize>, Kind)> = Vec::new();
        for c in RE.captures_iter(sent) {
            if let Some(hit) = classify(&c) {
                found.push(hit);
            }
        }
        // Durations, references to the present, clock times and centuries,
        // and relative dates in other languages, where they do not overlap
        // a date.
        for (range, kind) in extra(sent).into_iter().chain(relative_elsewhere(sent)) {
            // "the spring of 2024" is the season, not the year in it.
            if matches!(&kind, Kind::Other(v) if season_of(v).is_some()) {
                found.retain(|(r, k)| {
                    !(matches!(k, Kind::Absolute(Value::Year(_)))
                        && range.start <= r.start
                        && r.end <= range.end)
                });
            }
            if !found
                .iter()
                .any(|(r, _)| r.start < range.end && range.start < r.end)
            {
                found.push((range, kind));
            }
        }
        found.sort_by_key(|(r, _)| r.start);
        // A clock time next to a day ("15:00 GMT Saturday", "Friday at
        // 8 p.m.") is one expression.
        let mut merged: Vec<(Range<usize>, Kind, Option<String>)> = Vec::new();
        for (range, kind) in found {
            if let Kind::Other(v) = &kind {
                if let Some(t) = v.strip_prefix('T') {
                    if let Some(prev) = merged.last_mut() {
                        let gap = &sent[prev.0.end.min(range.start)..range.start];
                        if is_day(&prev.1)
                            && gap
                                .trim_matches(|c: char| c.is_whitespace() || c == ',')
                                .trim_start_matches("at")
                                .trim()
                                .is_empty()
                            && gap.len() < 8
                        {
                            prev.0.end = range.end;
                            prev.2 = Some(format!("T{t}"));
                            continue;
                        }
                    }
                }
            }
            if is_day(&kind) {
                if let Some(prev) = merged.last() {
                    if let Kind::Other(v) = &prev.1 {
                        let gap = &sent[prev.0.end.min(range.start)..range.start];
                        if v.starts_with('T')
                            && gap.trim().trim_matches(',').trim().is_empty()
                            && gap.len() < 4
                        {
                            let (r, k, _) =
                                merged.pop().unwrap_or((range.clone(), kind.clone(), None));
                            let tod = if let Kind::Other(v) = k {
                                Some(v)
                            } else {
                                None
                            };
                            merged.push((r.start..range.end, kind, tod));
                            continue;
                        }
                    }
                }
            }
            let tod = PART_OF_DAY
                .captures(&sent[range.clone()])
                .and_then(|c| c.get(1))
                .map(|m| match m.as_str().to_ascii_lowercase().as_str() {
                    "morning" => "TMO".to_string(),
                    "afternoon" => "TAF".to_string(),
                    "evening" => "TEV".to_string(),
                    _ => "TNI".to_string(),
                })
                .filter(|_| is_day(&kind));
            merged.push((range, kind, tod));
        }
        for (mut range, kind, time_of_day) in merged {
            // "early December", "late last July": the modifier belongs to the
            // expression.
            if let Some(m) = MODIFIER.find(&sent[..range.start]) {
                range.start = m.start();
            }
            let tense = tense_near(sent, range.clone());
            let range = s.start + range.start..s.start + range.end;
            let parenthetical =
                text[range.end..].starts_with(['-', '–']) && text[..range.start].ends_with('(');
            let value = normalise(&kind, tense, anchor);
            out.push(Found {
                range,
                kind,
                future: tense == Some(true),
                value,
                parenthetical,
                time_of_day,
                season_year: anchor.map(|a| a.from.year()),
            });
        }
    }
    out
}

/// Whether an expression names one day.
fn is_day(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Absolute(Value::Day(_))
            | Kind::MonthDay(..)
            | Kind::DayOfMonth(_)
            | Kind::Weekday(..)
    ) || matches!(kind, Kind::Relative("day", _))
}

static PART_OF_DAY: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_words(r"(?i)\b(morning|afternoon|evening|night)$|\b(tonight)$"));

static MODIFIER: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_words(
        r"(?i)\b(?:the\s+)?(?:very\s+)?(?:early|late|mid|the end of|the beginning of|the start of|the middle of)[\s-]+$",
    )
});

const UNITS: &str = r"(?:second|minute|hour|day|week|month|year|decade|century)s?";
static EXTRA: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_words(&format!(
        r"(?xi)
        (?P<dur>\b(?P<pre>(?:the\s+)?(?:past|last|next|following|previous|coming|recent)\s+)?(?:(?:a\s+mere|almost)\s+)?
            (?P<n>\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|a\s+few|few|many)
            [\s-]+(?P<u>{UNITS})\b(?:'|’)?)
      | (?P<dec>\bthe\s+(?:next|following|past|last|previous|coming)\s+(?:decade|century)\b)
      | (?P<bare>\b(?:(?P<bp>recent|the\s+past)\s+|(?P<bq>for|in|within|over|after|from|take|takes|took|taking)\s+)?(?P<bu>minutes|hours|days|weeks|months|years|decades)\b)
      | (?P<yrange>\b(?:19|20)\d\d[-–](?P<y2>(?:19|20)\d\d)\b)
      | (?P<season>\b(?:(?P<sw>last|this|next)\s+)?(?P<sn>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<sy>(?:19|20)\d\d))?\b)
      | (?P<fiscal>\b(?P<fw>this|last|next)\s+fiscal\s+year\b)
      | (?P<present>\b(?:now|currently|nowadays|at\s+present|presently)\b)
      | (?P<past>\b(?:the\s+past|at\s+the\s+time|formerly)\b)
      | (?P<clock>\b(?P<h>\d{{1,2}})(?::(?P<m>\d{{2}}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?:\s|$|[,.;)])|\b(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)\s*(?:GMT|UTC|ET|EST|EDT|PST|PT|CET|BST|KST)\b)
      | (?P<cent>\b(?P<cn>\d{{1,2}})(?:st|nd|rd|th)\s+[Cc]entury\b)
      | (?P<set>\b(?:annually|yearly|every\s+year|each\s+year|weekly|every\s+week|daily|every\s+day|each\s+day|monthly|every\s+month|every\s+(?:morning|evening|night))\b)
    "
    ))
});

fn unit_code(u: &str) -> (&'static str, i64) {
    let u = u.to_ascii_lowercase();
    match u.trim_end_matches('s') {
        "second" => ("TS", 1),
        "minute" => ("TM", 1),
        "hour" => ("TH", 1),
        "day" => ("D", 1),
        "week" => ("W", 1),
        "month" => ("M", 1),
        "decade" => ("Y", 10),
        "century" | "centurie" => ("Y", 100),
        _ => ("Y", 1),
    }
}

/// Non-date expressions, with TIMEX3-style values.
fn extra(sent: &str) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    for c in EXTRA.captures_iter(sent) {
        let Some(m) = c.get(0) else { continue };
        let value = if c.name("dur").is_some() {
            let after = &sent[m.end()..];
            // "27-year-old" is an age; "two years ago" a date (dated elsewhere).
            if after.starts_with("-old")
                || after.starts_with(" old")
                || after.trim_start().starts_with("ago")
            {
                continue;
            }
            let (code, mult) = unit_code(&c["u"]);
            let n = c["n"].to_ascii_lowercase();
            let count = word_number(&n).map(|x| (x * mult).to_string()).or_else(|| {
                n.parse::<f64>()
                    .ok()
                    .map(|x| ((x * mult as f64) as i64).to_string())
            });
            let count = count
                .filter(|_| {
                    !matches!(n.as_str(), "several" | "few" | "many") && !n.starts_with("a few")
                })
                .unwrap_or_else(|| "X".into());
            match code.strip_prefix('T') {
                Some(t) => format!("PT{count}{t}"),
                None => format!("P{count}{code}"),
            }
        } else if c.name("dec").is_some() {
            if m.as_str().to_ascii_lowercase().ends_with("century") {
                "P100Y".into()
            } else {
                "P10Y".into()
            }
        } else if let Some(y2) = c.name("y2") {
            let Ok(y) = y2.as_str().parse::<i32>() else {
                continue;
            };
            out.push((y2.range(), Kind::Absolute(Value::Year(y))));
            continue;
        } else if let Some(sn) = c.name("sn") {
            // Seasons need a year: stated, or "last/this/next" with the
            // article's date (resolved later from the anchor).
            let code = match sn.as_str().to_ascii_lowercase().as_str() {
                "spring" => "SP",
                "summer" => "SU",
                "winter" => "WI",
                _ => "FA",
            };
            let kind = match (
                c.name("sy"),
                c.name("sw").map(|w| w.as_str().to_ascii_lowercase()),
            ) {
                (Some(y), _) => Kind::Other(format!("{}-{code}", y.as_str())),
                (None, Some(w)) => Kind::Season(
                    code,
                    if w == "last" {
                        -1
                    } else if w == "next" {
                        1
                    } else {
                        0
                    },
                ),
                _ => continue,
            };
            out.push((m.range(), kind));
            continue;
        } else if let Some(w) = c.name("fw") {
            let off = match w.as_str().to_ascii_lowercase().as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            out.push((m.range(), Kind::Relative("year", off)));
            continue;
        } else if let Some(u) = c.name("bu") {
            // A bare plural unit is a duration only with a cue: "for weeks",
            // "recent days", "minutes before".
            let next = sent[u.end()..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if c.name("bp").is_none()
                && c.name("bq").is_none()
                && !matches!(next.as_str(), "before" | "after" | "later" | "earlier")
            {
                continue;
            }
            let (code, _) = unit_code(u.as_str());
            // "recent weeks" keeps its modifier; "for weeks" does not.
            let start = c.name("bp").map(|b| b.start()).unwrap_or(u.start());
            out.push((
                start..u.end(),
                Kind::Other(match code.strip_prefix('T') {
                    Some(t) => format!("PTX{t}"),
                    None => format!("PX{code}"),
                }),
            ));
            continue;
        } else if c.name("present").is_some() {
            "PRESENT_REF".into()
        } else if c.name("past").is_some() {
            "PAST_REF".into()
        } else if c.name("clock").is_some() {
            let (h, mm) = match (c.name("h"), c.name("h2")) {
                (Some(h), _) => {
                    let mut h: u32 = h.as_str().parse().unwrap_or(0);
                    let pm = c
                        .name("ap")
                        .is_some_and(|a| a.as_str().to_ascii_lowercase().starts_with('p'));
                    if pm && h < 12 {
                        h += 12;
                    } else if !pm && h == 12 {
                        h = 0;
                    }
                    (h, c.name("m").map(|m| m.as_str().to_string()))
                }
                (None, Some(h)) => (
                    h.as_str().parse().unwrap_or(0),
                    c.name("m2").map(|m| m.as_str().to_string()),
                ),
                _ => continue,
            };
            if h > 23 {
                continue;
            }
            let end = m.as_str().trim_end_matches([' ', ',', '.', ';', ')']).len();
            out.push((
                m.start()..m.start() + end,
                Kind::Other(match mm {
                    Some(mm) => format!("T{h:02}:{mm}"),
                    None => format!("T{h:02}"),
                }),
            ));
            continue;
        } else if let Some(n) = c.name("cn") {
            let n: i64 = n.as_str().parse().unwrap_or(1);
            format!("{:02}", n - 1)
        } else if c.name("set").is_some() {
            let t = m.as_str().to_ascii_lowercase();
            // TIMEX3 writes a set as the repeating calendar unit.
            if t.contains("morning") {
                "XXXX-XX-XXTMO".into()
            } else if t.contains("evening") {
                "XXXX-XX-XXTEV".into()
            } else if t.contains("night") {
                "XXXX-XX-XXTNI".into()
            } else if t.contains("week") {
                "XXXX-WXX".into()
            } else if t.contains("month") {
                "XXXX-XX".into()
            } else if t.contains("da") {
                "XXXX-XX-XX".into()
            } else {
                "XXXX".into()
            }
        } else {
            continue;
        };
        out.push((m.range(), Kind::Other(value)));
    }
    out
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)
}

fn classify(c: &regex::Captures) -> Option<(Range<usize>, Kind)> {
    let g = |n: &str| c.name(n);
    if let Some(m) = g("iso") {
        let d = NaiveDate::parse_from_str(m.as_str(), "%Y-%m-%d").ok()?;
        return Some((m.range(), Kind::Absolute(Value::Day(d))));
    }
    if let Some(m) = g("mdy") {
        let d = ymd(&c["mdy_y"], month_of(&c["mdy_m"])?, &c["mdy_d"])?;
        return Some((m.range(), Kind::Absolute(Value::Day(d))));
    }
    if let Some(m) = g("dmy") {
        let d = ymd(&c["dmy_y"], month_of(&c["dmy_m"])?, &c["dmy_d"])?;
        return Some((m.range(), Kind::Absolute(Value::Day(d))));
    }
    // Korean (2025년 1월 11일), Japanese and Chinese (2025年1月11日).
    if let Some(m) = g("cjk") {
        let y: i32 = c["cjk_y"].parse().ok()?;
        let mo: u32 = c["cjk_m"].parse().ok()?;
        let v = match c.name("cjk_d") {
            Some(d) => Value::Day(NaiveDate::from_ymd_opt(y, mo, d.as_str().parse().ok()?)?),
            None if (1..=12).contains(&mo) => Value::Month(y, mo),
            None => return None,
        };
        return Some((m.range(), Kind::Absolute(v)));
    }
    if let Some(m) = g("eu") {
        let d = ymd(&c["eu_y"], eu_month(&c["eu_m"])?, &c["eu_d"])?;
        return Some((m.range(), Kind::Absolute(Value::Day(d))));
    }
    if let Some(m) = g("cy") {
        let d = ymd(&c["cy_y"], ukru_month(&c["cy_m"])?, &c["cy_d"])?;
        return Some((m.range(), Kind::Absolute(Value::Day(d))));
    }
    for (name, day, month) in [
        ("cjkmd", "cjkmd_d", "cjkmd_m"),
        ("eumd", "eumd_d", "eumd_m"),
        ("cymd", "cymd_d", "cymd_m"),
    ] {
        if let Some(m) = g(name) {
            let d: u32 = c[day].parse().ok()?;
            let name = &c[month];
            let mo = name
                .parse::<u32>()
                .ok()
                .or_else(|| eu_month(name))
                .or_else(|| ukru_month(name))
                .filter(|m| (1..=12).contains(m))?;
            if d == 0 || d > 31 {
                return None;
            }
            return Some((m.range(), Kind::MonthDay(mo, d)));
        }
    }
    if let (Some(d), Some(x)) = (g("cjkd_d"), g("cjkd_x")) {
        // "3일간", "3日間", "3日目", "3日後": three days, the third day,
        // three days later; not a date.
        let day: u32 = d.as_str().parse().ok()?;
        if !x.as_str().is_empty() || day == 0 || day > 31 {
            return None;
        }
        return Some((d.start()..x.end(), Kind::DayOfMonth(day)));
    }
    if let Some(m) = g("monrel") {
        let shift = match &c["monrel_w"] {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        return Some((
            m.range(),
            Kind::Month(month_of(&c["monrel_m"])?, Some(shift)),
        ));
    }
    if let Some(m) = g("md") {
        let mo = month_of(&c["md_m"])?;
        let d: u32 = c["md_d"].parse().ok()?;
        if d == 0 || d > 31 {
            return None;
        }
        return Some((m.range(), Kind::MonthDay(mo, d)));
    }
    if let Some(m) = g("dm") {
        let d: u32 = c["dm_d"].parse().ok()?;
        if d == 0 || d > 31 {
            return None;
        }
        return Some((m.range(), Kind::MonthDay(month_of(&c["dm_m"])?, d)));
    }
    if let Some(m) = g("my") {
        let y: i32 = c["my_y"].parse().ok()?;
        return Some((
            m.range(),
            Kind::Absolute(Value::Month(y, month_of(&c["my_m"])?)),
        ));
    }
    if let Some(m) = g("relm") {
        // "last October": the latest October before the anchor (-100);
        // "next October": the first after it (+100); "this October": same year.
        let shift = match &c["relm_w"] {
            "last" => -100,
            "next" => 100,
            _ => 0,
        };
        return Some((m.range(), Kind::Month(month_of(&c["relm_m"])?, Some(shift))));
    }
    if let (Some(m), Some(ym)) = (g("mon"), g("mon_y")) {
        let y: i32 = ym.as_str().parse().ok()?;
        return Some((m.start()..ym.end(), Kind::Absolute(Value::Month(y, 5))));
    }
    if let Some(m) = g("mon").or_else(|| g("mon2")) {
        return Some((m.range(), Kind::Month(month_of(m.as_str())?, None)));
    }
    if let Some(m) = g("reltxt") {
        let t = m.as_str().to_lowercase();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let kind = if t.ends_with(" ago") {
            let parts: Vec<&str> = t.split(' ').collect();
            let n = if parts.len() == 4 {
                word_number("a few")?
            } else {
                word_number(parts[0])?
            };
            let unit = parts[parts.len() - 2].trim_end_matches('s');
            let u = match unit {
                "day" => 'd',
                "week" => 'w',
                "month" => 'm',
                _ => 'y',
            };
            Kind::Ago(n, u)
        } else {
            let unit = if t.ends_with("year") {
                "year"
            } else if t.ends_with("month") {
                "month"
            } else if t.ends_with("week") {
                "week"
            } else {
                "day"
            };
            let off = if t.starts_with("last")
                || t.contains("previous")
                || t.contains("past")
                || t == "yesterday"
            {
                -1
            } else if t.starts_with("next") || t == "tomorrow" {
                1
            } else {
                0
            };
            Kind::Relative(unit, off)
        };
        return Some((m.range(), kind));
    }
    if let Some(m) = g("wd") {
        let w = c.name("wd_w").map(|w| match w.as_str() {
            "last" => "last",
            "next" => "next",
            _ => "this",
        });
        return Some((m.range(), Kind::Weekday(weekday_of(&c["wd_d"])?, w)));
    }
    if let Some(m) = g("year_y") {
        let y: i32 = m.as_str().parse().ok()?;
        return Some((m.range(), Kind::Absolute(Value::Year(y))));
    }
    None
}

/// Relative dates in the other languages analysed, as (unit, offset) of
/// [`Kind::Relative`]: "지난해", "昨年", "去年", "в прошлом году",
/// "минулого року", "letzten Jahres", "el año pasado", "l'an dernier" are
/// all the year before the article's. ("mañana" and "morgen" are left out:
/// they are also "morning"; and French "hier", German and Dutch for
/// "here".)
const RELATIVE_ELSEWHERE: &[(&str, &str, i64)] = &[
    // Korean
    ("지난해", "year", -1),
    ("작년", "year", -1),
    ("올해", "year", 0),
    ("내년", "year", 1),
    ("지난달", "month", -1),
    ("이번 달", "month", 0),
    ("다음 달", "month", 1),
    ("지난주", "week", -1),
    ("이번 주", "week", 0),
    ("다음 주", "week", 1),
    ("어제", "day", -1),
    ("오늘", "day", 0),
    ("내일", "day", 1),
    // Japanese and Chinese
    ("昨年", "year", -1),
    ("去年", "year", -1),
    ("今年", "year", 0),
    ("来年", "year", 1),
    ("明年", "year", 1),
    ("先月", "month", -1),
    ("上个月", "month", -1),
    ("上個月", "month", -1),
    ("今月", "month", 0),
    ("本月", "month", 0),
    ("来月", "month", 1),
    ("下个月", "month", 1),
    ("下個月", "month", 1),
    ("先週", "week", -1),
    ("上周", "week", -1),
    ("上週", "week", -1),
    ("来週", "week", 1),
    ("下周", "week", 1),
    ("下週", "week", 1),
    ("昨日", "day", -1),
    ("昨天", "day", -1),
    ("今日", "day", 0),
    ("今天", "day", 0),
    ("明日", "day", 1),
    ("明天", "day", 1),
    // Russian
    ("в прошлом году", "year", -1),
    ("прошлого года", "year", -1),
    ("в этом году", "year", 0),
    ("этого года", "year", 0),
    ("в следующем году", "year", 1),
    ("в прошлом месяце", "month", -1),
    ("на прошлой неделе", "week", -1),
    ("вчера", "day", -1),
    ("сегодня", "day", 0),
    ("завтра", "day", 1),
    // Ukrainian
    ("минулого року", "year", -1),
    ("торік", "year", -1),
    ("цього року", "year", 0),
    ("наступного року", "year", 1),
    ("минулого місяця", "month", -1),
    ("минулого тижня", "week", -1),
    ("вчора", "day", -1),
    ("учора", "day", -1),
    ("сьогодні", "day", 0),
    // German
    ("letzten Jahres", "year", -1),
    ("letztes Jahr", "year", -1),
    ("im vergangenen Jahr", "year", -1),
    ("vergangenes Jahr", "year", -1),
    ("im letzten Jahr", "year", -1),
    ("dieses Jahr", "year", 0),
    ("in diesem Jahr", "year", 0),
    ("nächstes Jahr", "year", 1),
    ("im nächsten Jahr", "year", 1),
    ("letzten Monat", "month", -1),
    ("im vergangenen Monat", "month", -1),
    ("letzte Woche", "week", -1),
    ("vergangene Woche", "week", -1),
    ("gestern", "day", -1),
    ("heute", "day", 0),
    // Spanish
    ("el año pasado", "year", -1),
    ("este año", "year", 0),
    ("el próximo año", "year", 1),
    ("el año que viene", "year", 1),
    ("el mes pasado", "month", -1),
    ("la semana pasada", "week", -1),
    ("ayer", "day", -1),
    ("hoy", "day", 0),
    // French
    ("l'année dernière", "year", -1),
    ("l’année dernière", "year", -1),
    ("l'an dernier", "year", -1),
    ("l’an dernier", "year", -1),
    ("cette année", "year", 0),
    ("l'année prochaine", "year", 1),
    ("l’année prochaine", "year", 1),
    ("le mois dernier", "month", -1),
    ("la semaine dernière", "week", -1),
    ("aujourd'hui", "day", 0),
    ("aujourd’hui", "day", 0),
    ("demain", "day", 1),
];

/// The relative dates of [`RELATIVE_ELSEWHERE`] in a sentence. Phrases
/// in cased scripts match whole words, any case; Han, kana and Hangul ones
/// wherever they stand (no spaces mark words there).
///
/// One pattern without groups or word edges finds the phrases (the regex
/// crate runs such a pattern as a DFA on any text; with eighty groups and
/// Unicode word edges it fell back to backtracking on every non-ASCII
/// sentence and took over half of all ingest time); word edges are checked
/// after, and the phrase found is looked up by its folded text.
fn relative_elsewhere(sent: &str) -> Vec<(Range<usize>, Kind)> {
    /// Folded phrase → unit and offset.
    type Values = HashMap<String, (&'static str, i64)>;
    static RE: LazyLock<(Regex, Values)> = LazyLock::new(|| {
        let alternatives: Vec<String> = RELATIVE_ELSEWHERE
            .iter()
            .map(|(phrase, _, _)| regex::escape(phrase).replace(' ', r"\s+"))
            .collect();
        let values = RELATIVE_ELSEWHERE
            .iter()
            .map(|&(p, u, o)| (fold_phrase(p), (u, o)))
            .collect();
        (
            Regex::new(&format!("(?i:{})", alternatives.join("|"))).expect("static regex"),
            values,
        )
    });
    let (re, values) = &*RE;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(m) = re.find_at(sent, at) {
        let cased = m.as_str().chars().any(|c| c < '\u{2E80}');
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let whole =
            edge(sent[..m.start()].chars().next_back()) && edge(sent[m.end()..].chars().next());
        if let Some(&(unit, offset)) = values
            .get(&fold_phrase(m.as_str()))
            .filter(|_| whole || !cased)
        {
            out.push((m.range(), Kind::Relative(unit, offset)));
            at = m.end();
        } else {
            // A phrase inside a longer word: look again from its next
            // character, where a whole phrase may start.
            at = m.start() + sent[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
        if at >= sent.len() {
            break;
        }
    }
    out
}

/// A phrase as [`relative_elsewhere`] looks it up: lower case, one space
/// between words.
fn fold_phrase(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Value of an expression against one anchor day.
fn at(kind: &Kind, tense: Option<bool>, d: NaiveDate) -> Option<Value> {
    let future = tense == Some(true);
    Some(match *kind {
        Kind::Absolute(v) => v,
        Kind::MonthDay(m, day) => {
            let cands: Vec<NaiveDate> = [d.year() - 1, d.year(), d.year() + 1]
                .iter()
                .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, day))
                .collect();
            let pick = if future {
                cands.into_iter().find(|c| *c >= d - Duration::days(7))
            } else {
                cands
                    .into_iter()
                    .rev()
                    .find(|c| *c <= d + Duration::days(7))
            };
            Value::Day(pick?)
        }
        Kind::DayOfMonth(day) => {
            // This month, one before or the one after: the latest not
            // after the next day (a day's news is written across time
            // zones), or for a day still to come the first not before the
            // day before.
            let first = d.with_day(1)?;
            let one = chrono::Months::new(1);
            // Two months back: the last 31st before 2 March is in January.
            let months = [
                first.checked_sub_months(chrono::Months::new(2)),
                first.checked_sub_months(one),
                Some(first),
                first.checked_add_months(one),
            ];
            let cands: Vec<NaiveDate> = months
                .iter()
                .flatten()
                .filter_map(|m| NaiveDate::from_ymd_opt(m.year(), m.month(), day))
                .collect();
            let pick = if future {
                cands.into_iter().find(|c| *c >= d - Duration::days(1))
            } else {
                cands
                    .into_iter()
                    .rev()
                    .find(|c| *c <= d + Duration::days(1))
            };
            Value::Day(pick?)
        }
        Kind::Month(m, shift) => {
            let y = match shift {
                Some(-100) => {
                    if m < d.month() {
                        d.year()
                    } else {
                        d.year() - 1
                    }
                }
                Some(100) => {
                    if m > d.month() {
                        d.year()
                    } else {
                        d.year() + 1
                    }
                }
                Some(s) => d.year() + s,
                None if future => {
                    if m >= d.month() {
                        d.year()
                    } else {
                        d.year() + 1
                    }
                }
                None if tense == Some(false) => {
                    if m <= d.month() {
                        d.year()
                    } else {
                        d.year() - 1
                    }
                }
                // No tense to go by: the nearest such month.
                None => {
                    let diff = m as i32 - d.month() as i32;
                    if diff > 6 {
                        d.year() - 1
                    } else if diff < -6 {
                        d.year() + 1
                    } else {
                        d.year()
                    }
                }
            };
            Value::Month(y, m)
        }
        Kind::Weekday(w, which) => {
            let back = (7 + d.weekday().num_days_from_monday() as i64
                - w.num_days_from_monday() as i64)
                % 7;
            let fwd = (7 + w.num_days_from_monday() as i64
                - d.weekday().num_days_from_monday() as i64)
                % 7;
            let day = match which {
                Some("last") => d - Duration::days(if back == 0 { 7 } else { back }),
                Some("next") => d + Duration::days(if fwd == 0 { 7 } else { fwd }),
                _ if future => d + Duration::days(fwd),
                _ => d - Duration::days(back),
            };
            Value::Day(day)
        }
        Kind::Relative(unit, off) => match unit {
            "year" => Value::Year(d.year() + off as i32),
            "month" => {
                let total = d.year() * 12 + d.month0() as i32 + off as i32;
                Value::Month(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
            }
            "week" => {
                let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64)
                    + Duration::weeks(off);
                Value::Range(monday, monday + Duration::days(6))
            }
            _ => Value::Day(d + Duration::days(off)),
        },
        // The value keeps the unit's precision: "four years ago" is a year.
        Kind::Ago(n, 'y') => Value::Year(d.year() - n as i32),
        Kind::Ago(n, 'm') => {
            let total = d.year() * 12 + d.month0() as i32 - n as i32;
            Value::Month(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
        }
        Kind::Ago(n, 'w') => {
            let day = d - Duration::weeks(n);
            let monday = day - Duration::days(day.weekday().num_days_from_monday() as i64);
            Value::Range(monday, monday + Duration::days(6))
        }
        Kind::Ago(n, _) => Value::Day(d - Duration::days(n)),
        Kind::Season(code, off) => return season(d.year() + off, code),
        Kind::Other(ref v) => return season_of(v),
    })
}

/// The days of a season of a year, as the northern hemisphere's weather
/// services count them (spring March to May, summer June to August,
/// autumn September to November). Winter runs from one year into the
/// next, and "the winter of 2024" is said of both: it is taken as either
/// (December 2023 to February 2025), so that it conflicts with no date it
/// may mean.
fn season(y: i32, code: &str) -> Option<Value> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let (from, to) = match code {
        "SP" => (day(y, 3, 1)?, day(y, 5, 31)?),
        "SU" => (day(y, 6, 1)?, day(y, 8, 31)?),
        "FA" => (day(y, 9, 1)?, day(y, 11, 30)?),
        "WI" => (day(y - 1, 12, 1)?, day(y + 1, 3, 1)?.pred_opt()?),
        _ => return None,
    };
    Some(Value::Range(from, to))
}

/// A season's TIMEX3 value ("2024-SU") as its days.
fn season_of(timex: &str) -> Option<Value> {
    let (y, code) = timex.split_once('-')?;
    season(y.parse().ok()?, code)
}

/// Value against an anchor range: exact when both ends agree, else a range.
pub fn normalise(kind: &Kind, future: Option<bool>, anchor: Option<Anchor>) -> Option<Value> {
    if let Kind::Other(v) = kind {
        return season_of(v);
    }
    if let Kind::Absolute(v) = kind {
        return Some(*v);
    }
    let a = anchor?;
    let (x, y) = (at(kind, future, a.from)?, at(kind, future, a.to)?);
    if x == y {
        Some(x)
    } else {
        Some(Value::Range(
            x.first().min(y.first()),
            x.last().max(y.last()),
        ))
    }
}

/// The month and day a time expression names, with or without a year
/// ("2024年12月29日", "29 December", "12월 29일"), or `None`.
pub fn month_day(expr: &str) -> Option<(u32, u32)> {
    let c = RE.captures(expr)?;
    match classify(&c)?.1 {
        Kind::Absolute(Value::Day(d)) => Some((d.month(), d.day())),
        Kind::MonthDay(m, d) => Some((m, d)),
        _ => None,
    }
}

/// The month and day a time expression names: written out ([`month_day`]),
/// or for a day of the month alone ("3일", "3日") the month its value, read
/// against the article's date, puts it in. (Weekdays and "yesterday", read
/// the same way, are not: as days a page names they lowered cross-language
/// recall on `bench/stories` from 0.441 to 0.424, a wrong page date moving
/// them.)
pub fn named_day(t: &crosscheck_model::TimeExpr) -> Option<(u32, u32)> {
    if let Some(md) = month_day(&t.text) {
        return Some(md);
    }
    let c = RE.captures(&t.text)?;
    let Kind::DayOfMonth(_) = classify(&c)?.1 else {
        return None;
    };
    let d = NaiveDate::parse_from_str(t.value.as_deref()?, "%Y-%m-%d").ok()?;
    Some((d.month(), d.day()))
}

/// Infers the range an undated article was written in, from what it says.
///
/// The latest past date it mentions is a lower bound; "this month" or "this
/// year" beside it bound the range above. A month and day without a year
/// take their year from `known` dates (other articles of the same story)
/// when one of them names the same day. Returns the anchor and a reason.
pub fn infer_anchor(
    times: &[crosscheck_model::TimeExpr],
    known: &[NaiveDate],
) -> Option<(Anchor, String)> {
    let mut lower: Option<(NaiveDate, String)> = None;
    let mut consider = |d: NaiveDate, why: String| {
        if lower.as_ref().is_none_or(|(l, _)| d > *l) {
            lower = Some((d, why));
        }
    };
    let mut this_month = false;
    let mut this_year = false;
    for t in times {
        let lt = t.text.to_lowercase();
        if lt.contains("this month") {
            this_month = true;
        }
        if lt.contains("this year") {
            this_year = true;
        }
        if t.relative {
            // Month and day without a year: resolvable through known dates.
            let Some(caps) = RE.captures(&t.text) else {
                continue;
            };
            let Some((_, Kind::MonthDay(m, d))) = classify(&caps) else {
                continue;
            };
            let same_day = known
                .iter()
                .filter(|k| k.month() == m && k.day() == d)
                .max();
            let nearest = || {
                let latest = known.iter().max()?;
                let this = NaiveDate::from_ymd_opt(latest.year(), m, d)?;
                if this <= *latest {
                    Some(this)
                } else {
                    NaiveDate::from_ymd_opt(latest.year() - 1, m, d)
                }
            };
            if let Some(day) = same_day.copied().or_else(nearest) {
                let how = if same_day.is_some() {
                    "the year from another article of the story that names the same day"
                } else {
                    "the year from the dates of the other articles of the story"
                };
                consider(day, format!("it mentions \"{}\" ({})", t.text, how));
            }
        } else if t.precision == Some(Precision::Day) {
            if let Some(d) = t
                .value
                .as_deref()
                .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
            {
                consider(d, format!("it mentions \"{}\"", t.text));
            }
        }
    }
    let (from, why) = lower?;
    let (to, bound) = if this_month {
        (
            last_of_month(from.year(), from.month()),
            "\"this month\" keeps it in that month",
        )
    } else if this_year {
        (
            NaiveDate::from_ymd_opt(from.year(), 12, 31)?,
            "\"this year\" keeps it in that year",
        )
    } else {
        (
            from + Duration::days(365),
            "nothing bounds it later; a year is assumed",
        )
    };
    Some((
        Anchor { from, to },
        format!("date not stated; inferred from content: {why}, so on or after {from}; {bound}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn norm(text: &str, anchor: &str) -> Vec<(String, Option<String>)> {
        let d = NaiveDate::parse_from_str(anchor, "%Y-%m-%d").ok();
        let sents = crate::sentences::split(text);
        find(text, &sents, d.map(|d| Anchor { from: d, to: d }))
            .into_iter()
            .map(|f| {
                (
                    text[f.range.clone()].to_string(),
                    f.value.map(|v| v.render()),
                )
            })
            .collect()
    }

    #[test]
    fn relative_to_a_known_date() {
        let got = norm(
            "The interviews aired Tuesday. They were interviewed in October 2025 and sent to Russia in 2024. Letters were released on Dec. 24, 2025.",
            "2026-01-22",
        );
        assert_eq!(
            got,
            vec![
                ("Tuesday".into(), Some("2026-01-20".into())),
                ("October 2025".into(), Some("2025-10".into())),
                ("2024".into(), Some("2024".into())),
                ("Dec. 24, 2025".into(), Some("2025-12-24".into())),
            ]
        );
    }

    #[test]
    fn months_weekdays_and_tense() {
        let got = norm("It happened in October. A report is expected in June. Jon Aas will visit on Wednesday. Since October last year, troops arrived. It grew earlier this month.", "2026-03-02");
        let vals: Vec<Option<String>> = got.into_iter().map(|g| g.1).collect();
        assert_eq!(
            vals,
            vec![
                Some("2025-10".into()),
                Some("2026-06".into()),
                Some("2026-03-04".into()),
                Some("2025-10".into()),
                Some("2026-03".into())
            ]
        );
    }

    #[test]
    fn future_in_the_past_looks_ahead() {
        // Reported speech: "would begin" is still to come on the article's date.
        let got = norm(
            "The operator said an inquiry would begin on Monday.",
            "2025-12-14",
        );
        assert_eq!(got[0].1.as_deref(), Some("2025-12-15"));
    }

    #[test]
    fn korean_ukrainian_russian_absolute_dates() {
        for (t, v) in [
            ("편지는 2025년 12월 24일 공개됐다.", "2025-12-24"),
            ("Листи оприлюднили 24 грудня 2025 року.", "2025-12-24"),
            ("Письма опубликовали 24 декабря 2025 года.", "2025-12-24"),
        ] {
            let got = norm(t, "2026-01-01");
            assert_eq!(got[0].1.as_deref(), Some(v), "{t}");
        }
    }

    #[test]
    fn against_a_range_values_that_differ_become_ranges() {
        let a = Anchor {
            from: NaiveDate::from_ymd_opt(2025, 12, 24).unwrap(),
            to: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        };
        let k = Kind::Month(10, None);
        assert_eq!(
            normalise(&k, Some(false), Some(a))
                .map(|v| v.render())
                .as_deref(),
            Some("2025-10")
        );
        let w = Kind::Weekday(Weekday::Tue, None);
        assert_eq!(
            normalise(&w, Some(false), Some(a)).map(|v| v.precision()),
            Some(Precision::Range)
        );
        assert_eq!(normalise(&w, Some(false), None), None);
    }

    #[test]
    fn numbers_that_are_not_years() {
        let got = norm(
            "An estimated 15,000 troops and 2,024 others; $2025 was paid.",
            "2026-01-01",
        );
        assert!(got.is_empty(), "{got:?}");
    }
}

#[cfg(test)]
mod tense_tests {
    use super::*;

    #[test]
    fn clause_marks_in_any_script_do_not_split_characters() {
        let s = "OSLO (NPA) — The ferry ran aground on Sunday; it sank — later.";
        let at = s.find("Sunday").unwrap();
        assert_eq!(tense_near(s, at..at + 6), Some(false));
    }

    #[test]
    fn dates_in_other_languages_with_and_without_a_year() {
        let day = |t: &str| {
            let found = find(t, std::slice::from_ref(&(0..t.len())), None);
            found
                .first()
                .map(|f| (t[f.range.clone()].to_string(), f.value.map(|v| v.render())))
        };
        for (text, expr, value) in [
            (
                "2024年12月29日、務安空港で",
                "2024年12月29日",
                Some("2024-12-29"),
            ),
            ("于2024年12月29日上午", "2024年12月29日", Some("2024-12-29")),
            (
                "am 29. Dezember 2024 verunglückt",
                "29. Dezember 2024",
                Some("2024-12-29"),
            ),
            (
                "el 29 de diciembre de 2024 en Muan",
                "29 de diciembre de 2024",
                Some("2024-12-29"),
            ),
            (
                "le 22 juin 2023, les garde-côtes",
                "22 juin 2023",
                Some("2023-06-22"),
            ),
            (
                "6 червня 2023 року",
                "6 червня 2023 року",
                Some("2023-06-06"),
            ),
        ] {
            assert_eq!(
                day(text),
                Some((expr.to_string(), value.map(String::from))),
                "{text}"
            );
        }
        for (text, md) in [
            ("10月29日夜、梨泰院で", (10, 29)),
            ("10월 29일 밤 이태원에서", (10, 29)),
            ("am 6. Juni brach der Damm", (6, 6)),
            ("el 30 de octubre", (10, 30)),
            ("в ночь на 6 июня", (6, 6)),
            ("the night of 29 October", (10, 29)),
        ] {
            let found = find(text, std::slice::from_ref(&(0..text.len())), None);
            let f = found.first().unwrap_or_else(|| panic!("nothing in {text}"));
            assert_eq!(month_day(&text[f.range.clone()]), Some(md), "{text}");
        }
        // A day alone ("29日") names no month; a month name alone no day.
        assert_eq!(month_day("29日"), None);
        assert_eq!(month_day("im Dezember"), None);
    }

    /// "4일", "3日": a day of the article's month, or of the month before
    /// when that day is still to come; never a span of days or a count.
    #[test]
    fn a_day_of_the_month_alone_in_korean_japanese_and_chinese() {
        let value = |t: &str, anchor: &str| -> Vec<(String, Option<String>)> {
            super::tests::norm(t, anchor)
        };
        for (text, anchor, expr, day) in [
            (
                "우원식 국회의장은 4일 국회 본회의를 열었다.",
                "2024-12-04",
                "4일",
                "2024-12-04",
            ),
            (
                "윤 대통령은 3일 밤 비상계엄을 선포했다.",
                "2024-12-04",
                "3일",
                "2024-12-03",
            ),
            ("28일 발표했다.", "2024-12-04", "28일", "2024-11-28"),
            (
                "3日夜、非常戒厳を宣言した。",
                "2024-12-04",
                "3日",
                "2024-12-03",
            ),
            ("尹锡悦3日晚宣布戒严。", "2024-12-04", "3日", "2024-12-03"),
            ("31일 발표했다.", "2025-03-02", "31일", "2025-01-31"),
        ] {
            assert_eq!(
                value(text, anchor),
                vec![(expr.to_string(), Some(day.to_string()))],
                "{text}"
            );
        }
        for text in [
            "3일간 이어졌다.",
            "사흘째인 3일째 수색이 계속됐다.",
            "3日間続いた。",
            "地震から3日後に発見された。",
            "재석 190일 중",
            "1日当たり300人",
        ] {
            assert!(value(text, "2024-12-04").is_empty(), "{text}");
        }
        // The day is not a month and day, but names one once placed.
        assert_eq!(month_day("4일"), None);
        let placed = |text: &str, value: Option<&str>| crosscheck_model::TimeExpr {
            text: text.to_string(),
            value: value.map(String::from),
            precision: None,
            from: None,
            to: None,
            relative: true,
            span: crosscheck_model::Span {
                part: "text".into(),
                start: 0,
                end: text.len(),
            },
        };
        assert_eq!(named_day(&placed("4일", Some("2024-12-04"))), Some((12, 4)));
        assert_eq!(named_day(&placed("4일", None)), None);
        assert_eq!(named_day(&placed("12월 4일", None)), Some((12, 4)));
        assert_eq!(named_day(&placed("yesterday", Some("2024-12-03"))), None);
    }

    #[test]
    fn seasons_are_their_months() {
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            super::season_of("2024-SU"),
            Some(Value::Range(day("2024-06-01"), day("2024-08-31")))
        );
        // Either winter the year names: no date in them conflicts.
        assert_eq!(
            super::season_of("2024-WI"),
            Some(Value::Range(day("2023-12-01"), day("2025-02-28")))
        );
        assert_eq!(super::season_of("P3M"), None);
    }

    #[test]
    fn relative_dates_in_other_languages() {
        let value =
            |t: &str| -> Vec<(String, Option<String>)> { super::tests::norm(t, "2025-01-11") };
        let last_year = Some("2024".to_string());
        for t in [
            "지난해 12월에 발표했다.",
            "昨年、発表された。",
            "去年发布了报告。",
            "Об этом стало известно в прошлом году.",
            "Це сталося минулого року.",
            "Das geschah Anfang letzten Jahres.",
            "Ocurrió el año pasado.",
            "C'est arrivé l'an dernier.",
        ] {
            let found = value(t);
            assert!(found.iter().any(|f| f.1 == last_year), "{t}: {found:?}");
        }
        assert!(value("어제 사고가 났다.")
            .iter()
            .any(|f| f.1.as_deref() == Some("2025-01-10")));
        assert!(value("Die Fähre liegt gestern hier.")
            .iter()
            .any(|f| f.1.as_deref() == Some("2025-01-10")));
        // "hier" is "here" in German and Dutch: not a day.
        assert!(value("Die Fähre liegt hier.").is_empty());
        // Whole words only in cased scripts ("heute" in "Heutigen"), any
        // case and spacing; a phrase inside a longer word does not hide a
        // whole one after it.
        assert!(value("Die Heutigen kamen.").is_empty());
        assert!(value("Gestern kam sie.")
            .iter()
            .any(|f| f.1.as_deref() == Some("2025-01-10")));
        assert!(value("Seit Anfang letzten   Jahres.")
            .iter()
            .any(|f| f.1 == last_year));
        assert!(value("Heutigen gestern.")
            .iter()
            .any(|f| f.1.as_deref() == Some("2025-01-10")));
    }
}
