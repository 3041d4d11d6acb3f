//! The server on a free loopback port, spoken to over plain HTTP/1.1: the
//! JSON API, the pages, the headers, and hostile article text.
//! Every article here is invented for these tests.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::AtomicBool;

struct Quiet;
impl crosscheck_archive::Progress for Quiet {
    fn error(&mut self, _: &str) {}
    fn committed(&mut self, _: &crosscheck_archive::IngestReport) {}
}

const A: &str = "The ferry Nordlys ran aground off Hareid late on Sunday with 212 passengers aboard, the coastguard said. Rescue boats brought everyone ashore before midnight. Three passengers were taken to hospital in Volda with minor injuries. The operator Vestkyst Ferjer said the vessel struck a shoal two kilometres from the harbour.";
const B: &str = "The ferry Nordlys struck rocks off Hareid on Sunday night with 241 passengers aboard, police said. Rescue boats brought everyone ashore before midnight. Three passengers were treated in hospital in Volda. The operator Vestkyst Ferjer said the ferry hit a shoal near the harbour. <script>alert('x')</script> <img src=x onerror=alert(1)>";

fn start() -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let rec = |url: &str, title: &str, date: &str, text: &str, source: &str| {
        serde_json::json!({"url": url, "text": format!("{title}\n\n{text}"), "published": date, "source": source})
            .to_string()
    };
    std::fs::write(
        &input,
        [
            rec(
                "https://gazette.example/1",
                "Ferry aground off Hareid",
                "2025-12-14",
                A,
                "gazette",
            ),
            rec(
                "https://post.example/2",
                "Ferry Nordlys hits rocks off Hareid",
                "2025-12-14",
                B,
                "post",
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let db = dir.path().join("news.db");
    let mut archive = crosscheck_archive::Archive::open(&db, Default::default()).unwrap();
    archive
        .ingest(
            &[crosscheck_ingest::Input::Path(input)],
            &Default::default(),
            &mut Quiet,
            &AtomicBool::new(false),
        )
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || crosscheck_serve::run(archive, listener, |_| {}));
    (addr, dir)
}

/// (status, headers lower-cased, body)
fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_lowercase(), body.to_string())
}

fn json(addr: SocketAddr, path: &str) -> serde_json::Value {
    let (status, _, body) = get(addr, path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn api_lists_reports_searches_and_refuses_clearly() {
    let (addr, _dir) = start();
    let stories = json(addr, "/api/stories");
    let list = stories["stories"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{stories}");
    let id = list[0]["id"].as_u64().unwrap();
    let report = json(addr, &format!("/api/stories/{id}"));
    assert_eq!(report["schema_version"], "1.0");
    let claims = report["stories"][0]["claims"].as_array().unwrap();
    assert!(
        claims.iter().any(|c| c["status"] == "conflicting"),
        "212 vs 241: {claims:?}"
    );
    let hits = json(addr, "/api/search?q=Nordlys&since=2025-12-14");
    assert_eq!(hits["hits"].as_array().unwrap().len(), 2);
    assert!(json(addr, "/api/search?q=Nordlys&until=2025-12-01")["hits"]
        .as_array()
        .unwrap()
        .is_empty());
    let article = json(addr, "/api/articles/1");
    assert_eq!(article["articles"][0]["id"], "1");
    assert!(json(addr, "/api/copies/1")["copies"]["copies"].is_array());
    let (status, _, body) = get(addr, "/api/stories/999");
    assert_eq!(status, 404);
    assert!(body.contains("no story 999"));
    let (status, _, body) = get(addr, "/api/search?q=ferry&since=yesterday");
    assert_eq!(status, 400);
    assert!(body.contains("not a date"));
    let spec = json(addr, "/api/openapi.json");
    assert!(spec["paths"]["/api/stories/{id}"].is_object());
}

#[test]
fn pages_show_conflicts_first_and_escape_hostile_text() {
    let (addr, _dir) = start();
    let (status, head, list) = get(addr, "/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(list.contains("/stories/1"));
    let (_, _, story) = get(addr, "/stories/1");
    let first = story.find("<details").unwrap();
    assert!(
        story[first..].starts_with("<details class=\"claim conflicting\" open"),
        "conflicts come first, open"
    );
    assert!(story.contains("<mark>"), "evidence is highlighted");
    assert!(
        story.contains("<svg class=\"timeline\""),
        "the timeline is a picture"
    );
    let (_, _, article) = get(addr, "/articles/2");
    assert!(
        !article.contains("<script>alert"),
        "article text is escaped"
    );
    assert!(
        !article.contains("<img src=x"),
        "no markup from the article"
    );
    assert!(article.contains("&lt;script&gt;"), "it is shown as text");
    let (_, _, search) = get(addr, "/search?q=Volda");
    assert!(search.contains("<mark>Volda</mark>"), "{search}");
    let (status, _, _) = get(addr, "/stories/77");
    assert_eq!(status, 404);
}
