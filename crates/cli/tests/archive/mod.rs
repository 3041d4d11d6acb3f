//! The archive commands end to end: every input format, re-ingest, resume
//! after a killed ingest, copies, stories that grow, search filters.
//! Every article here is invented for these tests.

use super::bin;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

const FERRY: &str = "The ferry Nordlys ran aground off Hareid late on Sunday with 212 passengers and 14 crew aboard, the coastguard said. Rescue boats from Ålesund and Ulsteinvik brought everyone ashore in strong wind before midnight. Three passengers were taken to hospital in Volda with minor injuries, according to the regional health trust. The operator, Vestkyst Ferjer, said the vessel had left Hareid on schedule and struck a shoal about two kilometres from the harbour. Police have opened an investigation and questioned the captain, a spokesperson for Møre og Romsdal police said.";
const FERRY_COPY_EDITS: [(&str, &str); 3] = [
    ("late on Sunday", "on Sunday night"),
    ("in strong wind before midnight", "before midnight"),
    (
        "a spokesperson for Møre og Romsdal police said",
        "police said",
    ),
];
const HULL: &str = "Divers inspected the hull of the ferry Nordlys on Monday and found a long gash below the waterline, a day after it ran aground off Hareid with 212 passengers aboard. The operator Vestkyst Ferjer said the ferry would be towed to a shipyard in Ulsteinvik once the weather allowed. Police said the captain of the Nordlys had been questioned again and that the investigation into the grounding off Hareid continued. Passengers evacuated from the ferry on Sunday night described a loud bang and a sudden list.";
const BUDGET: &str = "The city council of Tromsdal approved a budget of 48 million kroner for new bike lanes on Tuesday by a vote of 31 to 12. Mayor Anne Berg said the lanes along the harbour front would be finished by autumn. Opposition councillors argued that the money should have gone to snow clearing and road repairs. The plan also removes about 200 parking spaces in the city centre, which shop owners have criticised.";
const UKRAINIAN: &str = "Міська рада Полтави у вівторок ухвалила бюджет на ремонт шкіл у розмірі 120 мільйонів гривень. Мер міста заявив, що роботи завершаться до вересня. Депутати опозиції вимагали спрямувати частину коштів на ремонт доріг. Рішення підтримали 28 депутатів із 42.";

fn html(title: &str, outlet: &str, date: &str, body: &str) -> String {
    let paras: String = body
        .split(". ")
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|c| format!("<p>{}.</p>\n", c.join(". ").trim_end_matches('.')))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>{title} | {outlet}</title>\
         <meta property=\"og:site_name\" content=\"{outlet}\">\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><h1>{title}</h1>\n{paras}</article><footer>© {outlet}</footer></body></html>"
    )
}

fn ferry_copy() -> String {
    let mut t = FERRY.to_string();
    for (a, b) in FERRY_COPY_EDITS {
        t = t.replace(a, b);
    }
    t
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn warc_record(uri: &str, body: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-12-16T10:00:00Z\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
    .into_bytes()
}

/// A folder of inputs in every format the archive reads.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let ferry = dir.join("gazette-ferry.html");
    std::fs::write(
        &ferry,
        html(
            "Ferry Nordlys aground off Hareid",
            "Coast Gazette",
            "2025-12-14T23:10:00+01:00",
            FERRY,
        ),
    )
    .unwrap();
    let copy = dir.join("fjord-post.txt");
    std::fs::write(
        &copy,
        format!(
            "Fjord Post\nPublished December 15, 2025 08:00\nFerry Nordlys runs aground off Hareid\n\n{}\n",
            ferry_copy()
        ),
    )
    .unwrap();
    let feed = dir.join("news.rss");
    let hull_html: String = HULL
        .split(". ")
        .map(|p| format!("<p>{}.</p>", p.trim_end_matches('.')))
        .collect();
    std::fs::write(
        &feed,
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Sunnmøre Daily</title>\
             <item><title>Divers find gash in ferry hull</title><link>https://sunnmore.example/hull</link>\
             <pubDate>Mon, 15 Dec 2025 16:00:00 +0100</pubDate><content:encoded><![CDATA[{hull_html}]]></content:encoded></item></channel></rss>"
        ),
    )
    .unwrap();
    let jsonl = dir.join("dump.jsonl");
    let rec = serde_json::json!({
        "url": "https://ledger.example/budget",
        "html": html("Council approves bike lanes", "Northern Ledger", "2025-12-16T09:00:00+01:00", BUDGET),
        "published": "2025-12-16",
    });
    std::fs::write(&jsonl, format!("{rec}\n{{not json\n")).unwrap();
    let warc = dir.join("crawl.warc.gz");
    let mut bytes = gz(&warc_record(
        "https://poltava.example/budget",
        &html(
            "Рада ухвалила бюджет на ремонт шкіл",
            "Полтавський вісник",
            "2025-12-16T12:00:00+02:00",
            UKRAINIAN,
        ),
    ));
    bytes.extend(gz(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\n",
    ));
    std::fs::write(&warc, bytes).unwrap();
    vec![ferry, copy, feed, jsonl, warc]
}

