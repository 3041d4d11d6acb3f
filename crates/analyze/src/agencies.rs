//! News agencies by every name they go by in the languages analysed, and
//! by their web addresses: "Yonhap", "연합뉴스", "聯合ニュース", "韩联社"
//! and "Йонхап" are one wire, and two outlets crediting it under two of
//! those names are not independent of each other.
//!
//! A table written here because no kept package lists agencies with their
//! names across languages (Wikidata holds them, but not offline); it holds
//! the wires that the coverage in the analysed languages credits most, with
//! the names their own sites and the outlets quoting them use.

/// Canonical name, then every other name and address it goes by.
const AGENCIES: &[(&str, &[&str])] = &[
    (
        "Yonhap",
        &[
            "Yonhap News Agency",
            "Yonhap News",
            "연합뉴스",
            "연합뉴스TV",
            "聯合ニュース",
            "聯合通信",
            "韩联社",
            "韓聯社",
            "Йонхап",
            "Ёнхап",
            "yna.co.kr",
            "yonhapnews.co.kr",
        ],
    ),
    (
        "Kyodo",
        &[
            "Kyodo News",
            "共同通信",
            "共同通信社",
            "共同",
            "교도통신",
            "共同社",
            "Киодо",
            "kyodonews.net",
            "kyodonews.jp",
        ],
    ),
    (
        "Jiji",
        &[
            "Jiji Press",
            "時事通信",
            "時事通信社",
            "時事",
            "지지통신",
            "时事社",
            "jiji.com",
        ],
    ),
    (
        "Xinhua",
        &[
            "新华社",
            "新華社",
            "신화통신",
            "신화사",
            "新華通信",
            "Синьхуа",
            "news.cn",
            "xinhuanet.com",
        ],
    ),
    (
        "AP",
        &[
            "Associated Press",
            "美联社",
            "美聯社",
            "AP通信",
            "AP통신",
            "Ассошиэйтед Пресс",
            "apnews.com",
        ],
    ),
    (
        "Reuters",
        &[
            "路透社",
            "路透",
            "ロイター",
            "ロイター通信",
            "로이터",
            "로이터통신",
            "Рейтер",
            "Рейтерс",
            "reuters.com",
        ],
    ),
    (
        "AFP",
        &[
            "Agence France-Presse",
            "Agence France Presse",
            "法新社",
            "AFP通信",
            "AFP통신",
            "Франс Пресс",
            "Франс-Пресс",
            "afp.com",
        ],
    ),
    ("dpa", &["Deutsche Presse-Agentur", "dpa.com"]),
    (
        "TASS",
        &[
            "ТАСС",
            "塔斯社",
            "タス通信",
            "타스통신",
            "타스",
            "tass.ru",
            "tass.com",
        ],
    ),
    (
        "RIA Novosti",
        &["РИА Новости", "РІА Новини", "俄新社", "ria.ru"],
    ),
    (
        "Interfax",
        &[
            "Интерфакс",
            "Інтерфакс",
            "Інтерфакс-Україна",
            "interfax.ru",
            "interfax.com.ua",
        ],
    ),
    (
        "Ukrinform",
        &["Укрінформ", "Укринформ", "ukrinform.ua", "ukrinform.net"],
    ),
    ("UNIAN", &["УНІАН", "УНИАН", "unian.ua", "unian.net"]),
    ("EFE", &["Agencia EFE", "efe.com"]),
    ("ANSA", &["ansa.it"]),
    ("Newsis", &["뉴시스", "newsis.com"]),
    ("News1", &["뉴스1", "news1.kr"]),
    ("CNA", &["中央社", "中央通訊社", "中央通讯社", "cna.com.tw"]),
];

/// Case and a leading article set aside: "the Associated Press", "AP",
/// "l'AFP", "la agencia EFE".
fn fold(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut lower = lower
        .trim_start_matches("the ")
        .trim_start_matches("l'")
        .trim_start_matches("l’")
        .trim();
    // "Yonhap Agency", "Kyodo news agency": the wire's name and what it is.
    for tail in [" news agency", " agency", " news service"] {
        lower = lower.strip_suffix(tail).unwrap_or(lower);
    }
    lower.to_string()
}

/// The agency a credited name (or a web address's domain) is, by its
/// canonical name: exactly one of its names, or a phrase ending in one
/// ("la agencia EFE", "the news agency Yonhap") or in one of its
/// addresses ("www.yna.co.kr").
pub fn canonical(name: &str) -> Option<&'static str> {
    let n = fold(name);
    if n.is_empty() {
        return None;
    }
    AGENCIES.iter().find_map(|(canon, names)| {
        std::iter::once(*canon)
            .chain(names.iter().copied())
            .any(|alias| {
                let a = fold(alias);
                n == a
                    || (a.len() >= 3
                        && n.ends_with(&a)
                        && n[..n.len() - a.len()].ends_with([' ', '.', '/', '\'']))
            })
            .then_some(*canon)
    })
}

/// The agency a text's bracketed or trailing credit names: "【ソウル共同】",
/// "(서울=연합뉴스)", "/로이터=연합뉴스" (a photo through two wires: the
/// last is the one that sent it), "— Укрінформ". Only names in the table
/// count: a bracket holds many other things.
pub fn in_credit(credit: &str) -> Option<&'static str> {
    let credit = credit.trim().trim_end_matches(['.', '。']);
    let last = credit.rsplit(['=', '/']).next().unwrap_or(credit).trim();
    if let Some(a) = canonical(last) {
        return Some(a);
    }
    // A place before the agency, no space between them ("ソウル共同").
    AGENCIES.iter().find_map(|(canon, names)| {
        names
            .iter()
            .chain(std::iter::once(canon))
            .any(|alias| alias.chars().count() >= 2 && !alias.is_ascii() && last.ends_with(alias))
            .then_some(*canon)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_wire_by_its_names() {
        for name in [
            "Yonhap",
            "YONHAP",
            "연합뉴스",
            "聯合ニュース",
            "韩联社",
            "Йонхап",
            "the news agency Yonhap",
            "www.yna.co.kr",
        ] {
            assert_eq!(canonical(name), Some("Yonhap"), "{name}");
        }
        assert_eq!(canonical("la agencia EFE"), Some("EFE"));
        assert_eq!(canonical("Yonhap Agency"), Some("Yonhap"));
        assert_eq!(canonical("l'AFP"), Some("AFP"));
        assert_eq!(canonical("the Associated Press"), Some("AP"));
        assert_eq!(canonical("Daily NK"), None);
        assert_eq!(canonical("Capture"), None, "not AP by its last letters");
    }

    #[test]
    fn credits_in_brackets_and_after_dashes() {
        assert_eq!(in_credit("ソウル共同"), Some("Kyodo"));
        assert_eq!(in_credit("서울=연합뉴스"), Some("Yonhap"));
        assert_eq!(in_credit("로이터=연합뉴스"), Some("Yonhap"));
        assert_eq!(in_credit("AFP"), Some("AFP"));
        assert_eq!(in_credit("Укрінформ"), Some("Ukrinform"));
        assert_eq!(in_credit("사진"), None);
    }
}
