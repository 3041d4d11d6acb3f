//! Containers of many documents, read as streams: JSON Lines dumps and WARC
//! files (plain or gzip, one member per record as Common Crawl writes them).
//!
//! Memory is bounded by the largest single record, not by the file. A bad
//! record is reported with its file and offset (line number for JSON Lines,
//! byte offset of the record for WARC) and the rest of the file goes on.

use crate::{document_from_bytes, IngestError, Options};
use crosscheck_model::Document;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// What kind of container a path names, by its extension.
pub fn kind(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some("jsonl")
    } else if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        Some("warc")
    } else {
        None
    }
}

fn open(path: &Path) -> Result<Box<dyn BufRead>, IngestError> {
    let name = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|source| IngestError::Io { path: name, source })?;
    Ok(
        if path.to_string_lossy().to_ascii_lowercase().ends_with(".gz") {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(BufReader::new(file))
        },
    )
}

fn bad(path: &Path, at: String, reason: impl Into<String>) -> IngestError {
    IngestError::BadRecord {
        path: path.display().to_string(),
        at,
        reason: reason.into(),
    }
}

/// JSON Lines: `{"url", "html" | "text", "published", "source"}` per line.
pub fn jsonl(
    path: &Path,
    opts: &Options,
) -> Result<Box<dyn Iterator<Item = Result<Document, IngestError>>>, IngestError> {
    let reader = open(path)?;
    let path = path.to_path_buf();
    let limit = opts.max_bytes;
    Ok(Box::new(reader.lines().enumerate().filter_map(
        move |(i, line)| {
            let at = format!("line {}", i + 1);
            let line = match line {
                Ok(l) => l,
                Err(e) => return Some(Err(bad(&path, at, e.to_string()))),
            };
            if line.trim().is_empty() {
                return None;
            }
            if line.len() as u64 > limit {
                return Some(Err(bad(
                    &path,
                    at,
                    format!("record of {} bytes is over the limit", line.len()),
                )));
            }
            let v: serde_json::Value = match serde_json::from_str(&line) {
                Ok(v) => v,
                Err(e) => return Some(Err(bad(&path, at, format!("not JSON: {e}")))),
            };
            let body = v
                .get("html")
                .or_else(|| v.get("text"))
                .and_then(|b| b.as_str());
            let Some(body) = body else {
                return Some(Err(bad(&path, at, "no \"html\" or \"text\" field")));
            };
            let source = v
                .get("source")
                .and_then(|s| s.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| format!("{}:{}", path.display(), i + 1));
            Some(document_from_bytes(source, body.as_bytes()).map(|mut d| {
                d.url = v.get("url").and_then(|u| u.as_str()).map(str::to_string);
                d.published = v
                    .get("published")
                    .and_then(|u| u.as_str())
                    .map(str::to_string);
                d
            }))
        },
    )))
}

/// WARC response records holding HTML; other records are skipped.
pub fn warc(
    path: &Path,
    opts: &Options,
) -> Result<Box<dyn Iterator<Item = Result<Document, IngestError>>>, IngestError> {
    Ok(Box::new(WarcRecords {
        reader: open(path)?,
        path: path.to_path_buf(),
        offset: 0,
        limit: opts.max_bytes,
        done: false,
        pending: None,
    }))
}

/// A record's offset, headers (names lower-cased) and block.
type Record = (u64, Vec<(String, String)>, Vec<u8>);

struct WarcRecords {
    reader: Box<dyn BufRead>,
    path: std::path::PathBuf,
    /// Offset in the (decompressed) stream, for error messages.
    offset: u64,
    limit: u64,
    done: bool,
    /// Offset of a version line already read while resynchronising.
    pending: Option<u64>,
}

impl WarcRecords {
    fn line(&mut self) -> std::io::Result<Option<String>> {
        let mut buf = Vec::new();
        let n = self
            .reader
            .by_ref()
            .take(64 * 1024)
            .read_until(b'\n', &mut buf)?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(String::from_utf8_lossy(&buf).trim_end().to_string()))
    }

    /// Reads one record: its headers and its block. `Ok(None)` at the end.
    fn record(&mut self) -> Result<Option<Record>, (u64, String)> {
        // Skip blank lines between records; a line that is not a version
        // line means the stream lost its place: skip to the next record.
        let mut start = 0;
        let resumed = self.pending.take();
        if let Some(at) = resumed {
            start = at;
        }
        while resumed.is_none() {
            let at = self.offset;
            match self.line() {
                Ok(None) => return Ok(None),
                Ok(Some(l)) if l.is_empty() => continue,
                Ok(Some(l)) if l.starts_with("WARC/") => {
                    start = at;
                    break;
                }
                Ok(Some(_)) => {
                    // Resynchronise on the next version line.
                    loop {
                        let line_at = self.offset;
                        match self.line() {
                            Ok(None) => return Err((at, "truncated record".into())),
                            Ok(Some(l)) if l.starts_with("WARC/") => {
                                self.pending = Some(line_at);
                                break;
                            }
                            Ok(Some(_)) => {}
                            Err(e) => return Err((at, e.to_string())),
                        }
                    }
                    return Err((
                        at,
                        "garbage before a record; skipped to the next one".into(),
                    ));
                }
                Err(e) => return Err((at, e.to_string())),
            }
        }
        let mut headers = Vec::new();
        loop {
            match self.line() {
                Ok(Some(l)) if l.is_empty() => break,
                Ok(Some(l)) => {
                    if let Some((k, v)) = l.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
                Ok(None) => return Err((start, "truncated headers".into())),
                Err(e) => return Err((start, e.to_string())),
            }
        }
        let len: u64 = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .ok_or((start, "no Content-Length".to_string()))?;
        if len > self.limit {
            // Skip the block without holding it.
            let skipped = std::io::copy(&mut self.reader.by_ref().take(len), &mut std::io::sink())
                .map_err(|e| (start, e.to_string()))?;
            self.offset += skipped;
            return Err((start, format!("record of {len} bytes is over the limit")));
        }
        let mut block = Vec::with_capacity(len as usize);
        let n = self
            .reader
            .by_ref()
            .take(len)
            .read_to_end(&mut block)
            .map_err(|e| (start, format!("truncated or corrupt data: {e}")))?;
        self.offset += n as u64;
        if (n as u64) < len {
            return Err((start, format!("truncated record: {n} of {len} bytes")));
        }
        Ok(Some((start, headers, block)))
    }
}

