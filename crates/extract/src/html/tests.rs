use super::*;

const PAGE: &str = r#"<!DOCTYPE html><html lang="en-GB"><head>
<title>Quarry blast rattles village | Moorland Echo</title>
<meta property="og:site_name" content="Moorland Echo">
<meta property="og:title" content="Quarry blast rattles village">
<meta name="author" content="Priya Shah">
<meta property="article:published_time" content="2026-02-10T08:00:00Z">
<link rel="canonical" href="https://moorland.example/news/quarry-blast">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept cookies?</div>
<article>
<h1>Quarry blast rattles village</h1>
<p class="byline">By Priya Shah</p>
<figure><img src="q.jpg"><figcaption>The quarry at dawn. (Photo: Echo)</figcaption></figure>
<p>A controlled blast at the Hollins quarry shook windows across the village on Monday, residents said.</p>
<div class="ad-slot">Advertisement</div>
<p>The operator, Hollins Stone, said the charge had been larger than planned, and that no one was hurt.</p>
<p>Parish councillor Tom Reed said 30 households had complained by noon.</p>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Quarry expansion approved after long debate in council</a></li></ul></aside>
</article>
<footer><p>© 2026 Moorland Echo. All rights reserved.</p></footer>
</body></html>"#;

#[test]
fn article_body_and_meta() {
    let d = extract(PAGE);
    assert_eq!(d.title.as_deref(), Some("Quarry blast rattles village"));
    assert_eq!(d.publisher.as_deref(), Some("Moorland Echo"));
    assert_eq!(d.byline.as_deref(), Some("Priya Shah"));
    assert_eq!(d.published.as_deref(), Some("2026-02-10T08:00:00+00:00"));
    assert_eq!(d.published_from.as_deref(), Some("meta"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://moorland.example/news/quarry-blast")
    );
    assert_eq!(d.language.as_deref(), Some("en"));
    assert_eq!(d.paragraphs.len(), 3, "{:?}", d.paragraphs);
    assert!(d.paragraphs[0].starts_with("A controlled blast"));
    assert_eq!(d.captions, vec!["The quarry at dawn. (Photo: Echo)"]);
}

#[test]
fn json_ld_graph_wins_over_meta() {
    let page = r#"<html><head><meta property="article:published_time" content="2026-01-01">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
{"@type":"NewsArticle","headline":"Storm closes ports","datePublished":"2026-01-05T10:00:00+02:00",
"author":[{"@type":"Person","name":"Ola Berg"},{"@type":"Person","name":"Kim Ode"}],"publisher":{"@type":"Organization","name":"Coast Wire"}}]}</script>
</head><body><article><p>Ports along the coast closed on Sunday as the storm arrived, officials said.</p></article></body></html>"#;
    let d = extract(page);
    assert_eq!(d.title.as_deref(), Some("Storm closes ports"));
    assert_eq!(d.published.as_deref(), Some("2026-01-05T10:00:00+02:00"));
    assert_eq!(d.published_from.as_deref(), Some("json-ld"));
    assert_eq!(d.byline.as_deref(), Some("Ola Berg, Kim Ode"));
    assert_eq!(d.publisher.as_deref(), Some("Coast Wire"));
}

#[test]
fn deeply_nested_and_script_only_pages_do_not_crash() {
    let mut page = String::from("<html><body>");
    for _ in 0..100_000 {
        page.push_str("<div>");
    }
    page.push_str("<p>Deep inside the page sits one sentence of article text, long enough.</p>");
    let d = extract(&page);
    assert_eq!(d.paragraphs.len(), 1);
    let d = extract("<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script></body></html>");
    assert!(d.paragraphs.is_empty());
}

#[test]
fn unclosed_tags_still_give_text() {
    let d = extract("<html><body><div class=story><p>First paragraph of a page that never closes its tags, which happens.<p>Second one, also never closed, still read as its own paragraph");
    assert_eq!(d.paragraphs.len(), 2);
}

#[test]
fn time_element_gives_the_date_when_meta_is_silent() {
    let d = extract("<html><body><article><time datetime=\"2026-03-02\">2 March</time><p>The ferry struck rocks on Sunday evening near the island, officials said.</p></article></body></html>");
    assert_eq!(d.published.as_deref(), Some("2026-03-02"));
    assert_eq!(d.published_from.as_deref(), Some("time"));
}