fn ingest(db: &Path, inputs: &[PathBuf]) -> (Value, Output) {
    let mut cmd = bin();
    cmd.args(["ingest", "--format", "json", "--db"]).arg(db);
    cmd.args(inputs);
    let out = cmd.output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (v, out)
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    if args[0] == "search" {
        Value::Array(
            text.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
        )
    } else {
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{e}: {text} {}", String::from_utf8_lossy(&out.stderr)))
    }
}

#[test]
fn every_format_goes_in_once_and_bad_records_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = corpus(dir.path());
    let db = dir.path().join("news.db");
    let (v, out) = ingest(&db, &inputs);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(v["ingest"]["stored"], 5, "{v} {stderr}");
    assert_eq!(v["ingest"]["copies"], 1, "{v}");
    assert_eq!(v["ingest"]["failed"], 2, "{v}");
    assert!(stderr.contains("dump.jsonl: line 2"), "{stderr}");
    assert!(stderr.contains("crawl.warc.gz: offset"), "{stderr}");

    // The same inputs again: nothing new, and it says so.
    let (again, out) = ingest(&db, &inputs);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(again["ingest"]["stored"], 0);
    assert_eq!(again["ingest"]["already_stored"], 5);
    assert_eq!(again["archive"]["articles"], 5);
    let text = bin()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&inputs[0])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("nothing new"));

    // Standard input: the same page under another name is still the same article.
    let out = super::with_stdin(
        bin()
            .args(["ingest", "--format", "json", "--db"])
            .arg(&db)
            .arg("-"),
        &std::fs::read(&inputs[0]).unwrap(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ingest"]["already_stored"], 1, "{v}");
}

#[test]
fn copies_collapse_and_stories_grow_as_articles_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = corpus(dir.path());
    let db = dir.path().join("news.db");
    // The first article alone opens a story.
    ingest(&db, &inputs[..1]);
    let s = json(&db, &["stories"]);
    assert_eq!(s["stories"].as_array().unwrap().len(), 1);
    let ferry_story = s["stories"][0]["id"].clone();
    // Its copy and the next day's follow-up join it; other news does not.
    ingest(&db, &inputs[1..]);
    let s = json(&db, &["stories"]);
    let stories = s["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 3, "{s}");
    let ferry = stories.iter().find(|x| x["id"] == ferry_story).unwrap();
    assert_eq!(ferry["articles"], 3, "{s}");
    assert_eq!(ferry["texts"], 2, "the copy is one text: {s}");
    assert_eq!(ferry["first"], "2025-12-14");
    assert_eq!(ferry["last"], "2025-12-15");

    // `copies` of the copy: the earliest copy first, with the likely origin.
    let hits = json(
        &db,
        &["search", "Nordlys Ulsteinvik", "--outlet", "fjord post"],
    );
    let copy_id = hits[0]["id"].as_i64().unwrap().to_string();
    let c = json(&db, &["copies", &copy_id]);
    let rows = c["copies"]["copies"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["publisher"], "Coast Gazette");
    assert!(rows[1]["similarity"].as_f64().unwrap() > 0.6);

    // The story report counts the two copies as one source.
    let id = ferry_story.as_u64().unwrap().to_string();
    let report = json(&db, &["story", &id]);
    let story = &report["stories"][0];
    assert_eq!(report["articles"].as_array().unwrap().len(), 3);
    assert_eq!(
        story["copies"].as_array().unwrap().len(),
        1,
        "{}",
        story["copies"]
    );
    let text = bin()
        .args(["story", &id, "--color", "never", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("copy of"));
}

#[test]
fn search_ranks_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = corpus(dir.path());
    let db = dir.path().join("news.db");
    ingest(&db, &inputs);
    let ids = |args: &[&str]| -> Vec<String> {
        json(&db, args)
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["outlet"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let all = ids(&["search", "ferry Hareid"]);
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(
        ids(&["search", "ferry Hareid", "--since", "2025-12-15"]).len(),
        2
    );
    assert_eq!(
        ids(&["search", "ferry Hareid", "--until", "2025-12-14"]),
        vec!["Coast Gazette"]
    );
    assert_eq!(
        ids(&["search", "бюджет", "--lang", "uk"]),
        vec!["Полтавський вісник"]
    );
    assert!(ids(&["search", "бюджет", "--lang", "en"]).is_empty());
    let hit = &json(&db, &["search", "gash"])[0];
    assert!(hit["snippet"].as_str().unwrap().contains("gash"));
    let none = bin()
        .args(["search", "zeppelin", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    let missing = bin()
        .args(["stories", "--db"])
        .arg(dir.path().join("nope.db"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no archive at"));
}

/// Many distinct invented articles, as JSON Lines.
fn many(path: &Path, n: usize) {
    let mut f = std::fs::File::create(path).unwrap();
    for i in 0..n {
        let body = format!(
            "Harbour office {i} reported that vessel number {i} left berth {} at dawn carrying {} containers of timber. \
             Dock workers at quay {} said loading took longer than planned because crane {} failed twice. \
             The shipping company expects the cargo to reach port {} within {} days, a spokesperson said.",
            i % 17, i * 3 + 11, i % 23, i % 7, i % 31, 2 + i % 5
        );
        let rec = serde_json::json!({
            "url": format!("https://harbour.example/{i}"),
            "html": html(&format!("Vessel {i} leaves berth"), "Harbour Bulletin", "2025-12-20T08:00:00Z", &body),
        });
        writeln!(f, "{rec}").unwrap();
    }
}

#[test]
fn a_killed_ingest_loses_nothing_it_stored_and_a_rerun_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    many(&input, 3000);
    let db = dir.path().join("news.db");
    let mut child = bin()
        .args(["ingest", "--batch", "20", "--threads", "1", "--db"])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for some batches to be committed, then kill -9.
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let n = crosscheck_store::Sqlite::open(&db)
            .ok()
            .and_then(|s| crosscheck_store::Store::counts(&s).ok())
            .map_or(0, |c| c.articles);
        if n >= 100 || start.elapsed().as_secs() > 120 {
            break;
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the ingest was killed before it finished"
    );
    let before = crosscheck_store::Store::counts(&crosscheck_store::Sqlite::open(&db).unwrap())
        .unwrap()
        .articles;
    assert!((100..3000).contains(&before), "{before}");
    let (v, out) = ingest(&db, &[input]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(v["ingest"]["already_stored"].as_u64().unwrap(), before);
    assert_eq!(v["archive"]["articles"], 3000, "{v}");
    // The index caught up with everything the database holds.
    let archive = crosscheck_archive::Archive::open(&db, Default::default()).unwrap();
    let hits = archive
        .search(
            "timber",
            &crosscheck_search::Filter {
                limit: 5000,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 3000);
}
