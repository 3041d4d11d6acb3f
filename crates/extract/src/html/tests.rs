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
