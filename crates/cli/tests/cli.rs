//! End-to-end tests of the `crosscheck` binary on the bundled examples and
//! on bad input.

#[path = "archive/mod.rs"]
mod archive;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
}

/// Runs a command with `input` on its standard input.
fn with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn run_json(args: &[&str]) -> (Value, Output) {
    let out = bin().args(args).output().expect("run crosscheck");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (v, out)
}

fn article<'a>(doc: &'a Value, file: &str) -> &'a Value {
    doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"].as_str().unwrap().ends_with(file))
        .unwrap()
}

fn flag_kinds(a: &Value) -> Vec<String> {
    a["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn examples_report_conflict_copies_flags_speakers_and_timeline() {
    let ex = examples();
    let (doc, out) = run_json(&["analyze", "--format", "json", ex.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(doc["schema_version"], "1.6");
    let stories = doc["stories"].as_array().unwrap();
    assert_eq!(
        stories.len(),
        2,
        "the unrelated article must be its own story"
    );
    let budget = article(&doc, "city-budget.html")["id"].clone();
    let ferry = stories
        .iter()
        .find(|s| !s["articles"].as_array().unwrap().contains(&budget))
        .unwrap();
    assert_eq!(ferry["articles"].as_array().unwrap().len(), 6);

    // The passenger count: 212 everywhere but 241 in the Valley Courier.
    let valley = article(&doc, "valley-courier.txt")["id"].clone();
    let conflict = ferry["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "conflicting")
        .expect("a conflicting claim");
    let ev = conflict["evidence"].as_array().unwrap();
    assert!(ev
        .iter()
        .any(|e| e["article"] == valley && e["text"].as_str().unwrap().contains("241 passengers")));
    assert!(ev
        .iter()
        .any(|e| e["text"].as_str().unwrap().contains("212 passengers")));
    assert!(conflict["conflict"].as_str().unwrap().contains("241"));
    // Evidence offsets point at the sentence in the article text.
    for e in ev {
        let a = doc["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == e["article"])
            .unwrap();
        let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..t].iter().collect::<String>(),
            e["text"].as_str().unwrap()
        );
    }
    // Hospitalised: corroborated by several outlets.
    assert!(ferry["claims"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["status"] == "corroborated"
            && c["evidence"].as_array().unwrap().len() >= 4
            && c["evidence"].as_array().unwrap().iter().all(|e| e["text"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("three people"))));

    // Syndication: Fjord Post is a copy of the Harbor Times wire story.
    let harbor = article(&doc, "harbor-times.html");
    let fjord = article(&doc, "fjord-post.txt");
    let copies = ferry["copies"].as_array().unwrap();
    assert!(
        copies
            .iter()
            .any(|c| c["article"] == fjord["id"] && c["copy_of"] == harbor["id"]),
        "{copies:?}"
    );
    assert!(flag_kinds(harbor).contains(&"syndicated_byline".to_string()));
    assert!(ferry["upstreams"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["name"] == "Nordic Press Agency"));

    // Flags of the scraped page and the translated copy.
    let coast = article(&doc, "coastline-daily.txt");
    for k in ["keyword_stuffing", "duplicate_text", "boilerplate_removed"] {
        assert!(flag_kinds(coast).contains(&k.to_string()), "{k}");
    }
    assert_eq!(coast["publisher"], "Coastline Daily");
    assert_eq!(coast["published"], "2026-03-02");
    assert_eq!(coast["captions"].as_array().unwrap().len(), 1);
    assert!(!coast["text"].as_str().unwrap().contains("Advertisement"));
    assert!(flag_kinds(article(&doc, "nordisk-kurer.html"))
        .contains(&"translation_disclosure".to_string()));

    // Metadata from JSON-LD, and speakers through pronouns.
    let ledger = article(&doc, "northern-ledger.html");
    assert_eq!(ledger["published"], "2026-03-02T07:15:00+01:00");
    assert_eq!(ledger["publisher"], "Northern Ledger");
    assert_eq!(ledger["byline"], "Marta Holm");
    let speakers: Vec<&str> = ledger["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["speaker"].as_str())
        .collect();
    assert_eq!(speakers, vec!["Ingrid Solberg", "Ingrid Solberg"]);
    let aas = coast["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"].as_str().unwrap().starts_with("We owe it"))
        .unwrap();
    assert_eq!(aas["speaker"], "Jon Aas");

    // Timeline: inspection, grounding, the minister's visit, the report.
    let dates: Vec<&str> = ferry["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["date"].as_str().unwrap())
        .collect();
    for d in ["2025-11", "2026-03-01", "2026-03-04", "2026-06"] {
        assert!(dates.contains(&d), "{d} missing from {dates:?}");
    }
    let pos = |d: &str| dates.iter().position(|x| *x == d).unwrap();
    assert!(pos("2025-11") < pos("2026-03-01") && pos("2026-03-01") < pos("2026-06"));
}

#[test]
fn same_input_gives_identical_json() {
    let ex = examples();
    let a = bin()
        .args(["analyze", "--format", "json", ex.to_str().unwrap()])
        .output()
        .unwrap();
    let b = bin()
        .args(["analyze", "--format", "json", ex.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn markdown_and_terminal_reports() {
    let ex = examples();
    let out = bin()
        .args(["analyze", "--format", "markdown", ex.to_str().unwrap()])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("# Story s1") && md.contains("**CONFLICTING**"));
    let out = bin()
        .args(["analyze", ex.to_str().unwrap()])
        .output()
        .unwrap();
    let term = String::from_utf8(out.stdout).unwrap();
    assert!(
        term.contains("CONFLICTING") && !term.contains('\u{1b}'),
        "no colour when not a terminal"
    );
}

#[test]
fn bad_inputs_are_named_and_the_rest_still_runs() {
    let dir = std::env::temp_dir().join(format!("cc-cli-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("empty-dir")).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("image.bin"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1],
    )
    .unwrap();
    let mut bad_utf8 =
        b"The council met on Monday and approved the plan for the harbour, officials said. "
            .repeat(3);
    bad_utf8.extend([0xC3, 0x28, 0xFF]);
    std::fs::write(dir.join("bad-utf8.txt"), &bad_utf8).unwrap();
    std::fs::write(dir.join("unclosed.html"), "<html><body><div><p>The harbour council approved a new ferry timetable on Monday, its chair said.<p>Services start in May").unwrap();
    let big = vec![b'a'; 50 * 1024 * 1024 + 10];
    std::fs::write(dir.join("big.txt"), &big).unwrap();
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let out = bin()
        .args([
            "analyze",
            "--format",
            "json",
            &p("missing.html"),
            &p("empty-dir"),
            &p("empty.txt"),
            &p("image.bin"),
            &p("big.txt"),
            &p("bad-utf8.txt"),
            &p("unclosed.html"),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("missing.html: no such file or directory"),
        "{err}"
    );
    assert!(
        err.contains("empty-dir: directory holds no HTML or text files"),
        "{err}"
    );
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(err.contains("image.bin: binary file"), "{err}");
    assert!(err.contains("big.txt: 52428810 bytes is over"), "{err}");
    assert!(
        err.contains("bad-utf8.txt: warning: invalid UTF-8"),
        "{err}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["articles"].as_array().unwrap().len(), 2);

    let out = bin().args(["analyze", &p("empty.txt")]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = bin()
        .args(["analyze", "--format", "yaml", &p("empty.txt")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().arg("analyze").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_and_extract() {
    let out = with_stdin(
        bin().args(["extract", "--format", "json", "-"]),
        b"Harbour News\nMarch 3, 2026\nFerry timetable changes\nThe new timetable starts on Monday, the operator said.\n- Advertisement -\n",
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"], "-");
    assert_eq!(v["title"], "Ferry timetable changes");
    assert_eq!(v["publisher"], "Harbour News");
    assert_eq!(
        v["text"],
        "The new timetable starts on Monday, the operator said."
    );
}

#[test]
fn json_lines_and_warc_inputs() {
    let dir = std::env::temp_dir().join(format!("cc-cli-archive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = "<html><body><article><p>The harbour of Tromsdal reopened on Monday after the storm, the port authority said.</p><p>Ferries resumed their timetable on Tuesday morning, the operator said.</p></article></body></html>";
    let jsonl = format!(
        "{}\n{{\"broken\": \n",
        serde_json::json!({"url": "https://quay.example/1", "html": page, "published": "2026-03-02"})
    );
    std::fs::write(dir.join("dump.jsonl"), jsonl).unwrap();
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
    let rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://quay.example/2\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    );
    std::fs::write(dir.join("crawl.warc"), rec.as_bytes()).unwrap();
    let out = bin()
        .args(["analyze", "--format", "json", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("dump.jsonl: line 2: not JSON"), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let urls: Vec<&str> = doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["url"].as_str())
        .collect();
    assert!(
        urls.contains(&"https://quay.example/1") && urls.contains(&"https://quay.example/2"),
        "{urls:?}"
    );
    let jl = doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["url"] == "https://quay.example/1")
        .unwrap();
    assert_eq!(jl["published"], "2026-03-02");
    assert_eq!(jl["published_from"], "source");
    std::fs::remove_dir_all(&dir).unwrap();
}
