//! Corroborate: what the sources of one story agree on, disagree on, and
//! say alone; how independent they are; and the story's timeline.
//!
//! Takes the articles of a story with their analyses and copy links; gives a
//! [`Story`]. Sentences are aligned across articles by TF-IDF cosine of their
//! content terms (mutual best matches above a threshold); an aligned group is
//! `conflicting` when two of its sources state values that cannot both be
//! true (counts of the same thing, ages, group sizes such as "one of the two"
//! against "the two"), `corroborated` when two or more independent copies of
//! text state it, and a sentence nobody else states is `single_source`.
//! Copies of one text count as one source. Agreement is marked not
//! independent when every source credits one upstream (an agency, a
//! broadcast), or when the sources are copies.
//!
//! [`pipeline`] runs the whole chain for the CLI.

pub mod pipeline;
mod places;
mod timeline;

use crosscheck_analyze::attributions::same_upstream;
use crosscheck_analyze::quantities::compatible;
use crosscheck_link::{cosine, terms, vectors};
use crosscheck_model::{
    Analysis, Article, Claim, Copy, Evidence, Quantity, Side, Status, Story, Upstream,
};
use std::collections::{BTreeSet, HashMap};

/// Whether two sentences say enough of the same thing to be one claim: two
/// content words in common, or one with a shared date and a shared name
/// ("will visit Floro on Wednesday" / "will travel to Floro on Wednesday").
fn enough_in_common(
    a: &BTreeSet<String>,
    b: &BTreeSet<String>,
    na: &BTreeSet<String>,
    nb: &BTreeSet<String>,
) -> bool {
    let words = a
        .intersection(b)
        .filter(|w| !w.starts_with("when:"))
        .count();
    let dates = a.intersection(b).filter(|w| w.starts_with("when:")).count();
    let names = na.intersection(nb).count();
    words >= 2 || (words >= 1 && words + dates + names >= 3)
}

/// Sentences this similar that date one event differently conflict.
const DATE_CONFLICT_SIM: f64 = 0.5;

/// Dated expressions of two sentences that cannot overlap: every date in
/// one lies outside every date in the other ("on March 1" / "on March 3";
/// "in 2025" and "in January 2025" overlap and agree).
fn date_conflict(analyses: &[&Analysis], a: &Unit, b: &Unit) -> Option<(String, String)> {
    let dates = |u: &Unit| -> Vec<(String, chrono::NaiveDate, chrono::NaiveDate)> {
        analyses[u.article]
            .times
            .iter()
            .filter(|t| within(&t.span, &u.sentence.span))
            .filter_map(|t| {
                let f = chrono::NaiveDate::parse_from_str(t.from.as_deref()?, "%Y-%m-%d").ok()?;
                let l = chrono::NaiveDate::parse_from_str(t.to.as_deref()?, "%Y-%m-%d").ok()?;
                Some((t.text.clone(), f, l))
            })
            .collect()
    };
    let (da, db) = (dates(a), dates(b));
    if da.is_empty() || db.is_empty() {
        return None;
    }
    let overlaps =
        |x: &(String, chrono::NaiveDate, chrono::NaiveDate),
         y: &(String, chrono::NaiveDate, chrono::NaiveDate)| x.1 <= y.2 && y.1 <= x.2;
    if da.iter().any(|x| db.iter().any(|y| overlaps(x, y))) {
        return None;
    }
    Some((da[0].0.clone(), db[0].0.clone()))
}

/// Two sentences below this cosine are never the same claim.
const ALIGN_MIN: f64 = 0.22;
/// At or above this they are, even when not each other's best match.
const ALIGN_SURE: f64 = 0.45;

/// One sentence of one article, ready to compare.
struct Unit<'a> {
    article: usize,
    sentence: &'a crosscheck_model::Sentence,
    quantities: Vec<&'a Quantity>,
    upstreams: Vec<String>,
}

