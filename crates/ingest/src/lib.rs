//! Ingest: turns what the user names (files, folders, `-` for stdin) into
//! decoded [`Document`]s.
//!
//! Takes paths; gives, for each article-like file, either a `Document` (text
//! decoded to UTF-8, format sniffed from content) or an [`IngestError`] naming
//! the file and the problem, so one bad input never stops the batch.
//!
//! Charsets: a byte-order mark wins; then valid UTF-8; then a charset the page
//! declares, if its bytes decode cleanly with it; then `chardetng`'s guess
//! (which handles EUC-KR, CP1251, Shift_JIS, ISO-8859-x and friends).

pub mod archive;
mod decode;
pub mod feed;
mod sniff;

use std::io::Read;
use std::path::{Path, PathBuf};

use crosscheck_model::Document;
pub use decode::decode;
pub use sniff::sniff_format;

/// Default largest input read, in bytes.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Why one input could not be read. Each variant names the input.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: no such file or directory")]
    NotFound { path: String },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: empty file")]
    Empty { path: String },
    #[error("{path}: binary file (not HTML or text); skipped")]
    Binary { path: String },
    #[error("{path}: {size} bytes is over the {limit}-byte limit (raise it with --max-bytes)")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: directory holds no HTML or text files")]
    EmptyDirectory { path: String },
    #[error("{path}: {at}: {reason}; skipped")]
    BadRecord {
        path: String,
        at: String,
        reason: String,
    },
}

/// Options for [`read_inputs`].
#[derive(Debug, Clone)]
pub struct Options {
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// One thing to read: a file or folder path, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// File extensions read when walking a folder. Files named on the command line
/// are always read, whatever their name.
const FOLDER_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "txt", "text", "jsonl", "ndjson", "warc", "gz", "xml", "rss",
    "atom",
];

/// Expands inputs to the list of things to read, in a stable order (folders
/// are walked recursively and sorted by name; hidden entries are skipped;
/// links to files are read, links to folders are not followed).
pub fn expand(inputs: &[Input]) -> Vec<Result<Input, IngestError>> {
    let mut out = Vec::new();
    for input in inputs {
        let path = match input {
            Input::Stdin => {
                out.push(Ok(Input::Stdin));
                continue;
            }
            Input::Path(p) => p,
        };
        if !path.exists() {
            out.push(Err(IngestError::NotFound {
                path: path.display().to_string(),
            }));
            continue;
        }
        if !path.is_dir() {
            out.push(Ok(Input::Path(path.clone())));
            continue;
        }
        let mut found = 0;
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                // A link to a file is read like the file (a folder of links
                // to saved pages is a common way to pick some); links to
                // folders are not followed, so no walk can loop.
                Ok(e)
                    if (e.file_type().is_file() || (e.path_is_symlink() && e.path().is_file()))
                        && wanted_in_folder(e.path()) =>
                {
                    found += 1;
                    out.push(Ok(Input::Path(e.into_path())));
                }
                Ok(_) => {}
                Err(err) => {
                    let p = err
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| path.display().to_string());
                    out.push(Err(IngestError::Io {
                        path: p,
                        source: err.into(),
                    }));
                }
            }
        }
        if found == 0 {
            out.push(Err(IngestError::EmptyDirectory {
                path: path.display().to_string(),
            }));
        }
    }
    out
}

fn wanted_in_folder(path: &Path) -> bool {
    if gzipped(path) {
        // A WARC or JSON Lines dump, or one page ("story.html.gz").
        return archive::kind(path).is_some() || wanted_in_folder(&path.with_extension(""));
    }
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => FOLDER_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
    }
}

/// Whether a file's name says it is gzipped.
fn gzipped(path: &Path) -> bool {
    path.to_string_lossy().to_ascii_lowercase().ends_with(".gz")
}