#[test]
fn dublin_core_and_microdata() {
    let page = r#"<html><head>
<meta name="DC.title" content="Harbour tolls rise">
<meta name="DC.date.issued" content="2026-02-01">
<meta name="DC.creator" content="Ines Moreau">
<meta name="DC.publisher" content="Quay Gazette">
<meta name="DC.language" content="fr">
<meta name="dcterms.modified" content="2026-02-03">
</head><body><main><p>Les droits de port augmenteront de dix pour cent au printemps, a annoncé la capitainerie.</p></main></body></html>"#;
    let d = extract(page);
    assert_eq!(d.title.as_deref(), Some("Harbour tolls rise"));
    assert_eq!(d.published.as_deref(), Some("2026-02-01"));
    assert_eq!(d.published_from.as_deref(), Some("meta"));
    assert_eq!(d.byline.as_deref(), Some("Ines Moreau"));
    assert_eq!(d.publisher.as_deref(), Some("Quay Gazette"));
    assert_eq!(d.language.as_deref(), Some("fr"));
    assert_eq!(d.modified.as_deref(), Some("2026-02-03"));

    let micro = r#"<html><body><div itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">Tram line opens</h1>
<meta itemprop="datePublished" content="2026-03-09T06:00:00Z">
<time itemprop="dateModified" datetime="2026-03-10">10 March</time>
<div itemprop="articleBody"><p>The new tram line opened on Monday with free rides for the first week, the city said.</p></div>
</div></body></html>"#;
    let d = extract(micro);
    assert_eq!(d.title.as_deref(), Some("Tram line opens"));
    assert_eq!(d.published.as_deref(), Some("2026-03-09T06:00:00+00:00"));
    assert_eq!(d.modified.as_deref(), Some("2026-03-10"));
}

#[test]
fn open_graph_modified_time_and_visible_dateline() {
    let og = r#"<html><head><meta property="og:title" content="Bridge reopens">
<meta property="og:site_name" content="Valley Star"><meta property="article:modified_time" content="2026-04-02T10:00:00+02:00">
<meta property="og:url" content="https://valleystar.example/bridge"></head>
<body><article><p>March 30, 2026</p><p>The old bridge reopened to traffic on Monday after six months of repairs, the council said.</p></article></body></html>"#;
    let d = extract(og);
    assert_eq!(d.title.as_deref(), Some("Bridge reopens"));
    assert_eq!(d.publisher.as_deref(), Some("Valley Star"));
    assert_eq!(d.url.as_deref(), Some("https://valleystar.example/bridge"));
    assert_eq!(d.modified.as_deref(), Some("2026-04-02T10:00:00+02:00"));
    assert_eq!(d.published.as_deref(), Some("2026-03-30"));
    assert_eq!(d.published_from.as_deref(), Some("dateline"));
    assert_eq!(d.paragraphs.len(), 1);
}

#[test]
fn huge_page_and_tables_and_repeated_subheads() {
    let cell_rows: String = (1..=30)
        .map(|i| format!("<tr><td>{i}</td><td>Driver {i}</td><td>0</td></tr>"))
        .collect();
    let page = format!(
        "<html><body><article><p>Standings after the final race of the season, with points for every driver in the field.</p><table>{cell_rows}</table><h2>Notes</h2><p>First note about the standings and how ties were broken this year by the organisers.</p><h2>Notes</h2><p>Second note, repeated heading above, about penalties applied after the race.</p></article></body></html>"
    );
    let d = extract(&page);
    assert!(
        d.paragraphs.iter().filter(|p| p.as_str() == "0").count() >= 30,
        "table cells kept"
    );
    assert_eq!(
        d.paragraphs
            .iter()
            .filter(|p| p.as_str() == "Notes")
            .count(),
        2
    );
    // 50 MB of paragraphs: a result, linear time, no panic.
    let big = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>"
            .repeat(600_000)
    );
    assert!(big.len() > 50_000_000);
    let d = extract(&big);
    assert!(d.paragraphs.len() > 1);
}
