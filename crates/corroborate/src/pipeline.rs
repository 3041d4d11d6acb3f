//! The whole chain from extracted articles to stories, as `analyze` runs it.

use crate::corroborate;
use chrono::NaiveDate;
use crosscheck_analyze::{analyze, analyze_with, timex};
use crosscheck_model::{Analysis, Article, DateRange, Story};

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

/// Analyses, links and corroborates. Articles must have ids.
pub fn run(mut articles: Vec<Article>) -> Outcome {
    let mut analyses: Vec<Analysis> = articles.iter().map(analyze).collect();
    let groups = crosscheck_link::stories(&articles, &analyses);
    // An undated article gets a range from its own content, helped by the
    // dates its story's other articles state; its relative times are then
    // normalised against that range.
    for g in &groups {
        for &i in g {
            if articles[i].published.is_some() {
                continue;
            }
            let known: Vec<NaiveDate> = g
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