/// Every document an input holds: one for a page, many for a JSON Lines
/// dump or a WARC file (streamed, never read whole) or an RSS/Atom feed
/// (recognised by content, whatever its name).
pub fn documents(
    input: &Input,
    opts: &Options,
) -> Box<dyn Iterator<Item = Result<Document, IngestError>>> {
    if let Input::Path(p) = input {
        let opened = match archive::kind(p) {
            Some("jsonl") => Some(archive::jsonl(p, opts)),
            Some(_) => Some(archive::warc(p, opts)),
            None => None,
        };
        match opened {
            Some(Ok(it)) => return it,
            Some(Err(e)) => return Box::new(std::iter::once(Err(e))),
            None => {}
        }
    }
    match read(input, opts) {
        Ok(doc) if feed::looks_like_feed(&doc.text) => {
            Box::new(feed::items(&doc.source, &doc.text, &doc.charset).into_iter())
        }
        other => Box::new(std::iter::once(other)),
    }
}

/// Reads and decodes one input.
pub fn read(input: &Input, opts: &Options) -> Result<Document, IngestError> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let name = "-".to_string();
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(opts.max_bytes + 1)
                .read_to_end(&mut buf)
                .map_err(|source| IngestError::Io {
                    path: name.clone(),
                    source,
                })?;
            if buf.len() as u64 > opts.max_bytes {
                return Err(IngestError::TooLarge {
                    path: name,
                    size: buf.len() as u64,
                    limit: opts.max_bytes,
                });
            }
            (name, buf)
        }
        Input::Path(p) => {
            let name = p.display().to_string();
            let io = |source| IngestError::Io {
                path: name.clone(),
                source,
            };
            let meta = std::fs::metadata(p).map_err(io)?;
            if meta.len() > opts.max_bytes {
                return Err(IngestError::TooLarge {
                    path: name,
                    size: meta.len(),
                    limit: opts.max_bytes,
                });
            }
            let mut buf = Vec::with_capacity(meta.len() as usize);
            let file = std::fs::File::open(p).map_err(io)?;
            // The limit holds for what a gzipped page unpacks to, not only
            // for its packed size.
            let read = if gzipped(p) {
                flate2::read::MultiGzDecoder::new(file)
                    .take(opts.max_bytes + 1)
                    .read_to_end(&mut buf)
            } else {
                file.take(opts.max_bytes + 1).read_to_end(&mut buf)
            };
            read.map_err(io)?;
            if buf.len() as u64 > opts.max_bytes {
                return Err(IngestError::TooLarge {
                    path: name,
                    size: buf.len() as u64,
                    limit: opts.max_bytes,
                });
            }
            (name, buf)
        }
    };
    document_from_bytes(name, &bytes)
}