fn within(s: &crosscheck_model::Span, outer: &crosscheck_model::Span) -> bool {
    s.part == outer.part && s.start >= outer.start && s.end <= outer.end
}

/// Key on which two quantities are comparable.
fn quantity_key(q: &Quantity) -> Option<String> {
    let c = q.counts.as_deref()?;
    Some(if c.starts_with("group") {
        "group".into()
    } else if c == "age" {
        "age".into()
    } else {
        crosscheck_analyze::words::term(c)
    })
}

fn show(q: &Quantity) -> String {
    q.text.clone()
}

/// Values in `a` and `b` that cannot both be true, if any.
fn conflict(a: &[&Quantity], b: &[&Quantity]) -> Option<(String, String)> {
    let mut keys: BTreeSet<String> = BTreeSet::new();
    keys.extend(a.iter().filter_map(|q| quantity_key(q)));
    for key in keys {
        let xa: Vec<&&Quantity> = a
            .iter()
            .filter(|q| quantity_key(q).as_deref() == Some(key.as_str()))
            .collect();
        let xb: Vec<&&Quantity> = b
            .iter()
            .filter(|q| quantity_key(q).as_deref() == Some(key.as_str()))
            .collect();
        if xa.is_empty() || xb.is_empty() {
            continue;
        }
        // Conflict only when some value on each side fits nothing on the
        // other: "27 and 22" against "in their 20s" fit, 212 against 241 not.
        let lonely_a = xa.iter().find(|x| {
            !xb.iter()
                .any(|y| compatible((x.low, x.high), (y.low, y.high)))
        });
        let lonely_b = xb.iter().find(|y| {
            !xa.iter()
                .any(|x| compatible((x.low, x.high), (y.low, y.high)))
        });
        if let (Some(x), Some(y)) = (lonely_a, lonely_b) {
            return Some((show(x), show(y)));
        }
    }
    None
}

