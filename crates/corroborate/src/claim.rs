//! One claim from one aligned group of sentences: whether its sources
//! conflict, agree or stand alone; how independent they are; and a summary.

use crate::align::{common, union};
use crate::{evidence, within, Material, Said};
use crosscheck_analyze::attributions::same_upstream;
use crosscheck_analyze::quantities::compatible;
use crosscheck_model::{Article, Claim, Evidence, Quantity, Side, Status};
use std::collections::{BTreeSet, HashMap};

/// Values in `a` and `b` that cannot both be true, if any.
fn conflict(a: &[(String, &Quantity)], b: &[(String, &Quantity)]) -> Option<(String, String)> {
    let keys: BTreeSet<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
    for key in keys {
        let xa: Vec<&Quantity> = a.iter().filter(|(k, _)| k == key).map(|x| x.1).collect();
        let xb: Vec<&Quantity> = b.iter().filter(|(k, _)| k == key).map(|x| x.1).collect();
        if xb.is_empty() {
            continue;
        }
        // Conflict only when some value on each side fits nothing on the
        // other: "27 and 22" against "in their 20s" fit, 212 against 241 not.
        let fits = |x: &Quantity, ys: &[&Quantity]| {
            ys.iter()
                .any(|y| compatible((x.low, x.high), (y.low, y.high)))
        };
        let lonely_a = xa.iter().find(|x| !fits(x, &xb));
        let lonely_b = xb.iter().find(|y| !fits(y, &xa));
        if let (Some(x), Some(y)) = (lonely_a, lonely_b) {
            return Some((x.text.clone(), y.text.clone()));
        }
    }
    None
}

/// Dated expressions of two sentences that cannot overlap: every date in
/// one lies outside every date in the other ("on March 1" / "on March 3";
/// "in 2025" and "in January 2025" overlap and agree).
fn dates_apart(a: &Said, b: &Said) -> bool {
    !a.dates.is_empty()
        && !b.dates.is_empty()
        && !a
            .dates
            .iter()
            .any(|x| b.dates.iter().any(|y| x.1 <= y.2 && y.1 <= x.2))
}

/// Whether two sentences of one group conflict, and on what: counts that
/// cannot both be true, or one event dated twice (the same words apart from
/// the dates). Counts in sentences dated apart are of different moments
/// (a quake of 7.6 on Monday, an aftershock of 5.5 on Wednesday; a toll on
/// one day and the next), never a conflict.
fn conflicting_pair(m: &Material, x: usize, y: usize) -> Option<(String, String)> {
    let (ux, uy) = (&m.said[x], &m.said[y]);
    let counts = || {
        (!dates_apart(ux, uy) && !revised(ux) && !revised(uy))
            .then(|| count_conflict(m, ux, uy))
            .flatten()
    };
    counts().or_else(|| {
        let (wx, wy) = (&m.aligned[x].plain, &m.aligned[y].plain);
        let shared = common(wx, wy);
        let similar = shared >= 2 && shared * 10 >= union(wx, wy) * 6;
        (similar && dates_apart(ux, uy)).then(|| (ux.dates[0].0.clone(), uy.dates[0].0.clone()))
    })
}

/// Whether a sentence gives its count as one of several over time ("at
/// first count", "initially", "was revised to", "rose to", "in the final
/// count", "as of Sunday evening"): a count that changed is an update, not
/// a conflict with the count before or after it (153 dead and 103 injured
/// early on a Sunday, 133 injured "as of Sunday evening").
fn revised(u: &Said) -> bool {
    const CUES: &[&str] = &[
        // English
        "initially",
        "at first",
        "first count",
        "final count",
        "revised",
        "updated",
        "rose to",
        "climbed to",
        "risen to",
        "increased to",
        "up from",
        "down from",
        "earlier count",
        "preliminary",
        "as of",
        // German, Spanish, French, Russian, Ukrainian
        "zunächst",
        "korrigiert",
        "stieg auf",
        "inicialmente",
        "ascendió a",
        "aumentó a",
        "initialement",
        "passé à",
        "grimpé à",
        "первоначально",
        "возросло до",
        "выросло до",
        "спочатку",
        "зросла до",
        "зросло до",
        "stand:",
        "hasta el momento",
        "dernier bilan",
        "на данный момент",
        "станом на",
        // Korean, Japanese, Chinese
        "당초",
        "늘어",
        "늘었",
        "최종",
        "기준",
        "当初",
        "増え",
        "最終",
        "時点",
        "截至",
        "增至",
        "上升至",
        "最初",
        "最终",
    ];
    let text = u.sentence.text.to_lowercase();
    CUES.iter().any(|c| text.contains(c))
}

