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

const A: &str = "HAREID (NPA) — The ferry Nordlys ran aground off Hareid late on Sunday with 212 passengers aboard, the coastguard said. Rescue boats brought everyone ashore before midnight. Three passengers were taken to hospital in Volda with minor injuries. The operator Vestkyst Ferjer said the vessel struck a shoal two kilometres from the harbour.";
const B: &str = "HAREID (NPA) — The ferry Nordlys struck rocks off Hareid on Sunday night with 241 passengers aboard, police said. Rescue boats brought everyone ashore before midnight. Three passengers were treated in hospital in Volda. The operator Vestkyst Ferjer said the ferry hit a shoal near the harbour. <script>alert('x')</script> <img src=x onerror=alert(1)>";

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
    assert_eq!(report["schema_version"], "1.6");
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
    let (_, _, first) = get(addr, "/?limit=1&lang=en");
    assert!(
        first.contains("name=\"limit\" value=\"51\"")
            && first.contains("name=\"lang\" value=\"en\""),
        "a full page offers more with the same filters: {first}"
    );
    assert!(
        !list.contains("Show 50 more"),
        "a page that is not full does not"
    );
    let (_, _, search) = get(addr, "/search?q=Volda");
    assert!(search.contains("<mark>Volda</mark>"), "{search}");
    let (status, _, _) = get(addr, "/stories/77");
    assert_eq!(status, 404);
}

#[test]
fn a_story_names_outlets_counts_claims_and_marks_evidence() {
    let (addr, _dir) = start();
    let (_, _, list) = get(addr, "/");
    assert!(
        list.contains("class=\"conflicting\">1 conflicting"),
        "claim counts in the list: {list}"
    );
    let (_, _, story) = get(addr, "/stories/1");
    let open = &story[story.find("<details").unwrap()..];
    let open = &open[..open.find("</details>").unwrap()];
    assert!(open.contains("<ul class=\"sides\""), "{open}");
    assert!(
        open.contains(">gazette.example</a> says <strong>212"),
        "sides name the outlet: {open}"
    );
    assert!(
        open.contains(">post.example</a> says <strong>241"),
        "{open}"
    );
    assert!(!open.contains("1 says"), "no article numbers: {open}");
    assert!(
        story.contains("<svg class=\"graph\""),
        "independence is a picture"
    );
    let timeline = &story[story.find("timeline-text").expect("the timeline as text")..];
    let timeline = &timeline[..timeline.find("</details>").unwrap()];
    assert!(
        timeline.contains("href=\"/articles/1\"") && timeline.contains("href=\"/articles/2\""),
        "every source of an event is linked: {timeline}"
    );
    // Evidence links into its article, which marks it.
    let at = story.find("?from=").expect("evidence links carry a range");
    let link = &story[story[..at].rfind('"').unwrap() + 1..];
    let link = link[..link.find('"').unwrap()].replace("&amp;", "&");
    let (status, _, article) = get(addr, &link);
    assert_eq!(status, 200, "{link}");
    assert!(article.contains("id=\"evidence\""), "{article}");
    assert!(
        article.contains("class=\"number\"")
            && article.contains("title=\"number of passengers injured\"")
            && article.contains("title=\"number of passengers;"),
        "numbers are marked with what they count: {article}"
    );
    // A range past the end is not trusted.
    let (status, _, _) = get(addr, "/articles/1?from=5&to=999999");
    assert_eq!(status, 200);
}

