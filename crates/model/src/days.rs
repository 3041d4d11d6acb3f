//! Days as the archive counts them: whole days since 1970-01-01.

fn epoch() -> chrono::NaiveDate {
    chrono::NaiveDate::default()
}

/// Days since 1970-01-01 of an ISO date or date-time's date part.
pub fn day_of(iso: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()?;
    Some((d - epoch()).num_days())
}

/// The ISO date of a day number.
pub fn date_of(day: i64) -> String {
    epoch()
        .checked_add_signed(chrono::TimeDelta::days(day))
        .map(|d| d.to_string())
        .unwrap_or_default()
}