/// Counts of two sentences that cannot both be true. Tallies of people
/// (dead, injured, missing …) grow by the hour: two differ defensibly only
/// when both are known to be of one day.
fn count_conflict<'a>(m: &Material, ux: &'a Said, uy: &'a Said) -> Option<(String, String)> {
    let tally = |u: &Said| u.keyed.iter().any(|(k, _)| is_tally(k));
    if !tally(ux) || !tally(uy) {
        return conflict(&ux.keyed, &uy.keyed);
    }
    let same_day = match (day_of(m, ux), day_of(m, uy)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    let comparable = |u: &'a Said| -> Vec<(String, &'a Quantity)> {
        u.keyed
            .iter()
            .filter(|(k, _)| same_day || !is_tally(k))
            .map(
                |(k, q)| match place_scope(m, u, q).filter(|_| is_tally(k)) {
                    Some(place) => (format!("{k}@{place}"), *q),
                    None => (k.clone(), *q),
                },
            )
            .collect()
    };
    conflict(&comparable(ux), &comparable(uy))
}

/// The place a count is restricted to: a place named after "in" or "at"
/// (or "im", "en", "à") in the count's own clause. "Thirty-two deaths were
/// confirmed in Wajima, followed by 22 in Suzu" counts Wajima's dead, not
/// all of them, and conflicts with no toll of another place or of all
/// places ("Of the 72 deaths, 39 were in Wajima"); only with another count
/// of Wajima's.
fn place_scope<'a>(m: &'a Material, u: &Said, q: &Quantity) -> Option<&'a str> {
    let s = &u.sentence;
    if q.span.part != s.span.part || q.span.start < s.span.start {
        return None;
    }
    let chars: Vec<char> = s.text.chars().collect();
    let at = |i: usize| i.saturating_sub(s.span.start).min(chars.len());
    let boundary = |c: &char| matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')');
    let (qs, qe) = (at(q.span.start), at(q.span.end));
    let from = chars[..qs].iter().rposition(boundary).map_or(0, |i| i + 1);
    let to = chars[qe..]
        .iter()
        .position(boundary)
        .map_or(chars.len(), |i| qe + i);
    m.analyses[u.article]
        .mentions
        .iter()
        .filter(|x| x.kind == crosscheck_model::EntityKind::Place && x.span.part == s.span.part)
        .filter(|x| x.span.start >= s.span.start && (from..to).contains(&at(x.span.start)))
        .find(|x| {
            let before: String = chars[from..at(x.span.start)].iter().collect();
            let before = before.trim_end().to_lowercase();
            ["in", "at", "im", "en", "à"]
                .iter()
                .any(|w| before == *w || before.ends_with(&format!(" {w}")))
        })
        .map(|x| x.entity.as_str())
}

/// Whether a quantity key counts people in a state ("people:dead",
/// "passengers:missing") or counts the state itself ("72 deaths", "128
/// confirmed dead"): a tally, true only as of a moment.
fn is_tally(key: &str) -> bool {
    static STATES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        [
            "dead",
            "deaths",
            "death",
            "fatalities",
            "casualties",
            "victims",
            "injured",
            "injuries",
            "wounded",
            "missing",
        ]
        .iter()
        .map(|w| crosscheck_analyze::words::term(w))
        .collect()
    });
    key.split_once(':').is_some_and(|(noun, _)| noun != "group") || STATES.iter().any(|s| s == key)
}

/// The day a sentence speaks of: the one day it names, else its article's
/// date; None when neither is known.
fn day_of(m: &Material, u: &Said) -> Option<chrono::NaiveDate> {
    let named: Vec<chrono::NaiveDate> =
        u.dates.iter().filter(|d| d.1 == d.2).map(|d| d.1).collect();
    match named.as_slice() {
        [one] => Some(*one),
        [] => {
            let published = m.articles[u.article].published.as_deref()?;
            chrono::NaiveDate::parse_from_str(published.get(..10)?, "%Y-%m-%d").ok()
        }
        _ => None,
    }
}

