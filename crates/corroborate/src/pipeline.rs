//! The whole chain from extracted articles to stories, as `analyze` runs it.

use crate::corroborate;
use chrono::NaiveDate;
use crosscheck_analyze::{analyze, analyze_with, timex};
use crosscheck_model::{Analysis, Article, Copy, DateRange, Story};

/// Analysed articles and the stories they form.
pub struct Outcome {
    pub articles: Vec<Article>,
    pub analyses: Vec<Analysis>,
    pub stories: Vec<Story>,
}

/// Dates an article states for sure: its own date and absolute dates in it.
fn known_dates(article: &Article, analysis: &Analysis) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = analysis
        .times
        .iter()
        .filter(|t| !t.relative && t.precision == Some(crosscheck_model::Precision::Day))
        .filter_map(|t| {
            t.value
                .as_deref()
                .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
        })
        .collect();
    if let Some(d) = article
        .published
        .as_deref()
        .and_then(|p| p.get(..10))
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        out.push(d);
    }
    out
}

/// Dates undated articles of a group from their own content, helped by the
/// dates the group's other articles state, and re-normalises their relative
/// times against that range.
fn date_undated(articles: &mut [Article], analyses: &mut [Analysis], group: &[usize]) {
    for &i in group {
        if articles[i].published.is_some() {
            continue;
        }
        let known: Vec<NaiveDate> = group
            .iter()
            .filter(|&&j| j != i)
            .flat_map(|&j| known_dates(&articles[j], &analyses[j]))
            .collect();
        let first = analyze_with(&articles[i], None);
        if let Some((anchor, reason)) = timex::infer_anchor(&first.times, &known) {
            articles[i].published_range = Some(DateRange {
                from: anchor.from.to_string(),
                to: anchor.to.to_string(),
                reason,
            });
            analyses[i] = analyze_with(&articles[i], Some(anchor));
        } else {
            analyses[i] = first;
        }
    }
}

/// Analyses, links and corroborates. Articles must have ids.
pub fn run(mut articles: Vec<Article>) -> Outcome {
    let mut analyses: Vec<Analysis> = articles.iter().map(analyze).collect();
    let groups = crosscheck_link::stories(&articles, &analyses);
    for g in &groups {
        date_undated(&mut articles, &mut analyses, g);
    }
    let mut stories = Vec::new();
    for (n, g) in groups.iter().enumerate() {
        let arts: Vec<&Article> = g.iter().map(|&i| &articles[i]).collect();
        let ans: Vec<&Analysis> = g.iter().map(|&i| &analyses[i]).collect();
        let owned: Vec<Article> = arts.iter().map(|a| (*a).clone()).collect();
        let copies = crosscheck_link::copies(&owned);
        stories.push(corroborate(&format!("s{}", n + 1), &arts, &ans, &copies));
    }
    Outcome {
        articles,
        analyses,
        stories,
    }
}

/// Analyses and corroborates articles already known to tell one story (an
/// archive's stored story), with copy links decided when they were stored.
pub fn run_story(id: &str, mut articles: Vec<Article>, copies: &[Copy]) -> Outcome {
    let mut analyses: Vec<Analysis> = articles.iter().map(analyze).collect();
    let all: Vec<usize> = (0..articles.len()).collect();
    date_undated(&mut articles, &mut analyses, &all);
    let story = {
        let arts: Vec<&Article> = articles.iter().collect();
        let ans: Vec<&Analysis> = analyses.iter().collect();
        corroborate(id, &arts, &ans, copies)
    };
    Outcome {
        articles,
        analyses,
        stories: vec![story],
    }
}