/// Decodes bytes already in memory (used by `read`, and by callers that get
/// pages from elsewhere).
pub fn document_from_bytes(source: String, bytes: &[u8]) -> Result<Document, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { path: source });
    }
    if sniff::looks_binary(bytes) {
        return Err(IngestError::Binary { path: source });
    }
    let decoded = decode(bytes);
    if decoded.text.trim().is_empty() {
        return Err(IngestError::Empty { path: source });
    }
    let format = sniff_format(&decoded.text);
    Ok(Document {
        source,
        format,
        charset: decoded.charset,
        text: decoded.text,
        warnings: decoded.warnings,
        url: None,
        published: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_model::Format;

    #[test]
    fn empty_and_binary_inputs_are_refused_with_their_name() {
        let e = document_from_bytes("a.txt".into(), b"  \n ").unwrap_err();
        assert_eq!(e.to_string(), "a.txt: empty file");
        let e =
            document_from_bytes("b.bin".into(), &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap_err();
        assert!(e.to_string().starts_with("b.bin: binary file"));
    }

    #[test]
    fn html_is_recognised_without_an_extension() {
        let d =
            document_from_bytes("page".into(), b"\n<!DOCTYPE html><html><p>Hi</p></html>").unwrap();
        assert_eq!(d.format, Format::Html);
        let d = document_from_bytes("page.html".into(), b"Just words, no tags at all.\n").unwrap();
        assert_eq!(d.format, Format::Text);
        let deep = "<div>".repeat(20_000) + "<p>text";
        let d = document_from_bytes("deep".into(), deep.as_bytes()).unwrap();
        assert_eq!(d.format, Format::Html);
    }

    /// A gzipped page is read unpacked, in a folder as when named; what it
    /// unpacks to is held to the size limit; a broken one is an error
    /// naming it.
    #[test]
    fn gzipped_pages_are_read_within_the_limit() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let gz = |name: &str, body: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(body).unwrap();
            std::fs::write(dir.path().join(name), e.finish().unwrap()).unwrap();
        };
        gz(
            "story.html.gz",
            b"<html><p>The ferry ran aground.</p></html>",
        );
        gz("photo.jpg.gz", b"x");
        std::fs::write(dir.path().join("broken.txt.gz"), b"not gzip at all").unwrap();
        let got = expand(&[Input::Path(dir.path().to_path_buf())]);
        assert_eq!(names_of(&got), vec!["broken.txt.gz", "story.html.gz"]);
        let opts = Options::default();
        let story = read(&Input::Path(dir.path().join("story.html.gz")), &opts).unwrap();
        assert_eq!(story.format, Format::Html);
        assert!(story.text.contains("ran aground"));
        let e = read(&Input::Path(dir.path().join("broken.txt.gz")), &opts).unwrap_err();
        assert!(e.to_string().contains("broken.txt.gz"), "{e}");
        gz("big.txt.gz", &vec![b'a'; 5000]);
        let small = Options { max_bytes: 1000 };
        let e = read(&Input::Path(dir.path().join("big.txt.gz")), &small).unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { .. }), "{e}");
    }

    /// What `expand` gave, as file names and error messages.
    fn names_of(got: &[Result<Input, IngestError>]) -> Vec<String> {
        got.iter()
            .map(|r| match r {
                Ok(Input::Path(p)) => p.file_name().unwrap().to_string_lossy().into_owned(),
                Ok(Input::Stdin) => "-".into(),
                Err(e) => e.to_string(),
            })
            .collect()
    }

    #[test]
    fn folders_are_walked_and_missing_paths_reported() {
        let dir = std::env::temp_dir().join(format!("cc-ingest-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/b.txt"), "b").unwrap();
        std::fs::write(dir.join("a.html"), "a").unwrap();
        std::fs::write(dir.join("photo.jpg"), "x").unwrap();
        let got = expand(&[Input::Path(dir.clone()), Input::parse("/no/such/file")]);
        let names = names_of(&got);
        assert_eq!(
            names,
            vec![
                "a.html",
                "b.txt",
                "/no/such/file: no such file or directory"
            ]
        );
        let empty = dir.join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let got = expand(&[Input::Path(empty)]);
        assert!(matches!(got[0], Err(IngestError::EmptyDirectory { .. })));
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// A folder of links to saved pages reads the pages; a link to a folder
    /// is not followed (a link to the folder itself would loop).
    #[cfg(unix)]
    #[test]
    fn links_to_files_are_read_and_links_to_folders_are_not_followed() {
        let dir = std::env::temp_dir().join(format!("cc-links-{}", std::process::id()));
        let saved = dir.join("saved");
        let picked = dir.join("picked");
        std::fs::create_dir_all(&saved).unwrap();
        std::fs::create_dir_all(&picked).unwrap();
        std::fs::write(saved.join("a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(saved.join("a.txt"), picked.join("a.txt")).unwrap();
        std::os::unix::fs::symlink(&dir, picked.join("loop")).unwrap();
        let got = expand(&[Input::Path(picked.clone())]);
        let names = names_of(&got);
        assert_eq!(names, vec!["a.txt"]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