/// What a sentence states that could conflict: its keyed values and its
/// date ranges; sentences stating the same cannot conflict with each other.
type Facts = (
    Vec<(String, u64, u64)>,
    Vec<(chrono::NaiveDate, chrono::NaiveDate)>,
);

fn facts(u: &Said) -> Option<Facts> {
    if u.keyed.is_empty() && u.dates.is_empty() {
        return None;
    }
    let bits = |v: Option<f64>| v.map_or(u64::MAX, f64::to_bits);
    let mut q: Vec<(String, u64, u64)> = u
        .keyed
        .iter()
        .map(|(k, x)| (k.clone(), bits(x.low), bits(x.high)))
        .collect();
    q.sort();
    let mut d: Vec<_> = u.dates.iter().map(|x| (x.1, x.2)).collect();
    d.sort();
    Some((q, d))
}

/// The members of a group that can take part in a conflict: those whose
/// facts some other member's facts could contradict. Comparing distinct
/// facts first keeps a group of 800 sentences giving one figure from
/// costing 320,000 comparisons.
fn suspects(m: &Material, g: &[usize]) -> Vec<usize> {
    let mut classes: Vec<(Facts, usize)> = Vec::new();
    let mut of: HashMap<usize, usize> = HashMap::new();
    for &u in g {
        let Some(f) = facts(&m.said[u]) else { continue };
        let c = match classes.iter().position(|(x, _)| *x == f) {
            Some(c) => c,
            None => {
                classes.push((f, u));
                classes.len() - 1
            }
        };
        of.insert(u, c);
    }
    let mut open = vec![false; classes.len()];
    for a in 0..classes.len() {
        for b in a + 1..classes.len() {
            let (x, y) = (&m.said[classes[a].1], &m.said[classes[b].1]);
            // `conflict` finds one either way round or not at all.
            if conflict(&x.keyed, &y.keyed).is_some() || dates_apart(x, y) {
                open[a] = true;
                open[b] = true;
            }
        }
    }
    g.iter()
        .copied()
        .filter(|u| of.get(u).is_some_and(|&c| open[c]))
        .collect()
}

/// Who says it, as a note names them: the outlet, with the article's id
/// where the outlet is unknown or has more than one article in the story
/// ("Fjord Post", "Fjord Post (a3)", "a5").
pub(crate) fn who(m: &Material, article: usize) -> String {
    let a = m.articles[article];
    // An archive's ids are numbers: "#49" reads as one.
    let id = if a.id.chars().all(|c| c.is_ascii_digit()) {
        format!("#{}", a.id)
    } else {
        a.id.clone()
    };
    fn outlet(x: &Article) -> Option<&str> {
        x.publisher
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }
    match outlet(a) {
        Some(p) if m.articles.iter().filter(|b| outlet(b) == Some(p)).count() > 1 => {
            format!("{p} ({id})")
        }
        Some(p) => p.to_string(),
        None => id,
    }
}

/// The first conflict of a group (in sentence order), as a note and sides.
fn find_conflict(m: &Material, g: &[usize]) -> Option<(String, Vec<Side>)> {
    let s = suspects(m, g);
    for (i, &x) in s.iter().enumerate() {
        for &y in &s[i + 1..] {
            if m.source[m.said[x].article] == m.source[m.said[y].article] {
                continue;
            }
            if let Some((a, b)) = conflicting_pair(m, x, y) {
                let ax = m.articles[m.said[x].article].id.clone();
                let ay = m.articles[m.said[y].article].id.clone();
                let (wx, wy) = (who(m, m.said[x].article), who(m, m.said[y].article));
                let note = format!("{wx} says \"{a}\"; {wy} says \"{b}\"");
                let sides = vec![
                    Side {
                        says: a,
                        articles: vec![ax],
                    },
                    Side {
                        says: b,
                        articles: vec![ay],
                    },
                ];
                return Some((note, sides));
            }
        }
    }
    None
}

