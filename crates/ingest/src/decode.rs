//! Bytes to UTF-8 text, whatever the page claims about itself.

use encoding_rs::Encoding;

pub struct Decoded {
    pub text: String,
    pub charset: String,
    pub warnings: Vec<String>,
}

/// Decodes bytes: BOM, then strict UTF-8, then a clean-decoding declared
/// charset, then chardetng. Text that is UTF-8 but for a few stray bytes stays
/// UTF-8 (with replacement characters and a warning) rather than turning the
/// whole page into mojibake.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            charset: enc.name().to_string(),
            warnings: if had_errors {
                vec![format!("invalid {} sequences replaced", enc.name())]
            } else {
                Vec::new()
            },
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            charset: "UTF-8".into(),
            warnings: Vec::new(),
        };
    }
    let declared = declared_charset(bytes);
    if let Some(enc) = declared {
        if enc != encoding_rs::UTF_8 {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if !had_errors && !looks_like_mojibake(&text) {
                return Decoded {
                    text: text.into_owned(),
                    charset: enc.name().to_string(),
                    warnings: Vec::new(),
                };
            }
        }
    }
    let mut warnings = Vec::new();
    if let Some(enc) = declared {
        warnings.push(format!(
            "declared charset {} does not fit the bytes; detected instead",
            enc.name()
        ));
    }
    if mostly_utf8(bytes) {
        warnings.push("invalid UTF-8 sequences replaced".into());
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            charset: "UTF-8".into(),
            warnings,
        };
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        warnings.push(format!("invalid {} sequences replaced", enc.name()));
    }
    Decoded {
        text: text.into_owned(),
        charset: enc.name().to_string(),
        warnings,
    }
}

/// True when at least 99% of non-ASCII byte runs are valid UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let (mut bad, mut good) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                good += String::from_utf8_lossy(&rest[..valid])
                    .chars()
                    .filter(|c| !c.is_ascii())
                    .count();
                // A run of bad bytes is one fault, however many bytes it spans.
                if valid > 0 || bad == 0 {
                    bad += 1;
                }
                let skip = e.error_len().unwrap_or(rest.len() - valid);
                rest = &rest[valid + skip.max(1)..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    bad <= 2 || good >= bad * 99
}

/// A wrong single-byte decode leaves tell-tale text: UTF-8 read as Latin-1
/// gives "Ã©"-style pairs, and Cyrillic or Greek read as Latin-1 gives long
/// runs of accented Latin letters that no Latin-script language writes.
fn looks_like_mojibake(text: &str) -> bool {
    let pairs = ["Ã©", "Ã¨", "Ã¼", "Ã¶", "â€", "Ã±", "Ð¾", "Ñ\u{80}"];
    if pairs.iter().map(|p| text.matches(p).count()).sum::<usize>() >= 3 {
        return true;
    }
    let accented = |c: char| ('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic();
    let (mut total, mut in_long_runs, mut run) = (0usize, 0usize, 0usize);
    for c in text.chars().chain(std::iter::once(' ')) {
        if accented(c) {
            total += 1;
            run += 1;
        } else {
            if run >= 4 {
                in_long_runs += run;
            }
            run = 0;
        }
    }
    total >= 10 && in_long_runs * 2 > total
}

/// Charset named by `<meta charset>` or `http-equiv` in the first 4 KB.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let needle = b"charset=";
    let pos = lower.windows(needle.len()).position(|w| w == needle)?;
    let rest = &lower[pos + needle.len()..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_' || *b == b':'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(name: &str, text: &str) -> Vec<u8> {
        let e = Encoding::for_label(name.as_bytes()).unwrap();
        e.encode(text).0.into_owned()
    }

    const KO: &str = "북한군 포로 두 명이 한국행을 희망한다고 밝혔다. 이들은 우크라이나에 억류되어 있으며 인터뷰에서 귀순 의사를 분명히 했다.";
    const UK: &str = "Двоє північнокорейських полонених висловили бажання переїхати до Південної Кореї, повідомило агентство. Листи передали правозахисникам.";
    const RU: &str = "Двое северокорейских военнопленных выразили желание переехать в Южную Корею, сообщило агентство. Письма передали правозащитникам.";
    const JA: &str = "北朝鮮の捕虜二人が韓国への亡命を希望していると報道された。手紙は活動家の団体に届けられた。";

    #[test]
    fn euc_kr_without_declaration() {
        let d = decode(&enc("euc-kr", KO));
        assert_eq!(d.text, KO);
        assert_eq!(d.charset, "EUC-KR");
    }

    #[test]
    fn cp1251_ukrainian_and_russian() {
        for t in [UK, RU] {
            let d = decode(&enc("windows-1251", t));
            assert_eq!(d.text, t);
            assert_eq!(d.charset, "windows-1251");
        }
    }

    #[test]
    fn shift_jis_with_declaration() {
        let mut page = b"<html><head><meta charset=\"shift_jis\"></head><body><p>".to_vec();
        page.extend(enc("shift_jis", JA));
        let d = decode(&page);
        assert!(d.text.contains(JA));
        assert_eq!(d.charset, "Shift_JIS");
    }

    #[test]
    fn wrong_declared_charset_is_overruled() {
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><p>".to_vec();
        page.extend(enc("windows-1251", RU));
        let d = decode(&page);
        assert!(d.text.contains(RU), "{}", d.text);
        assert!(!d.warnings.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Kyiv, 24 грудня 2025".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes);
        assert_eq!(d.text, "Kyiv, 24 грудня 2025");
        assert_eq!(d.charset, "UTF-16LE");
    }

    #[test]
    fn stray_invalid_bytes_keep_utf8() {
        let mut bytes = "Zelenskyy said — “the two” were captured. "
            .repeat(20)
            .into_bytes();
        bytes.insert(30, 0xFF);
        let d = decode(&bytes);
        assert_eq!(d.charset, "UTF-8");
        assert!(d.text.contains('\u{FFFD}'));
        assert!(d.text.contains("“the two”"));
    }

    /// Every charset, with and without a `<meta charset>` naming it.
    #[test]
    fn each_charset_with_and_without_declaration() {
        for (label, text, name) in [
            ("euc-kr", KO, "EUC-KR"),
            ("shift_jis", JA, "Shift_JIS"),
            ("windows-1251", UK, "windows-1251"),
            ("windows-1251", RU, "windows-1251"),
            (
                "iso-8859-7",
                "Η κυβέρνηση ανακοίνωσε νέα μέτρα για τα λιμάνια της χώρας την Τρίτη.",
                "ISO-8859-7",
            ),
        ] {
            let body = enc(label, &format!("<p>{text}</p><p>{text}</p>"));
            let mut declared =
                format!("<html><head><meta charset=\"{label}\"></head><body>").into_bytes();
            declared.extend(&body);
            let d = decode(&declared);
            assert!(d.text.contains(text), "{label} declared");
            assert_eq!(d.charset, name, "{label} declared");
            let mut bare = b"<html><head></head><body>".to_vec();
            bare.extend(&body);
            let d = decode(&bare);
            assert!(d.text.contains(text), "{label} undeclared: {}", d.charset);
        }
    }

    #[test]
    fn latin1_declared_and_clean() {
        let mut page = b"<html><head><meta charset=iso-8859-2></head><body><p>".to_vec();
        page.extend(enc("iso-8859-2", "Zażółć gęślą jaźń, powiedział minister."));
        let d = decode(&page);
        assert!(d.text.contains("Zażółć gęślą jaźń"));
    }
}