/// A multipart body of `(field, file name, bytes)` parts.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----crosscheck-test-7f3a";
    let mut body = Vec::new();
    for (field, file, bytes) in parts {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\""
        )
        .unwrap();
        if let Some(f) = file {
            write!(
                body,
                "; filename=\"{f}\"\r\nContent-Type: application/octet-stream"
            )
            .unwrap();
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post(addr: SocketAddr, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    // The server may answer before it has read all of a body it refuses.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
    (status, body.to_string())
}

#[test]
fn uploads_are_analysed_and_bad_files_are_named() {
    let (addr, _dir) = start();
    let page_a = format!(
        "<html><head><title>Ferry aground off Hareid</title><meta property=\"og:site_name\" content=\"Gazette\"></head><body><article><h1>Ferry aground off Hareid</h1><p>{A}</p></article></body></html>"
    );
    let text_b = format!("Ferry Nordlys hits rocks off Hareid\n\n{B}");
    let (ct, body) = multipart(&[
        ("files", Some("gazette.html"), page_a.as_bytes()),
        ("files", Some("post.txt"), text_b.as_bytes()),
        (
            "files",
            Some("photo.jpg"),
            &[0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 1, 2],
        ),
        ("text", None, b""),
    ]);
    let (status, json) = post(addr, "/api/analyze", &ct, &body);
    assert_eq!(status, 200, "{json}");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["articles"].as_array().unwrap().len(), 2);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].as_str().unwrap().contains("photo.jpg"),
        "{errors:?}"
    );
    let claims = doc["stories"][0]["claims"].as_array().unwrap();
    assert!(
        claims.iter().any(|c| c["status"] == "conflicting"),
        "{claims:?}"
    );

    let (status, page) = post(addr, "/analyze", &ct, &body);
    assert_eq!(status, 200);
    assert!(page.contains("photo.jpg"), "the unreadable file is named");
    assert!(page.contains("<details class=\"claim conflicting\" open"));
    assert!(
        !page.contains("<script>alert"),
        "uploaded text is escaped too"
    );

    // Only unreadable files: a clear refusal, not an empty report.
    let (ct, body) = multipart(&[("files", Some("empty.txt"), b"   \n")]);
    let (status, page) = post(addr, "/analyze", &ct, &body);
    assert_eq!(status, 422);
    assert!(page.contains("empty.txt"), "{page}");
    let (ct, body) = multipart(&[("files", None, b"")]);
    let (status, json) = post(addr, "/api/analyze", &ct, &body);
    assert_eq!(status, 400);
    assert!(json.contains("nothing to analyze"), "{json}");
}

#[test]
fn uploads_over_the_limits_are_refused_or_left_out_clearly() {
    let (addr, _dir) = start();
    let big = vec![b'a'; crosscheck_serve::MAX_FILE + 10];
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("files", Some("huge.txt"), &big)];
    let names: Vec<String> = (0..crosscheck_serve::MAX_FILES + 15)
        .map(|i| format!("f{i}.txt"))
        .collect();
    // Each file its own text: the same article twice is analysed once.
    let texts: Vec<String> = (0..names.len())
        .map(|i| format!("Ferry aground off Hareid\n\n{A}\n\nUpdate number {i}."))
        .collect();
    for (n, t) in names.iter().zip(&texts) {
        parts.push(("files", Some(n), t.as_bytes()));
    }
    let (ct, body) = multipart(&parts);
    let (status, json) = post(addr, "/api/analyze", &ct, &body);
    assert_eq!(status, 200, "{json}");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc["articles"].as_array().unwrap().len(),
        crosscheck_serve::MAX_FILES
    );
    let errors = doc["errors"].to_string();
    assert!(errors.contains("huge.txt: larger than 5 MB"), "{errors}");
    assert!(
        errors.contains(&format!(
            "f{}.txt: more than 20 files",
            crosscheck_serve::MAX_FILES
        )),
        "{errors}"
    );
    assert!(
        errors.contains("and 5 more files over the limit of 20"),
        "files left out beyond the first ten are counted, not listed: {errors}"
    );
    assert!(!errors.contains("f30.txt"), "{errors}");
    let too_much = vec![b'b'; crosscheck_serve::MAX_BODY + 1];
    let (ct, body) = multipart(&[("files", Some("all.txt"), &too_much)]);
    let (status, json) = post(addr, "/api/analyze", &ct, &body);
    assert_eq!(status, 413, "{json}");
    assert!(json.contains("larger than 25 MB in all"), "{json}");
}

#[test]
fn the_same_article_uploaded_twice_is_analysed_once_and_named() {
    let (addr, _dir) = start();
    let page = format!("Ferry aground off Hareid\n\n{A}");
    let (ct, body) = multipart(&[
        ("files", Some("first.txt"), page.as_bytes()),
        ("files", Some("again.txt"), page.as_bytes()),
    ]);
    let (status, json) = post(addr, "/api/analyze", &ct, &body);
    assert_eq!(status, 200, "{json}");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["articles"].as_array().unwrap().len(), 1, "{json}");
    let errors = doc["errors"].to_string();
    assert!(
        errors.contains("again.txt: the same article as a1"),
        "{errors}"
    );
}