/// Counts that differ between two sources of a group without conflicting,
/// as "Fjord Post says \"133\" (2022-10-30); a2 says \"103명\" (day
/// unknown)": tallies of people not known to be of one day, and any count
/// a sentence gives as revised ("212 passengers at first count", "241 in
/// the final count": then the note says it is an update). A corroborated
/// claim must not seem to vouch for both.
fn differing_counts(m: &Material, g: &[usize]) -> Option<String> {
    // The first sentence giving each distinct value of each tally: a claim
    // 3,000 outlets state gives a few values, not millions of pairs.
    // A toll of one place is keyed with it ("deaths@Wajima"): it differs
    // from no toll of another place or of all.
    let mut firsts: Vec<(String, &Quantity, usize)> = Vec::new();
    for &u in g {
        let update = revised(&m.said[u]);
        for (k, q) in m.said[u]
            .keyed
            .iter()
            .filter(|(k, _)| update || is_tally(k))
        {
            let k = match place_scope(m, &m.said[u], q) {
                Some(place) => format!("{k}@{place}"),
                None => k.clone(),
            };
            let known = firsts
                .iter()
                .any(|f| f.0 == k && compatible((f.1.low, f.1.high), (q.low, q.high)));
            if !known {
                firsts.push((k, q, u));
            }
        }
    }
    let day = |u: usize| day_of(m, &m.said[u]).map_or("day unknown".to_string(), |d| d.to_string());
    for (i, (k, qx, x)) in firsts.iter().enumerate() {
        let (qx, x) = (*qx, *x);
        for &(_, qy, y) in firsts[i + 1..].iter().filter(|f| f.0 == *k) {
            if m.source[m.said[x].article] == m.source[m.said[y].article] {
                continue;
            }
            let (ax, ay) = (who(m, m.said[x].article), who(m, m.said[y].article));
            let update = if revised(&m.said[x]) || revised(&m.said[y]) {
                ": a count revised over time"
            } else {
                ""
            };
            return Some(format!(
                "{ax} says \"{}\" ({}); {ay} says \"{}\" ({}){update}",
                qx.text,
                day(x),
                qy.text,
                day(y)
            ));
        }
    }
    None
}

/// Independence: copies are one source; a shared upstream credited by every
/// source makes their agreement one voice.
fn independence(
    m: &Material,
    g: &[usize],
    sources: &BTreeSet<usize>,
    articles: usize,
) -> (bool, Option<String>) {
    let mut independent = sources.len() >= 2;
    let mut note = None;
    if articles > sources.len() {
        note = Some(format!(
            "{} articles are copies of one text and count as one source",
            articles - sources.len() + 1
        ));
    }
    if sources.len() >= 2 {
        let per_source: Vec<Vec<&String>> = sources
            .iter()
            .map(|&s| {
                g.iter()
                    .filter(|&&u| m.source[m.said[u].article] == s)
                    .flat_map(|&u| &m.said[u].upstreams)
                    .collect()
            })
            .collect();
        if let Some(shared) = per_source[0].iter().find(|up| {
            per_source[1..]
                .iter()
                .all(|o| o.iter().any(|x| same_upstream(x, up)))
        }) {
            independent = false;
            note = Some(format!(
                "every source credits {shared}: the agreement is not independent"
            ));
        }
    }
    (independent, note)
}