fn root(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

fn evidence(articles: &[&Article], u: &Unit) -> Evidence {
    Evidence {
        article: articles[u.article].id.clone(),
        text: u.sentence.text.clone(),
        part: u.sentence.span.part.clone(),
        start: u.sentence.span.start,
        end: u.sentence.span.end,
        upstreams: u.upstreams.clone(),
    }
}

fn trim_summary(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 220 {
        format!("{}…", s.chars().take(219).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Upstreams an article as a whole relies on: wire credits, and the
/// organisation behind a syndicated byline.
fn article_upstreams(article: &Article, analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for f in &analysis.flags {
        match f.kind.as_str() {
            "wire_copy" => out.extend(f.evidence.iter().cloned()),
            "syndicated_byline" => {
                if let Some(domain) = article
                    .byline_contact
                    .as_deref()
                    .and_then(|e| e.rsplit('@').next())
                {
                    out.push(domain.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// Words and values that evidence from two or more sources has in common,
/// in the order they first appear: what the agreement is about.
fn shared_ground(
    analyses: &[&Analysis],
    units: &[Unit],
    group: &[usize],
    source: &[usize],
) -> Vec<String> {
    let mut seen_in: HashMap<String, (BTreeSet<usize>, String, usize)> = HashMap::new();
    let mut order = 0usize;
    for &u in group {
        let unit = &units[u];
        let src = source[unit.article];
        let text = &unit.sentence.text;
        let mut items: Vec<(String, String)> = crosscheck_analyze::words::tokens(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .filter(|w| w.chars().count() >= 3 && !crosscheck_analyze::words::is_stopword(w))
            .map(|w| (crosscheck_analyze::words::term(w), w.to_string()))
            .collect();
        let an = analyses[unit.article];
        for t in an
            .times
            .iter()
            .filter(|t| within(&t.span, &unit.sentence.span))
        {
            if let Some(v) = &t.value {
                items.push((format!("date:{v}"), format!("date:{v}")));
            }
        }
        for q in &unit.quantities {
            if let Some(k) = quantity_key(q) {
                items.push((format!("count:{k}"), format!("count:{k}")));
            }
        }
        for (key, surface) in items {
            let e = seen_in.entry(key).or_insert_with(|| {
                order += 1;
                (BTreeSet::new(), surface, order)
            });
            e.0.insert(src);
        }
    }
    let mut out: Vec<(usize, String)> = seen_in
        .into_values()
        .filter(|(srcs, _, _)| srcs.len() >= 2)
        .map(|(_, surface, order)| (order, surface))
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

/// Whether two sentences are about the same subject: a person named in
/// both, or the same number of people counted in both.
fn same_subject(analyses: &[&Analysis], a: &Unit, b: &Unit) -> bool {
    let people = |u: &Unit| -> BTreeSet<String> {
        analyses[u.article]
            .mentions
            .iter()
            .filter(|m| {
                m.kind == crosscheck_model::EntityKind::Person && within(&m.span, &u.sentence.span)
            })
            .map(|m| m.entity.clone())
            .collect()
    };
    let (pa, pb) = (people(a), people(b));
    if pa.iter().any(|x| {
        pb.iter()
            .any(|y| crosscheck_analyze::names::same_entity(x, y))
    }) {
        return true;
    }
    let counts = |u: &Unit| -> Vec<f64> {
        u.quantities
            .iter()
            .filter(|q| q.counts.as_deref() != Some("age") && !q.approximate && q.low == q.high)
            .filter_map(|q| q.low)
            .collect()
    };
    let (ca, cb) = (counts(a), counts(b));
    ca.iter().any(|x| cb.contains(x))
}

/// Conflicting claims about where an event happened (see [`places`]).
fn place_conflicts(
    articles: &[&Article],
    analyses: &[&Analysis],
    units: &[Unit],
    source: &[usize],
    sims: &HashMap<(usize, usize), f64>,
    claims: &mut Vec<Claim>,
    used: &mut [bool],
) {
    let statements: Vec<places::Statement> = units
        .iter()
        .enumerate()
        .flat_map(|(i, u)| places::statements(i, u.sentence, analyses[u.article]))
        .collect();
    let mut events: Vec<&'static str> = statements.iter().map(|s| s.event).collect();
    events.sort();
    events.dedup();
    for event in events {
        let st: Vec<&places::Statement> = statements.iter().filter(|s| s.event == event).collect();
        let mut involved: BTreeSet<usize> = BTreeSet::new();
        for x in 0..st.len() {
            for y in x + 1..st.len() {
                let (ua, ub) = (&units[st[x].unit], &units[st[y].unit]);
                if source[ua.article] != source[ub.article]
                    && !places::compatible(&st[x].places, &st[y].places)
                    && (same_subject(analyses, ua, ub)
                        || sims
                            .get(&(st[x].unit.min(st[y].unit), st[x].unit.max(st[y].unit)))
                            .copied()
                            .unwrap_or(0.0)
                            >= DATE_CONFLICT_SIM)
                {
                    involved.insert(x);
                    involved.insert(y);
                }
            }
        }
        if involved.is_empty() {
            continue;
        }
        // Every statement of this event about the same subject is evidence.
        for (y, s) in st.iter().enumerate() {
            if involved
                .iter()
                .any(|&x| same_subject(analyses, &units[st[x].unit], &units[s.unit]))
            {
                involved.insert(y);
            }
        }
        // Statements whose places can all be right together form one side.
        let describe = |idx: &BTreeSet<usize>| -> Vec<Side> {
            let mut sides: Vec<(Vec<String>, Vec<String>)> = Vec::new();
            for &i in idx {
                let art = articles[units[st[i].unit].article].id.clone();
                match sides
                    .iter_mut()
                    .find(|(p, _)| places::compatible(p, &st[i].places))
                {
                    Some((p, arts)) => {
                        for place in &st[i].places {
                            if !p.contains(place) {
                                p.push(place.clone());
                            }
                        }
                        if !arts.contains(&art) {
                            arts.push(art);
                        }
                    }
                    None => sides.push((st[i].places.clone(), vec![art])),
                }
            }
            sides
                .into_iter()
                .map(|(p, articles)| Side {
                    says: p.join(" / "),
                    articles,
                })
                .collect::<Vec<_>>()
        };
        let sides = describe(&involved);
        let detail = format!(
            "where the {} happened: {}",
            event_noun(event),
            sides
                .iter()
                .map(|s| format!("{} ({})", s.says, s.articles.join(", ")))
                .collect::<Vec<_>>()
                .join(" vs ")
        );
        let ev: Vec<Evidence> = involved
            .iter()
            .map(|&i| evidence(articles, &units[st[i].unit]))
            .collect();
        let sources: BTreeSet<usize> = involved
            .iter()
            .map(|&i| source[units[st[i].unit].article])
            .collect();
        for &i in &involved {
            used[st[i].unit] = true;
        }
        claims.push(Claim {
            id: String::new(),
            status: Status::Conflicting,
            summary: format!("Sources disagree on {detail}"),
            independent: true,
            independence_note: None,
            conflict: Some(detail),
            sides,
            sources: sources.len(),
            shared: Vec::new(),
            evidence: ev,
        });
    }
}

fn event_noun(event: &str) -> &'static str {
    match event {
        "capture" => "capture",
        "aground" => "grounding",
        _ => "deaths",
    }
}

/// How two statements relate, as the claims of a story would judge them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Conflict,
    Agree,
    Unrelated,
}

/// Compares two statements from two sources, dated `published`: the same
/// alignment and value checks that `corroborate` applies to a story.
pub fn compare(a: &str, b: &str, published: &str) -> Verdict {
    let arts: Vec<Article> = [a, b]
        .iter()
        .enumerate()
        .map(|(i, t)| Article {
            id: format!("a{}", i + 1),
            text: t.to_string(),
            published: Some(published.to_string()),
            paragraphs: vec![crosscheck_model::Paragraph {
                start: 0,
                end: t.chars().count(),
                text: t.to_string(),
            }],
            ..Default::default()
        })
        .collect();
    let analyses: Vec<Analysis> = arts.iter().map(crosscheck_analyze::analyze).collect();
    let story = corroborate(
        "s1",
        &[&arts[0], &arts[1]],
        &[&analyses[0], &analyses[1]],
        &[],
    );
    let multi = |c: &&Claim| {
        c.evidence
            .iter()
            .map(|e| &e.article)
            .collect::<BTreeSet<_>>()
            .len()
            > 1
    };
    if story
        .claims
        .iter()
        .filter(multi)
        .any(|c| c.status == Status::Conflicting)
    {
        Verdict::Conflict
    } else if story
        .claims
        .iter()
        .filter(multi)
        .any(|c| c.status == Status::Corroborated)
    {
        Verdict::Agree
    } else {
        Verdict::Unrelated
    }
}

/// Builds one story from its articles.
pub fn corroborate(
    id: &str,
    articles: &[&Article],
    analyses: &[&Analysis],
    copies: &[Copy],
) -> Story {
    // Sources: copies of one text collapse to the first copy.
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut source: Vec<usize> = (0..articles.len()).collect();
    for c in copies {
        if let (Some(&a), Some(&b)) = (index.get(c.article.as_str()), index.get(c.copy_of.as_str()))
        {
            let (ra, rb) = (root(&mut source, a), root(&mut source, b));
            if ra != rb {
                source[ra] = rb;
            }
        }
    }
    let source: Vec<usize> = (0..articles.len()).map(|i| root(&mut source, i)).collect();

    let mut units: Vec<Unit> = Vec::new();
    for (ai, an) in analyses.iter().enumerate() {
        let whole = article_upstreams(articles[ai], an);
        for s in &an.sentences {
            if s.excluded.is_some() || s.text.split_whitespace().count() < 5 {
                continue;
            }
            // A photo credit ("[YONHAP]") covers its whole caption.
            let caption = s.span.part.starts_with("caption:");
            let mut ups: Vec<String> = an
                .attributions
                .iter()
                .filter(|t| within(&t.span, &s.span) || (caption && t.span.part == s.span.part))
                .map(|t| t.source.clone())
                .collect();
            ups.extend(whole.iter().cloned());
            ups.dedup();
            units.push(Unit {
                article: ai,
                sentence: s,
                quantities: an
                    .quantities
                    .iter()
                    .filter(|q| within(&q.span, &s.span))
                    .collect(),
                upstreams: ups,
            });
        }
    }
    // Facts count as words too: two sentences naming the same date or
    // counting the same thing are more likely one claim.
    let docs: Vec<Vec<String>> = units
        .iter()
        .map(|u| {
            let mut t = terms(&u.sentence.text);
            let an = analyses[u.article];
            for tm in an
                .times
                .iter()
                .filter(|tm| within(&tm.span, &u.sentence.span))
            {
                if let Some(v) = &tm.value {
                    t.push(format!("when:{v}"));
                    t.push(format!("when:{v}"));
                }
            }
            t.extend(
                u.quantities
                    .iter()
                    .filter_map(|q| quantity_key(q))
                    .map(|k| format!("qty:{k}")),
            );
            t
        })
        .collect();
    let vecs = vectors(&docs);

    // Mutual best matches between articles from different sources.
    let n = units.len();
    let mut best: HashMap<(usize, usize), (usize, f64)> = HashMap::new();
    let mut sims: HashMap<(usize, usize), f64> = HashMap::new();
    for i in 0..n {
        for j in 0..n {
            if i == j || units[i].article == units[j].article {
                continue;
            }
            let s = if i < j {
                cosine(&vecs[i], &vecs[j])
            } else {
                *sims.get(&(j, i)).unwrap_or(&0.0)
            };
            if i < j {
                sims.insert((i, j), s);
            }
            let e = best.entry((i, units[j].article)).or_insert((j, -1.0));
            if s > e.1 {
                *e = (j, s);
            }
        }
    }
    // Strongest pairs first; two groups merge only when no article would
    // then speak twice in one claim, so a chain of loosely similar sentences
    // cannot snowball into one claim.
    // Lower-case content terms: what a sentence says beyond the names in it.
    // Two sentences that share only names ("Jon Aas said …" / "Jon Aas will
    // visit …") are not one claim.
    let plain: Vec<BTreeSet<String>> = units
        .iter()
        .map(|u| {
            let t = &u.sentence.text;
            crosscheck_analyze::words::tokens(t)
                .into_iter()
                .map(|(a, b)| &t[a..b])
                .filter(|w| {
                    w.chars().count() >= 3 && w.chars().next().is_some_and(|c| c.is_lowercase())
                })
                .filter(|w| !crosscheck_analyze::words::is_stopword(w))
                .map(crosscheck_analyze::words::term)
                // Dates count as shared content: "will visit Floro on
                // Wednesday" / "will travel to Floro on Wednesday".
                .chain(
                    analyses[u.article]
                        .times
                        .iter()
                        .filter(|t| within(&t.span, &u.sentence.span))
                        .filter_map(|t| t.value.clone())
                        .map(|v| format!("when:{v}")),
                )
                .collect()
        })
        .collect();
    // Names other than the sentence's first word ("Floro", "Kyiv").
    let named: Vec<BTreeSet<String>> = units
        .iter()
        .map(|u| {
            let t = &u.sentence.text;
            crosscheck_analyze::words::tokens(t)
                .into_iter()
                .skip(1)
                .map(|(a, b)| &t[a..b])
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .map(|w| w.to_lowercase())
                // Day and month names are dates, counted as such.
                .filter(|w| !crosscheck_model::calendar::is_calendar_word(w))
                .collect()
        })
        .collect();
    let mut edges: Vec<(f64, usize, usize)> = sims
        .iter()
        .filter(|(&(i, j), &s)| {
            enough_in_common(&plain[i], &plain[j], &named[i], &named[j])
                && s >= ALIGN_MIN
                && (s >= ALIGN_SURE
                    || (best.get(&(i, units[j].article)).is_some_and(|b| b.0 == j)
                        && best.get(&(j, units[i].article)).is_some_and(|b| b.0 == i)))
        })
        .map(|(&(i, j), &s)| (s, i, j))
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut member: Vec<usize> = (0..n).collect();
    let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    for (_, i, j) in edges {
        let (gi, gj) = (member[i], member[j]);
        if gi == gj {
            continue;
        }
        let clash = groups[gi].iter().any(|&x| {
            groups[gj]
                .iter()
                .any(|&y| units[x].article == units[y].article)
        });
        if clash {
            continue;
        }
        let moved = std::mem::take(&mut groups[gj]);
        for &m in &moved {
            member[m] = gi;
        }
        groups[gi].extend(moved);
    }
    groups.retain(|g| !g.is_empty());
    for g in groups.iter_mut() {
        g.sort();
    }
    groups.sort();

    let mut claims: Vec<Claim> = Vec::new();
    let mut used: Vec<bool> = vec![false; n];
    place_conflicts(
        articles,
        analyses,
        &units,
        &source,
        &sims,
        &mut claims,
        &mut used,
    );
    for g in &groups {
        if g.len() == 1 && used[g[0]] {
            continue;
        }
        let sources: BTreeSet<usize> = g.iter().map(|&u| source[units[u].article]).collect();
        let arts: BTreeSet<usize> = g.iter().map(|&u| units[u].article).collect();
        let mut conflict_note: Option<String> = None;
        let mut conflict_sides: Vec<Side> = Vec::new();
        'outer: for (x, &ux) in g.iter().enumerate() {
            for &uy in &g[x + 1..] {
                if source[units[ux].article] == source[units[uy].article] {
                    continue;
                }
                // One event dated twice: the same words apart from the dates.
                let words = |u: usize| {
                    plain[u]
                        .iter()
                        .filter(|w| !w.starts_with("when:"))
                        .cloned()
                        .collect::<BTreeSet<String>>()
                };
                let (wx, wy) = (words(ux), words(uy));
                let shared = wx.intersection(&wy).count();
                let similar = shared >= 2 && shared * 10 >= wx.union(&wy).count() * 6;
                let dates = if similar {
                    date_conflict(analyses, &units[ux], &units[uy])
                } else {
                    None
                };
                if let Some((a, b)) =
                    conflict(&units[ux].quantities, &units[uy].quantities).or(dates)
                {
                    let (ax, ay) = (
                        articles[units[ux].article].id.clone(),
                        articles[units[uy].article].id.clone(),
                    );
                    conflict_note = Some(format!("{ax} says \"{a}\"; {ay} says \"{b}\""));
                    conflict_sides = vec![
                        Side {
                            says: a,
                            articles: vec![ax],
                        },
                        Side {
                            says: b,
                            articles: vec![ay],
                        },
                    ];
                    break 'outer;
                }
            }
        }
        // Other articles of the group that state one side's value take it.
        for &u in g {
            let art = &articles[units[u].article].id;
            if let Some(side) = conflict_sides
                .iter_mut()
                .find(|s| units[u].sentence.text.contains(s.says.as_str()))
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
        // Independence: copies are one source; a shared upstream credited by
        // every source makes their agreement one voice.
        let mut independent = sources.len() >= 2;
        let mut note = None;
        if arts.len() > sources.len() {
            note = Some(format!(
                "{} articles are copies of one text and count as one source",
                arts.len() - sources.len() + 1
            ));
        }
        if sources.len() >= 2 {
            let per_source: Vec<Vec<String>> = sources
                .iter()
                .map(|&s| {
                    g.iter()
                        .filter(|&&u| source[units[u].article] == s)
                        .flat_map(|&u| units[u].upstreams.clone())
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
        let mut ev: Vec<Evidence> = g.iter().map(|&u| evidence(articles, &units[u])).collect();
        ev.sort_by(|a, b| {
            (index[a.article.as_str()], a.start).cmp(&(index[b.article.as_str()], b.start))
        });
        let shared = if sources.len() >= 2 {
            shared_ground(analyses, &units, g, &source)
        } else {
            Vec::new()
        };
        let single_quote = (arts.len() == 1)
            .then(|| {
                let u = &units[g[0]];
                analyses[u.article].quotes.iter().find(|q| {
                    q.span.part == u.sentence.span.part
                        && q.span.start < u.sentence.span.end
                        && u.sentence.span.start < q.span.end
                })
            })
            .flatten()
            .and_then(|q| q.speaker.clone());
        let summary = match (&conflict_note, single_quote) {
            (Some(c), _) => format!("Sources disagree: {c}"),
            // "“…,” he said." gets its speaker; "Baek added, “…”" has it.
            (None, Some(speaker)) if !units[g[0]].sentence.text.contains(speaker.as_str()) => {
                trim_summary(&format!("{speaker}: {}", units[g[0]].sentence.text))
            }
            (None, Some(_)) => trim_summary(&units[g[0]].sentence.text),
            (None, None) => trim_summary(
                ev.iter()
                    .map(|e| e.text.as_str())
                    .min_by_key(|t| t.len())
                    .unwrap_or(""),
            ),
        };
        claims.push(Claim {
            id: String::new(),
            status,
            summary,
            independent: status != Status::SingleSource && independent,
            independence_note: note,
            conflict: conflict_note,
            sides: conflict_sides,
            sources: sources.len(),
            shared,
            evidence: ev,
        });
    }
    claims.sort_by(|a, b| {
        let first = |c: &Claim| {
            c.evidence
                .first()
                .map(|e| (index[e.article.as_str()], e.part.clone(), e.start))
        };
        (a.status, first(a)).cmp(&(b.status, first(b)))
    });
    for (i, c) in claims.iter_mut().enumerate() {
        c.id = format!("{id}-c{}", i + 1);
    }

    let mut upstreams: Vec<Upstream> = Vec::new();
    for (ai, an) in analyses.iter().enumerate() {
        let mut names: Vec<String> = an.attributions.iter().map(|t| t.source.clone()).collect();
        names.extend(article_upstreams(articles[ai], an));
        for name in names {
            if name.split_whitespace().count() > 5 || name.starts_with(|c: char| c.is_lowercase()) {
                continue;
            }
            let aid = articles[ai].id.clone();
            match upstreams.iter_mut().find(|u| same_upstream(&u.name, &name)) {
                Some(u) => {
                    if !u.articles.contains(&aid) {
                        u.articles.push(aid);
                    }
                    // Prefer the spelled-out name over an acronym.
                    if name.len() > u.name.len() && name.contains(' ') {
                        u.name = name;
                    }
                }
                None => upstreams.push(Upstream {
                    name,
                    articles: vec![aid],
                }),
            }
        }
    }
    upstreams.retain(|u| u.articles.len() >= 2);
    upstreams.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.name.cmp(&b.name))
    });

    let title = articles
        .iter()
        .filter_map(|a| a.title.clone())
        .min_by_key(|t| t.len())
        .unwrap_or_else(|| "(untitled)".into());
    Story {
        id: id.to_string(),
        title,
        articles: articles.iter().map(|a| a.id.clone()).collect(),
        copies: copies.to_vec(),
        upstreams,
        claims,
        timeline: timeline::build(articles, analyses),
    }
}

#[cfg(test)]
mod tests;
