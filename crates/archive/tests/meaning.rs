//! With the sentence encoder's model (`CROSSCHECK_MODEL`; skipped with a
//! notice without it, failed when `CROSSCHECK_REQUIRE_MODEL` is set, as in
//! CI): an archive keeps each article's meaning, search finds articles in
//! other languages by it, and a later run places a page in another
//! language into a story stored by an earlier one. The pages are invented.

use crosscheck_archive::{Archive, Clustering, IngestOptions, IngestReport, Progress};
use crosscheck_link::stream::Encoder;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

struct Quiet;
impl Progress for Quiet {
    fn error(&mut self, message: &str) {
        panic!("{message}");
    }
    fn committed(&mut self, _: &IngestReport) {}
}

fn encoder() -> Option<Arc<Encoder>> {
    let Some(path) = std::env::var_os("CROSSCHECK_MODEL") else {
        assert!(
            std::env::var_os("CROSSCHECK_REQUIRE_MODEL").is_none(),
            "CROSSCHECK_REQUIRE_MODEL is set but CROSSCHECK_MODEL is not"
        );
        eprintln!("no model (CROSSCHECK_MODEL): the archive's meaning tests are skipped");
        return None;
    };
    Some(Arc::new(
        Encoder::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}")),
    ))
}

/// One JSON Lines record of a dated page.
fn record(url: &str, title: &str, text: &str) -> String {
    serde_json::json!({
        "url": url,
        "html": format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"),
        "published": "2026-03-02T09:00:00Z",
    })
    .to_string()
}

fn ingest(db: &Path, file: &Path, lines: &[String], encoder: &Arc<Encoder>) -> Archive {
    std::fs::write(file, lines.join("\n")).expect("written");
    let mut archive = Archive::open(db, Clustering::default()).expect("an archive");
    archive
        .ingest(
            &[crosscheck_ingest::Input::Path(file.to_path_buf())],
            &IngestOptions {
                encoder: Some(encoder.clone()),
                ..IngestOptions::default()
            },
            &mut Quiet,
            &AtomicBool::new(false),
        )
        .expect("ingested");
    archive
}

#[test]
fn meaning_is_stored_searched_and_restored() {
    let Some(e) = encoder() else { return };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("news.db");
    let first = ingest(
        &db,
        &dir.path().join("first.jsonl"),
        &[
            record("https://a.example/ferry", "Ferry with 212 passengers runs aground off Norway",
                "A passenger ferry carrying 212 people ran aground near the island of Skarvoy on Sunday night. All passengers were evacuated by lifeboats and three people were taken to hospital."),
            record("https://b.example/budget", "City council approves new bike lanes",
                "The city council approved a budget of 48 million kroner for new bike lanes after a long debate about parking in the centre."),
        ],
        &e,
    );
    let story_of = |a: &Archive, url: &str| -> u64 {
        let all = a.store().articles_after(0, 100).expect("read");
        all.iter()
            .find(|s| s.article.url.as_deref() == Some(url))
            .map(|s| s.story)
            .expect("stored")
    };
    let ferry = story_of(&first, "https://a.example/ferry");
    drop(first);

    // A later run: the Korean page joins the English story stored before.
    let mut second = ingest(
        &db,
        &dir.path().join("second.jsonl"),
        &[record("https://c.example/yeogaekseon", "승객 212명 태운 여객선, 노르웨이 해안서 좌초",
            "승객 212명을 태운 여객선이 일요일 밤 스카르뵈위 섬 인근에서 좌초했다. 승객 전원이 구명보트로 대피했으며 3명이 병원으로 옮겨졌다.")],
        &e,
    );
    assert_eq!(story_of(&second, "https://c.example/yeogaekseon"), ferry);

    // A Korean query finds the English page by meaning (cosine 0.37 here;
    // keyword queries score lower than sentences), not the budget (0.04).
    second.set_encoder(Some(e.clone()));
    let hits = second
        .search(
            "여객선이 노르웨이 해안에서 좌초했다",
            &crosscheck_search::Filter::default(),
        )
        .expect("searched");
    let urls: Vec<(String, crosscheck_search::Matched)> = hits
        .iter()
        .map(|h| {
            let s = second.store().article(h.id).expect("read").expect("stored");
            (s.article.url.unwrap_or_default(), h.matched)
        })
        .collect();
    assert!(
        urls.contains(&(
            "https://a.example/ferry".into(),
            crosscheck_search::Matched::Meaning
        )),
        "{urls:?}"
    );
    assert!(!urls.iter().any(|(u, _)| u.contains("budget")), "{urls:?}");
    // Without the encoder, only the query's words: the Korean page alone.
    second.set_encoder(None);
    let words = second
        .search("여객선", &crosscheck_search::Filter::default())
        .expect("searched");
    assert!(words
        .iter()
        .all(|h| h.matched == crosscheck_search::Matched::Words));
}
