//! A small gazetteer: well-known places and the country each lies in.
//!
//! Reference data shared by extraction (telling a location widget from a
//! masthead) and analysis (typing mentions, checking that "near Kyiv" and
//! "in Ukraine" can both be true). Names are lower-case; variant spellings
//! (Kiev/Kyiv) map to one canonical name.

/// (name, canonical, country it lies in — empty for countries themselves).
const PLACES: &[(&str, &str, &str)] = &[
    ("afghanistan", "Afghanistan", ""),
    ("albania", "Albania", ""),
    ("algeria", "Algeria", ""),
    ("argentina", "Argentina", ""),
    ("armenia", "Armenia", ""),
    ("australia", "Australia", ""),
    ("austria", "Austria", ""),
    ("azerbaijan", "Azerbaijan", ""),
    ("bangladesh", "Bangladesh", ""),
    ("belarus", "Belarus", ""),
    ("belgium", "Belgium", ""),
    ("bolivia", "Bolivia", ""),
    ("bosnia", "Bosnia", ""),
    ("brazil", "Brazil", ""),
    ("bulgaria", "Bulgaria", ""),
    ("cambodia", "Cambodia", ""),
    ("canada", "Canada", ""),
    ("chile", "Chile", ""),
    ("china", "China", ""),
    ("colombia", "Colombia", ""),
    ("croatia", "Croatia", ""),
    ("cuba", "Cuba", ""),
    ("cyprus", "Cyprus", ""),
    ("czech republic", "Czech Republic", ""),
    ("czechia", "Czech Republic", ""),
    ("denmark", "Denmark", ""),
    ("egypt", "Egypt", ""),
    ("estonia", "Estonia", ""),
    ("ethiopia", "Ethiopia", ""),
    ("finland", "Finland", ""),
    ("france", "France", ""),
    ("georgia", "Georgia", ""),
    ("germany", "Germany", ""),
    ("ghana", "Ghana", ""),
    ("greece", "Greece", ""),
    ("hungary", "Hungary", ""),
    ("iceland", "Iceland", ""),
    ("india", "India", ""),
    ("indonesia", "Indonesia", ""),
    ("iran", "Iran", ""),
    ("iraq", "Iraq", ""),
    ("ireland", "Ireland", ""),
    ("israel", "Israel", ""),
    ("italy", "Italy", ""),
    ("japan", "Japan", ""),
    ("jordan", "Jordan", ""),
    ("kazakhstan", "Kazakhstan", ""),
    ("kenya", "Kenya", ""),
    ("latvia", "Latvia", ""),
    ("lebanon", "Lebanon", ""),
    ("libya", "Libya", ""),
    ("lithuania", "Lithuania", ""),
    ("malaysia", "Malaysia", ""),
    ("mexico", "Mexico", ""),
    ("moldova", "Moldova", ""),
    ("mongolia", "Mongolia", ""),
    ("morocco", "Morocco", ""),
    ("myanmar", "Myanmar", ""),
    ("nepal", "Nepal", ""),
    ("netherlands", "Netherlands", ""),
    ("new zealand", "New Zealand", ""),
    ("nigeria", "Nigeria", ""),
    ("north korea", "North Korea", ""),
    ("dprk", "North Korea", ""),
    ("norway", "Norway", ""),
    ("pakistan", "Pakistan", ""),
    ("palestine", "Palestine", ""),
    ("peru", "Peru", ""),
    ("philippines", "Philippines", ""),
    ("poland", "Poland", ""),
    ("portugal", "Portugal", ""),
    ("qatar", "Qatar", ""),
    ("romania", "Romania", ""),
    ("russia", "Russia", ""),
    ("saudi arabia", "Saudi Arabia", ""),
    ("serbia", "Serbia", ""),
    ("singapore", "Singapore", ""),
    ("slovakia", "Slovakia", ""),
    ("slovenia", "Slovenia", ""),
    ("somalia", "Somalia", ""),
    ("south africa", "South Africa", ""),
    ("south korea", "South Korea", ""),
    ("republic of korea", "South Korea", ""),
    ("korea", "Korea", ""),
    ("spain", "Spain", ""),
    ("sri lanka", "Sri Lanka", ""),
    ("sudan", "Sudan", ""),
    ("sweden", "Sweden", ""),
    ("switzerland", "Switzerland", ""),
    ("syria", "Syria", ""),
    ("taiwan", "Taiwan", ""),
    ("thailand", "Thailand", ""),
    ("tunisia", "Tunisia", ""),
    ("turkey", "Turkey", ""),
    ("türkiye", "Turkey", ""),
    ("ukraine", "Ukraine", ""),
    ("united kingdom", "United Kingdom", ""),
    ("britain", "United Kingdom", ""),
    ("uk", "United Kingdom", ""),
    ("united states", "United States", ""),
    ("u.s.", "United States", ""),
    ("us", "United States", ""),
    ("america", "United States", ""),
    ("venezuela", "Venezuela", ""),
    ("vietnam", "Vietnam", ""),
    ("yemen", "Yemen", ""),
    ("gaza", "Gaza", "Palestine"),
    ("west bank", "West Bank", "Palestine"),
    ("crimea", "Crimea", "Ukraine"),
    ("donbas", "Donbas", "Ukraine"),
    ("donetsk", "Donetsk", "Ukraine"),
    ("luhansk", "Luhansk", "Ukraine"),
    ("kharkiv", "Kharkiv", "Ukraine"),
    ("kharkov", "Kharkiv", "Ukraine"),
    ("kyiv", "Kyiv", "Ukraine"),
    ("kiev", "Kyiv", "Ukraine"),
    ("lviv", "Lviv", "Ukraine"),
    ("odesa", "Odesa", "Ukraine"),
    ("odessa", "Odesa", "Ukraine"),
    ("zaporizhzhia", "Zaporizhzhia", "Ukraine"),
    ("kherson", "Kherson", "Ukraine"),
    ("dnipro", "Dnipro", "Ukraine"),
    ("bakhmut", "Bakhmut", "Ukraine"),
    ("sumy", "Sumy", "Ukraine"),
    ("moscow", "Moscow", "Russia"),
    ("kursk", "Kursk", "Russia"),
    ("belgorod", "Belgorod", "Russia"),
    ("st. petersburg", "St. Petersburg", "Russia"),
    ("saint petersburg", "St. Petersburg", "Russia"),
    ("vladivostok", "Vladivostok", "Russia"),
    ("pyongyang", "Pyongyang", "North Korea"),
    ("seoul", "Seoul", "South Korea"),
    ("busan", "Busan", "South Korea"),
    ("incheon", "Incheon", "South Korea"),
    ("tokyo", "Tokyo", "Japan"),
    ("osaka", "Osaka", "Japan"),
    ("beijing", "Beijing", "China"),
    ("shanghai", "Shanghai", "China"),
    ("hong kong", "Hong Kong", "China"),
    ("taipei", "Taipei", "Taiwan"),
    ("new delhi", "New Delhi", "India"),
    ("delhi", "New Delhi", "India"),
    ("mumbai", "Mumbai", "India"),
    ("london", "London", "United Kingdom"),
    ("manchester", "Manchester", "United Kingdom"),
    ("edinburgh", "Edinburgh", "United Kingdom"),
    ("paris", "Paris", "France"),
    ("berlin", "Berlin", "Germany"),
    ("munich", "Munich", "Germany"),
    ("madrid", "Madrid", "Spain"),
    ("barcelona", "Barcelona", "Spain"),
    ("rome", "Rome", "Italy"),
    ("milan", "Milan", "Italy"),
    ("vienna", "Vienna", "Austria"),
    ("brussels", "Brussels", "Belgium"),
    ("amsterdam", "Amsterdam", "Netherlands"),
    ("warsaw", "Warsaw", "Poland"),
    ("prague", "Prague", "Czech Republic"),
    ("budapest", "Budapest", "Hungary"),
    ("bucharest", "Bucharest", "Romania"),
    ("athens", "Athens", "Greece"),
    ("istanbul", "Istanbul", "Turkey"),
    ("ankara", "Ankara", "Turkey"),
    ("minsk", "Minsk", "Belarus"),
    ("tbilisi", "Tbilisi", "Georgia"),
    ("oslo", "Oslo", "Norway"),
    ("bergen", "Bergen", "Norway"),
    ("stavanger", "Stavanger", "Norway"),
    ("bodo", "Bodø", "Norway"),
    ("bodø", "Bodø", "Norway"),
    ("tromso", "Tromsø", "Norway"),
    ("tromsø", "Tromsø", "Norway"),
    ("trondheim", "Trondheim", "Norway"),
    ("floro", "Florø", "Norway"),
    ("florø", "Florø", "Norway"),
    ("stockholm", "Stockholm", "Sweden"),
    ("copenhagen", "Copenhagen", "Denmark"),
    ("helsinki", "Helsinki", "Finland"),
    ("reykjavik", "Reykjavik", "Iceland"),
    ("dublin", "Dublin", "Ireland"),
    ("lisbon", "Lisbon", "Portugal"),
    ("geneva", "Geneva", "Switzerland"),
    ("zurich", "Zurich", "Switzerland"),
    ("jerusalem", "Jerusalem", "Israel"),
    ("tel aviv", "Tel Aviv", "Israel"),
    ("beirut", "Beirut", "Lebanon"),
    ("damascus", "Damascus", "Syria"),
    ("baghdad", "Baghdad", "Iraq"),
    ("tehran", "Tehran", "Iran"),
    ("cairo", "Cairo", "Egypt"),
    ("riyadh", "Riyadh", "Saudi Arabia"),
    ("dubai", "Dubai", "United Arab Emirates"),
    ("doha", "Doha", "Qatar"),
    ("nairobi", "Nairobi", "Kenya"),
    ("lagos", "Lagos", "Nigeria"),
    ("johannesburg", "Johannesburg", "South Africa"),
    ("sydney", "Sydney", "Australia"),
    ("melbourne", "Melbourne", "Australia"),
    ("toronto", "Toronto", "Canada"),
    ("ottawa", "Ottawa", "Canada"),
    ("montreal", "Montreal", "Canada"),
    ("vancouver", "Vancouver", "Canada"),
    ("mexico city", "Mexico City", "Mexico"),
    ("washington", "Washington", "United States"),
    ("new york", "New York", "United States"),
    ("los angeles", "Los Angeles", "United States"),
    ("chicago", "Chicago", "United States"),
    ("san francisco", "San Francisco", "United States"),
    ("boston", "Boston", "United States"),
    ("seattle", "Seattle", "United States"),
    ("miami", "Miami", "United States"),
    ("houston", "Houston", "United States"),
    ("atlanta", "Atlanta", "United States"),
    ("dallas", "Dallas", "United States"),
    ("denver", "Denver", "United States"),
    ("philadelphia", "Philadelphia", "United States"),
    ("california", "California", "United States"),
    ("texas", "Texas", "United States"),
    ("florida", "Florida", "United States"),
    ("sao paulo", "São Paulo", "Brazil"),
    ("são paulo", "São Paulo", "Brazil"),
    ("buenos aires", "Buenos Aires", "Argentina"),
    ("bangkok", "Bangkok", "Thailand"),
    ("jakarta", "Jakarta", "Indonesia"),
    ("manila", "Manila", "Philippines"),
    ("hanoi", "Hanoi", "Vietnam"),
    ("karachi", "Karachi", "Pakistan"),
    ("kabul", "Kabul", "Afghanistan"),
    ("europe", "Europe", ""),
    ("asia", "Asia", ""),
    ("africa", "Africa", ""),
    ("middle east", "Middle East", ""),
    ("korean peninsula", "Korean Peninsula", ""),
];

