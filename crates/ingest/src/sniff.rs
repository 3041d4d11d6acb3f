//! Telling HTML from text, and text from binary, by content.

use crosscheck_model::Format;

/// Binary if NUL bytes or many control bytes appear early, unless a UTF-16
/// byte-order mark explains the NULs.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B))
        .count();
    control * 20 > head.len()
}

/// HTML when the start of the text looks like a document or a fragment with
/// several block tags; an extension is not trusted either way.
pub fn sniff_format(text: &str) -> Format {
    let head: String = text
        .trim_start()
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    const MARKERS: &[&str] = &[
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta ",
        "<article",
        "<?xml",
    ];
    if MARKERS.iter().any(|m| head.contains(m)) {
        return Format::Html;
    }
    let body: String = text
        .chars()
        .take(65536)
        .collect::<String>()
        .to_ascii_lowercase();
    let tags = [
        "</p>", "<br", "</div>", "<p>", "</li>", "</h1>", "</h2>", "<div", "<span", "<a href",
    ]
    .iter()
    .map(|t| body.matches(t).count())
    .sum::<usize>();
    if tags >= 3 {
        Format::Html
    } else {
        Format::Text
    }
}
