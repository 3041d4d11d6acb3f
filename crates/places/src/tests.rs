use super::*;

fn names(text: &str) -> Vec<String> {
    let language = match text.chars().find(|c| c.is_alphabetic()) {
        Some('Т' | 'С' | 'О') => Some("ru"),
        Some('У' | 'В') => Some("uk"),
        _ if text.contains("Soldaten") => Some("de"),
        _ => Some("en"),
    };
    named_in(text, language)
}

fn named_in(text: &str, language: Option<&str>) -> Vec<String> {
    gazetteer()
        .find(text, language)
        .iter()
        .map(|f| f.place.name.clone())
        .collect()
}

#[test]
fn the_whole_table_reads() {
    let g = gazetteer();
    assert!(g.len() > 30_000, "{} places", g.len());
    assert_eq!(g.named("Seoul").map(|p| p.kind), Some(Kind::City));
    assert_eq!(g.named("북한").map(|p| p.country.as_str()), Some("KP"));
}

#[test]
fn one_place_under_its_names_in_every_script() {
    let en = names("Shelling was reported near Kursk on Monday.");
    assert_eq!(en, ["Kursk"]);
    for text in [
        "Обстрел под Курском продолжался.",
        "У Курську заявили про обстріл.",
        "クルスク州で戦闘が続いた。",
        "쿠르스크에서 교전이 이어졌다.",
        "库尔斯克州发生交火。",
    ] {
        assert_eq!(names(text), ["Kursk"], "{text}");
    }
}

#[test]
fn countries_in_many_languages() {
    for text in [
        "Troops from North Korea arrived.",
        "Soldaten aus Nordkorea kamen an.",
        "북한군이 도착했다.",
        "北朝鮮の兵士が到着した。",
        "Військові Північної Кореї прибули.",
    ] {
        assert_eq!(names(text), ["North Korea"], "{text}");
    }
}

#[test]
fn names_of_several_words_and_compounds() {
    assert_eq!(names("in Salt Lake City, Utah"), ["Salt Lake City"]);
    assert_eq!(names("a Seoul-based group"), ["Seoul"]);
    assert_eq!(names("a flight bound for Jeju Island"), ["Jeju City"]);
    // Korean: a name before a word for a kind of place.
    assert_eq!(names("제주공항에서 사고가 났다"), ["Jeju City"]);
}

#[test]
fn a_country_name_in_one_language_is_a_word_in_another() {
    assert_eq!(named_in("Urlaub auf Island", Some("de")), ["Iceland"]);
    assert!(named_in("a flight from the Island", Some("en")).is_empty());
}

#[test]
fn katakana_names_do_not_run_on() {
    assert!(names("ソウルフルな歌").is_empty());
    assert_eq!(names("ソウルで会見"), ["Seoul"]);
}

#[test]
fn ordinary_words_are_not_places() {
    assert!(names("the president said they would return").is_empty());
    assert!(names("사상자가 늘었다").is_empty(), "casualties");
    // Function words GeoNames lists as other names of towns, and a short
    // Cyrillic stem ("День" is not "Денов").
    assert!(named_in("Selon la police", Some("fr")).is_empty());
    assert!(named_in("День памяти", Some("ru")).is_empty());
    assert!(names("").is_empty());
}

/// A foreign city's name that is a common word of the script is not a
/// place ("위해", in order to, is Weihai's Korean reading; "라고", the
/// quoting particle, is Largo's); other cities abroad still are, and so
/// is a city of the script's own country.
#[test]
fn common_words_are_not_foreign_cities() {
    let text = "포로들은 한국에 가기 위해 편지를 썼다. 그는 \"가고 싶다\"라고 말했다.";
    assert!(
        named_in(text, Some("ko")).is_empty(),
        "{:?}",
        named_in(text, Some("ko"))
    );
    assert_eq!(named_in("베이징에서 출발했다.", Some("ko")), ["Beijing"]);
    assert_eq!(named_in("파리에서 열렸다.", Some("ko")), ["Paris"]);
    assert_eq!(named_in("청주에서 열렸다.", Some("ko")), ["Cheongju-si"]);
    // "日本語" (Japanese, GeoNames' name for Baidoa and Mariupol) names Japan.
    assert_eq!(named_in("日本語で書かれた。", Some("ja")), ["Japan"]);
}
