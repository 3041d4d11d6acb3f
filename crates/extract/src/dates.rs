//! Publication dates from metadata strings and visible datelines.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;
use std::sync::LazyLock;

/// Normalises a metadata date ("2026-03-02T07:15:00+01:00", "2026-03-02",
/// RFC 2822, "2026-03-02 07:15") to ISO 8601, keeping the time and offset
/// when given.
pub fn normalise_meta_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.to_rfc3339());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.to_rfc3339());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    // "2026-03-02T07:15:00+0100" and other near-ISO forms: keep the date.
    let head: String = s.chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// The days of a month, as a range an undated article falls in.
pub(crate) fn month_range(y: i32, m: u32, reason: &str) -> Option<crosscheck_model::DateRange> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    Some(crosscheck_model::DateRange {
        from: first.to_string(),
        to: next.pred_opt()?.to_string(),
        reason: reason.into(),
    })
}

/// Month number of a full or abbreviated English month name ("Dec.",
/// "Sept", "December").
pub(crate) fn month_number(name: &str) -> Option<u32> {
    crosscheck_model::calendar::month_of_name(name)
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^
        (?:(?:published|updated|posted|last\ updated|veröffentlicht|aktualisiert|publié\ le|mis\ à\ jour\ le
            |publicado|actualizado|pubblicato|опубликовано|обновлено|опубліковано|оновлено
            |發布時間|发布时间|發佈時間|更新時間|更新时间|公開日|配信日|기사입력|입력|수정|등록)\s*[:：]?\s*)?
        (?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?
        (?:
          (?P<m1>\p{L}{3,12}\.?)\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})
        | (?P<d2>\d{1,2})\.?\s+(?:de\s+)?(?P<m2>\p{L}{3,12}\.?),?\s+(?:de\s+)?(?P<y2>\d{4})(?:\s*(?:г\.|года|р\.|року))?
        | (?P<y3>\d{4})\s*[-/.年년]\s*(?P<mo3>\d{1,2})\s*[-/.月월]\s*(?P<d3>\d{1,2})\s*[日일]?
        )
        (?:,?\s*(?:at\s+)?(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?
        \s*$",
    )
    .expect("static regex")
});

/// Like [`parse_dateline`], keeping a 24-hour time when the line gives one:
/// "Published March 2, 2026 10:05" → "2026-03-02T10:05:00".
pub fn parse_dateline_iso(line: &str) -> Option<String> {
    let d = parse_dateline(line)?;
    let c = DATELINE.captures(line.trim())?;
    let lower = line.to_ascii_lowercase();
    match (c.name("hh"), c.name("mm")) {
        (Some(h), Some(m))
            if !lower.contains("am")
                && !lower.contains("pm")
                && !lower.contains("a.m")
                && !lower.contains("p.m") =>
        {
            Some(format!(
                "{}T{:02}:{}:00",
                d.format("%Y-%m-%d"),
                h.as_str().parse::<u32>().ok()?,
                m.as_str()
            ))
        }
        _ => Some(d.format("%Y-%m-%d").to_string()),
    }
}

/// A line that is nothing but a date ("Thursday, January 22, 2026",
/// "Published March 2, 2026 10:05") → that date.
pub fn parse_dateline(line: &str) -> Option<NaiveDate> {
    let c = DATELINE.captures(line.trim())?;
    let (y, m, d) = if let Some(y) = c.name("y1") {
        (y.as_str(), month_number(&c["m1"])?, c["d1"].parse().ok()?)
    } else if let Some(y) = c.name("y2") {
        (y.as_str(), month_number(&c["m2"])?, c["d2"].parse().ok()?)
    } else {
        (
            c.name("y3")?.as_str(),
            c["mo3"].parse().ok()?,
            c["d3"].parse().ok()?,
        )
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m, d)
}

static LEAD_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*
        \p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}
        (?:\s*,\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}){0,2}
        \s*,\s*
        (?P<date>\p{L}{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+\p{L}{3,9}\.?,?\s+\d{4})
        \s*(?:\([^)]{1,40}\)\s*)?[—–-]",
    )
    .expect("static regex")
});

/// The date of a wire dateline opening the article's first paragraph
/// ("HAREID, Norway, March 2, 2026 — The ferry …", "KYIV, 6 June 2023
/// (Reuters) - …"): the day the report was filed.
pub fn lead_dateline(paragraph: &str) -> Option<NaiveDate> {
    let head: String = paragraph.chars().take(120).collect();
    let c = LEAD_DATELINE.captures(&head)?;
    parse_dateline(&c["date"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wire_dateline_opening_the_lead_dates_it() {
        for (lead, day) in [
            (
                "HAREID, Norway, March 2, 2026 — The ferry Nordlys ran aground.",
                "2026-03-02",
            ),
            (
                "KYIV, 6 June 2023 (Reuters) - The dam was destroyed.",
                "2023-06-06",
            ),
            (
                "Seoul, Dec. 24, 2025 — A defector group released letters.",
                "2025-12-24",
            ),
        ] {
            assert_eq!(
                lead_dateline(lead).map(|d| d.to_string()).as_deref(),
                Some(day),
                "{lead}"
            );
        }
        for lead in [
            "SEOUL, Dec. 24 (Yonhap) — No year is given here.",
            "On March 2, 2026 — a Monday — the ferry ran aground.",
            "The ferry, built in Bergen, March 2, 2026 — said the yard.",
        ] {
            assert_eq!(lead_dateline(lead), None, "{lead}");
        }
    }

    #[test]
    fn datelines() {
        let d = |s| parse_dateline(s).map(|d| d.to_string());
        assert_eq!(
            d("Thursday, January 22, 2026").as_deref(),
            Some("2026-01-22")
        );
        assert_eq!(
            d("Published March 2, 2026 10:05").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(d("2 March 2026").as_deref(), Some("2026-03-02"));
        assert_eq!(d("Dec. 24, 2025").as_deref(), Some("2025-12-24"));
        assert_eq!(d("March 2, 2026, the ferry sank"), None);
        assert_eq!(d("Mayday 2, 2026"), None);
        // Other languages' date lines, with their labels.
        for (line, day) in [
            ("06 июня 2023, 10:49", "2023-06-06"),
            ("Опубликовано: 7 червня 2023 р.", "2023-06-07"),
            ("19. Februar 2025", "2025-02-19"),
            ("Veröffentlicht: 19. Februar 2025, 08:15", "2025-02-19"),
            ("3 de diciembre de 2024", "2024-12-03"),
            ("發布時間:2024/12/4 07:52", "2024-12-04"),
            ("2024年12月4日 07:52", "2024-12-04"),
            ("기사입력 2024.12.04 09:15", "2024-12-04"),
        ] {
            assert_eq!(d(line).as_deref(), Some(day), "{line}");
        }
        assert_eq!(d("Am 19. Februar 2025 sank die Fähre."), None);
    }

    #[test]
    fn meta_dates() {
        assert_eq!(
            normalise_meta_date("2026-03-02T07:15:00+01:00").as_deref(),
            Some("2026-03-02T07:15:00+01:00")
        );
        assert_eq!(
            normalise_meta_date("2026-03-02").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            normalise_meta_date("Mon, 02 Mar 2026 09:30:00 GMT").as_deref(),
            Some("2026-03-02T09:30:00+00:00")
        );
        assert_eq!(normalise_meta_date("yesterday"), None);
    }
}