/// Canonical name of a place, if known.
pub fn place(name: &str) -> Option<&'static str> {
    let key = name.trim().trim_start_matches("the ").to_lowercase();
    PLACES.iter().find(|p| p.0 == key).map(|p| p.1)
}

/// Country a known place lies in (itself for a country).
pub fn country_of(canonical: &str) -> Option<&'static str> {
    PLACES
        .iter()
        .find(|p| p.1 == canonical)
        .map(|p| if p.2.is_empty() { p.1 } else { p.2 })
}

/// True when two places can both be right for one event: equal, or one lies
/// inside the other, or either is unknown (unknown never conflicts).
pub fn compatible(a: &str, b: &str) -> bool {
    let (Some(ca), Some(cb)) = (place(a), place(b)) else {
        return true;
    };
    if ca == cb {
        return true;
    }
    let (Some(na), Some(nb)) = (country_of(ca), country_of(cb)) else {
        return true;
    };
    // "Korea" is ambiguous between North and South; never a conflict.
    if ca == "Korea" || cb == "Korea" {
        return true;
    }
    na == nb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_containment() {
        assert_eq!(place("Kiev"), Some("Kyiv"));
        assert!(compatible(
            "near Kyiv".trim_start_matches("near "),
            "Ukraine"
        ));
        assert!(!compatible("Kursk", "Ukraine"));
        assert!(compatible("Skarvoy", "Norway"));
    }
}
