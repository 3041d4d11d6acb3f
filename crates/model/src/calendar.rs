//! Month and weekday names in English, shared by the stages that must tell
//! a date word from a name.

pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a word (any case, an optional trailing full stop) names a month,
/// a month's abbreviation, or a weekday.
pub fn is_calendar_word(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.contains(&w.as_str())
        || WEEKDAYS.contains(&w.as_str())
        || (w.len() >= 3
            && w.len() <= 4
            && MONTHS
                .iter()
                .any(|m| m.starts_with(&w) && (w.len() == 3 || w == "sept")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn calendar_words() {
        assert!(super::is_calendar_word("Dec."));
        assert!(super::is_calendar_word("Wednesday"));
        assert!(!super::is_calendar_word("Floro"));
    }
}