impl Iterator for WarcRecords {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let (start, headers, block) = match self.record() {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err((at, reason)) => {
                    // Only a record skipped in a readable stream lets the
                    // reading go on; a read error or a cut-off stream ends it.
                    if !reason.starts_with("garbage") && !reason.contains("over the limit") {
                        self.done = true;
                    }
                    return Some(Err(bad(&self.path, format!("offset {at}"), reason)));
                }
            };
            let header = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
            if header("warc-type").as_deref() != Some("response") {
                continue;
            }
            // The block is an HTTP response: status line, headers, body.
            let split = block
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map(|p| p + 4)
                .or_else(|| block.windows(2).position(|w| w == b"\n\n").map(|p| p + 2));
            let Some(body_at) = split else { continue };
            let http = String::from_utf8_lossy(&block[..body_at]).to_ascii_lowercase();
            if !http.contains("content-type: text/html")
                && !http.contains("content-type: application/xhtml")
            {
                continue;
            }
            let url = header("warc-target-uri");
            let source = format!(
                "{}#{}",
                self.path.display(),
                url.as_deref().unwrap_or(&format!("offset {start}"))
            );
            return Some(document_from_bytes(source, &block[body_at..]).map(|mut d| {
                d.url = url;
                d.published = header("warc-date");
                d
            }));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn record(kind: &str, uri: &str, http_type: &str, body: &str) -> Vec<u8> {
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: {http_type}\r\n\r\n{body}");
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-02T10:00:00Z\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
        .into_bytes()
    }

    fn tmp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!("cc-archive-{}-{name}", std::process::id()));
        std::fs::write(&p, bytes).unwrap();
        p
    }

    const PAGE: &str = "<html><body><article><p>The harbour reopened on Monday after the storm, the port authority said in a statement.</p></article></body></html>";

    #[test]
    fn warc_gz_response_records_and_a_corrupt_one() {
        let mut bytes = gz(&record(
            "response",
            "https://a.example/1",
            "text/html; charset=utf-8",
            PAGE,
        ));
        bytes.extend(gz(&record(
            "request",
            "https://a.example/1",
            "text/html",
            "GET",
        )));
        bytes.extend(gz(&record(
            "response",
            "https://a.example/img",
            "image/png",
            "PNG",
        )));
        bytes.extend(gz(b"garbage that is not a record\r\n"));
        bytes.extend(gz(&record(
            "response",
            "https://a.example/2",
            "text/html",
            PAGE,
        )));
        let p = tmp("ok.warc.gz", &bytes);
        let got: Vec<Result<Document, IngestError>> =
            warc(&p, &Options::default()).unwrap().collect();
        let docs: Vec<&Document> = got.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(docs.len(), 2, "{got:?}");
        assert_eq!(docs[0].url.as_deref(), Some("https://a.example/1"));
        assert_eq!(docs[1].url.as_deref(), Some("https://a.example/2"));
        let errs: Vec<String> = got
            .iter()
            .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].contains("ok.warc.gz") && errs[0].contains("offset"),
            "{errs:?}"
        );
        std::fs::remove_file(p).unwrap();
    }

    #[test]
    fn truncated_gzip_reports_and_stops() {
        let mut bytes = gz(&record(
            "response",
            "https://a.example/1",
            "text/html",
            PAGE,
        ));
        let second = gz(&record(
            "response",
            "https://a.example/2",
            "text/html",
            PAGE,
        ));
        bytes.extend(&second[..second.len() / 2]);
        let p = tmp("cut.warc.gz", &bytes);
        let got: Vec<Result<Document, IngestError>> =
            warc(&p, &Options::default()).unwrap().collect();
        assert!(got[0].is_ok());
        assert!(
            got.iter().skip(1).all(|r| r.is_err()) && got.len() >= 2,
            "{got:?}"
        );
        std::fs::remove_file(p).unwrap();
    }

    #[test]
    fn jsonl_records_and_bad_lines() {
        let text = format!(
            "{}\nnot json\n{{\"url\": \"https://b.example/x\"}}\n{}\n",
            serde_json::json!({"url": "https://b.example/1", "html": PAGE, "published": "2026-03-02"}),
            serde_json::json!({"text": "Plain text record about the harbour reopening on Monday, officials said.", "source": "wire-17"})
        );
        let p = tmp("dump.jsonl", text.as_bytes());
        let got: Vec<Result<Document, IngestError>> =
            jsonl(&p, &Options::default()).unwrap().collect();
        assert_eq!(got.len(), 4);
        let d = got[0].as_ref().unwrap();
        assert_eq!(
            (d.url.as_deref(), d.published.as_deref()),
            (Some("https://b.example/1"), Some("2026-03-02"))
        );
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("line 2: not JSON"));
        assert!(got[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("line 3: no \"html\" or \"text\" field"));
        assert_eq!(got[3].as_ref().unwrap().source, "wire-17");
        std::fs::remove_file(p).unwrap();
    }
}
