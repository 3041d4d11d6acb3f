//! Month and weekday names, shared by the stages that must tell a date word
//! from a name (English) or read a date (the other languages analysed).

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

/// Month names in Ukrainian, then Russian (genitive, as dates write them:
/// "6 червня", "6 июня"), each January first.
pub const UKRU_MONTHS: &[&str] = &[
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Month names of the European languages analysed, each list January
/// first: German, French, Spanish, Italian, Dutch, Portuguese, Polish
/// (genitive, as dates write them).
pub const EU_MONTHS: &[&[&str]] = &[
    &[
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    &[
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    &[
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    &[
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    &[
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    &[
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    &[
        "stycznia",
        "lutego",
        "marca",
        "kwietnia",
        "maja",
        "czerwca",
        "lipca",
        "sierpnia",
        "września",
        "października",
        "listopada",
        "grudnia",
    ],
];

/// The month a name gives, in any of the languages above or English (its
/// full name or a three-letter abbreviation, any case, a trailing full
/// stop ignored).
pub fn month_of_name(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    let at = |list: &[&str]| list.iter().position(|m| m.to_lowercase() == n);
    if let Some(i) = at(&MONTHS) {
        return Some(i as u32 + 1);
    }
    if n.chars().count() >= 3 {
        if let Some(i) = MONTHS
            .iter()
            .position(|m| m.starts_with(&n) || (n == "sept" && *m == "september"))
        {
            return Some(i as u32 + 1);
        }
    }
    EU_MONTHS
        .iter()
        .find_map(|list| at(list))
        .or_else(|| at(UKRU_MONTHS).map(|i| i % 12))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn calendar_words() {
        assert!(super::is_calendar_word("Dec."));
        assert!(super::is_calendar_word("Wednesday"));
        assert!(!super::is_calendar_word("Floro"));
    }

    #[test]
    fn months_in_the_languages_read() {
        for (name, m) in [
            ("Dec.", 12),
            ("june", 6),
            ("Sept", 9),
            ("März", 3),
            ("juin", 6),
            ("octubre", 10),
            ("czerwca", 6),
            ("июня", 6),
            ("червня", 6),
        ] {
            assert_eq!(super::month_of_name(name), Some(m), "{name}");
        }
        assert_eq!(super::month_of_name("Ma"), None);
        assert_eq!(super::month_of_name("Floro"), None);
    }
}