fn trim_summary(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 220 {
        format!("{}…", s.chars().take(219).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A claim's one line: the conflict, the quote with its speaker, or the
/// sentence of its evidence that most of it says word for word (the
/// shortest among equals), so a claim of 400 tellings is not summed up by
/// the one outlier that happens to be shortest.
fn summary(
    m: &Material,
    g: &[usize],
    conflict: Option<&String>,
    articles: usize,
    ev: &[Evidence],
) -> String {
    if let Some(c) = conflict {
        return format!("Sources disagree: {c}");
    }
    let first = &m.said[g[0]];
    let speaker = (articles == 1)
        .then(|| {
            m.analyses[first.article].quotes.iter().find(|q| {
                q.span.part == first.sentence.span.part
                    && q.span.start < first.sentence.span.end
                    && first.sentence.span.start < q.span.end
            })
        })
        .flatten()
        .and_then(|q| q.speaker.as_deref());
    match speaker {
        // "“…,” he said." gets its speaker; "Baek added, “…”" has it.
        Some(sp) if !first.sentence.text.contains(sp) => {
            trim_summary(&format!("{sp}: {}", first.sentence.text))
        }
        Some(_) => trim_summary(&first.sentence.text),
        None => trim_summary(most_said(ev)),
    }
}

fn most_said(ev: &[Evidence]) -> &str {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in ev {
        *counts.entry(e.text.as_str()).or_default() += 1;
    }
    // Ties go to the shorter text, then the earlier in the evidence order.
    ev.iter()
        .map(|e| e.text.as_str())
        .enumerate()
        .min_by_key(|&(i, t)| (std::cmp::Reverse(counts[t]), t.len(), i))
        .map_or("", |(_, t)| t)
}

/// The claim an aligned group makes.
pub(crate) fn claim(m: &Material, g: &[usize]) -> Claim {
    let sources: BTreeSet<usize> = g.iter().map(|&u| m.source[m.said[u].article]).collect();
    let articles = g
        .iter()
        .map(|&u| m.said[u].article)
        .collect::<BTreeSet<_>>()
        .len();
    let (conflict_note, mut sides) = match find_conflict(m, g) {
        Some((n, s)) => (Some(n), s),
        None => (None, Vec::new()),
    };
    // Other articles of the group that state one side's value take it.
    for &u in g {
        let art = &m.articles[m.said[u].article].id;
        if let Some(side) = sides
            .iter_mut()
            .find(|s| m.said[u].sentence.text.contains(s.says.as_str()))
        {
            if !side.articles.contains(art) {
                side.articles.push(art.clone());
            }
        }
    }
    let status = if conflict_note.is_some() {
        Status::Conflicting
    } else if sources.len() >= 2 {
        Status::Corroborated
    } else {
        Status::SingleSource
    };
    let counts_differ = if status == Status::Corroborated {
        differing_counts(m, g)
    } else {
        None
    };
    let (independent, independence_note) = independence(m, g, &sources, articles);
    let mut ev: Vec<Evidence> = g
        .iter()
        .map(|&u| evidence(m.articles, &m.said[u]))
        .collect();
    ev.sort_by(|a, b| {
        (m.index[a.article.as_str()], a.start).cmp(&(m.index[b.article.as_str()], b.start))
    });
    let shared = if sources.len() >= 2 {
        shared_ground(m, g)
    } else {
        Vec::new()
    };
    Claim {
        id: String::new(),
        status,
        summary: summary(m, g, conflict_note.as_ref(), articles, &ev),
        independent: status != Status::SingleSource && independent,
        independence_note,
        conflict: conflict_note,
        counts_differ,
        sides,
        sources: sources.len(),
        shared,
        evidence: ev,
    }
}

/// Words and values that evidence from two or more sources has in common,
/// in the order they first appear: what the agreement is about.
fn shared_ground(m: &Material, g: &[usize]) -> Vec<String> {
    /// A word's term, or a value's label (`date:…`, `count:…`).
    #[derive(PartialEq, Eq, Hash)]
    enum Key {
        Term(u32),
        Label(String),
    }
    // Per key: the first source seen, whether another source has it too,
    // what to show, and when it first appeared.
    let mut seen: HashMap<Key, (usize, bool, String, usize)> = HashMap::new();
    let mut note = |key: Key, surface: &str, src: usize| {
        let order = seen.len();
        let e = seen
            .entry(key)
            .or_insert_with(|| (src, false, surface.to_string(), order));
        e.1 |= e.0 != src;
    };
    for &u in g {
        let unit = &m.said[u];
        let src = m.source[unit.article];
        let text = &unit.sentence.text;
        for (id, r) in &m.ground[u] {
            note(Key::Term(*id), &text[r.clone()], src);
        }
        let an = m.analyses[unit.article];
        for t in an
            .times
            .iter()
            .filter(|t| within(&t.span, &unit.sentence.span))
        {
            if let Some(v) = &t.value {
                let label = format!("date:{v}");
                note(Key::Label(label.clone()), &label, src);
            }
        }
        for (k, _) in &unit.keyed {
            let label = format!("count:{k}");
            note(Key::Label(label.clone()), &label, src);
        }
    }
    let mut out: Vec<(usize, String)> = seen
        .into_values()
        .filter(|e| e.1)
        .map(|(_, _, surface, order)| (order, surface))
        .collect();
    out.sort();
    let mut words: Vec<String> = Vec::new();
    for (_, w) in out {
        if !words.iter().any(|x| x.eq_ignore_ascii_case(&w)) {
            words.push(w);
        }
    }
    words
}
