//! Claim statuses, independence and copies on small invented articles.

use crate::pipeline::run;
use crate::{compare, Verdict};
use crosscheck_model::{Article, Claim, Paragraph, Status};

fn art(id: &str, published: &str, text: &str) -> Article {
    let mut paragraphs = Vec::new();
    let mut at = 0;
    for p in text.split("\n\n") {
        let n = p.chars().count();
        paragraphs.push(Paragraph {
            start: at,
            end: at + n,
            text: p.to_string(),
        });
        at += n + 2;
    }
    Article {
        id: id.into(),
        source: format!("{id}.txt"),
        published: Some(published.into()),
        text: text.into(),
        paragraphs,
        ..Default::default()
    }
}

fn claims_with(claims: &[Claim], needle: &str) -> Vec<Claim> {
    claims
        .iter()
        .filter(|c| c.evidence.iter().any(|e| e.text.contains(needle)))
        .cloned()
        .collect()
}

#[test]
fn different_counts_of_the_same_thing_conflict() {
    let o = run(vec![
        art("a1", "2026-04-07", "Flood water reached the lower town of Hollin on Monday night.\n\nThe council said 40 homes were evacuated in the lower town of Hollin."),
        art("a2", "2026-04-07", "Hollin's lower town flooded on Monday night after days of rain.\n\nThe council said 55 homes were evacuated in the lower town of Hollin."),
    ]);
    assert_eq!(o.stories.len(), 1);
    let c = claims_with(&o.stories[0].claims, "homes were evacuated");
    assert_eq!(c[0].status, Status::Conflicting, "{c:?}");
    assert!(c[0].conflict.as_deref().unwrap().contains("40 homes"));
}

#[test]
fn each_side_of_a_conflict_names_every_article_that_takes_it() {
    let o = run(vec![
        art("a1", "2026-04-07", "Flood water reached the lower town of Hollin on Monday night.\n\nThe council said 40 homes were evacuated in the lower town of Hollin."),
        art("a2", "2026-04-07", "Hollin's lower town flooded on Monday night after days of rain.\n\nThe council said 55 homes were evacuated in the lower town of Hollin."),
        art("a3", "2026-04-07", "Rain flooded the lower town of Hollin on Monday night.\n\nThe council said 40 homes were evacuated from the lower town of Hollin."),
    ]);
    let c = claims_with(&o.stories[0].claims, "homes were evacuated");
    assert_eq!(c[0].status, Status::Conflicting, "{c:?}");
    let sides: Vec<(String, Vec<String>)> = c[0]
        .sides
        .iter()
        .map(|s| (s.says.clone(), s.articles.clone()))
        .collect();
    assert_eq!(sides.len(), 2, "{sides:?}");
    let forty = sides
        .iter()
        .find(|s| s.0.contains("40"))
        .expect("a side says 40");
    assert_eq!(forty.1, vec!["a1", "a3"], "{sides:?}");
    let fifty_five = sides
        .iter()
        .find(|s| s.0.contains("55"))
        .expect("a side says 55");
    assert_eq!(fifty_five.1, vec!["a2"], "{sides:?}");
}

#[test]
fn ages_inside_a_stated_range_agree() {
    let o = run(vec![
        art("a1", "2026-04-07", "Police arrested a 27-year-old and a 22-year-old in Bergen on Friday after the harbour break-in, a spokesman said."),
        art("a2", "2026-04-07", "Two men, both in their 20s, were arrested in Bergen on Friday after the harbour break-in, a police spokesman said."),
    ]);
    let c = claims_with(&o.stories[0].claims, "arrested");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].status, Status::Corroborated);
    assert!(c[0].independent);
    assert!(
        c[0].shared.iter().any(|s| s == "count:age"),
        "{:?}",
        c[0].shared
    );
}

#[test]
fn agreement_that_rests_on_one_agency_is_not_independent() {
    let o = run(vec![
        art("a1", "2026-05-02", "The mine collapse trapped 12 workers near the village of Ostrava on Thursday, according to Reuters."),
        art("a2", "2026-05-02", "According to Reuters, the mine collapse trapped 12 workers near the village on Thursday evening."),
    ]);
    let c = claims_with(&o.stories[0].claims, "trapped");
    assert_eq!(c[0].status, Status::Corroborated);
    assert!(!c[0].independent);
    assert!(c[0]
        .independence_note
        .as_deref()
        .unwrap()
        .contains("Reuters"));
}

/// One wire under two names ("Reuters", "路透社"), or an outlet that is
/// the wire itself, is still one voice.
#[test]
fn one_agency_by_any_name_or_address_is_one_voice() {
    let o = run(vec![
        art("a1", "2026-05-02", "The mine collapse trapped 12 workers near the village of Ostrava on Thursday, according to Reuters."),
        art("a2", "2026-05-02", "The mine collapse trapped 12 workers near the village on Thursday evening, according to 路透社."),
    ]);
    let c = claims_with(&o.stories[0].claims, "trapped");
    assert_eq!(c[0].status, Status::Corroborated);
    assert!(!c[0].independent, "{c:#?}");
    let mut own = art(
        "a2",
        "2026-05-02",
        "The mine collapse trapped 12 workers near the village on Thursday evening.",
    );
    own.url = Some("https://www.reuters.com/world/europe/mine-collapse".into());
    let o = run(vec![
        art("a1", "2026-05-02", "The mine collapse trapped 12 workers near the village of Ostrava on Thursday, according to Reuters."),
        own,
    ]);
    let c = claims_with(&o.stories[0].claims, "trapped");
    assert!(!c[0].independent, "{c:#?}");
}

#[test]
fn copies_count_as_one_source() {
    let wire = "The regional airport closed its only runway on Tuesday after a cargo plane slid off the tarmac in heavy snow. Nobody was hurt, the airport operator said in a statement. Flights were diverted to the capital for the rest of the day and passengers were offered buses.";
    let copy = wire.replace("heavy snow", "thick snow");
    let o = run(vec![
        art("a1", "2026-01-13", wire),
        art("a2", "2026-01-13", &copy),
        art("a3", "2026-01-13", "A cargo plane slid off the runway in snow on Tuesday and the regional airport closed its only runway for the day."),
    ]);
    let s = &o.stories[0];
    assert_eq!(s.copies.len(), 1);
    let c = claims_with(&s.claims, "Nobody was hurt");
    assert_eq!(
        c[0].status,
        Status::SingleSource,
        "two copies of one text are one source: {c:?}"
    );
    let runway = claims_with(&s.claims, "A cargo plane slid off the runway");
    assert_eq!(runway[0].sources, 2);
}

#[test]
fn different_countries_for_one_arrest_conflict_and_wording_does_not() {
    let o = run(vec![
        art(
            "a1",
            "2026-02-02",
            "The two fishermen were arrested in Norway on Sunday, their union said.",
        ),
        art(
            "a2",
            "2026-02-02",
            "The two fishermen were arrested in Russia on Sunday while at sea, their union said.",
        ),
        art(
            "a3",
            "2026-02-02",
            "Their union said the two fishermen were arrested in Oslo on Sunday.",
        ),
    ]);
    let s = &o.stories[0];
    let conflict = s
        .claims
        .iter()
        .find(|c| c.status == Status::Conflicting)
        .expect("place conflict");
    assert!(conflict.summary.contains("Russia"), "{}", conflict.summary);
    // Oslo lies in Norway: those two agree, so a3 is on the Norway side.
    assert!(
        conflict
            .summary
            .contains("Norway / Oslo (a1, a3) vs Russia (a2)"),
        "{}",
        conflict.summary
    );
}

#[test]
fn unrelated_articles_are_separate_stories() {
    let o = run(vec![
        art("a1", "2026-02-02", "The orchestra announced its new season with eleven premieres and a tour of Japan in October."),
        art("a2", "2026-02-02", "Wheat prices fell for the third week as harvest forecasts improved across the plains, traders said."),
    ]);
    assert_eq!(o.stories.len(), 2);
}

/// Sentences in Japanese and Korean make claims (counted by characters and
/// words, not spaces), and a count with a counter for people conflicts
/// with another count of them.
#[test]
fn japanese_and_korean_sentences_agree_and_conflict() {
    let day = "2026-03-02";
    let ja = "乗客212人を乗せたフェリーが日曜日の夜、スカルボイ島付近で座礁した。";
    let ja_same = "乗客212人を乗せたフェリーが日曜夜、スカルボイ島の近くで座礁した。";
    let ja_other = "乗客241人を乗せたフェリーが日曜夜、スカルボイ島の近くで座礁した。";
    assert_eq!(compare(ja, ja_same, day), Verdict::Agree);
    assert_eq!(compare(ja, ja_other, day), Verdict::Conflict);
    let ko = "승객 212명을 태운 여객선이 일요일 밤 스카르뵈위 섬 인근에서 좌초했다.";
    let ko_same = "승객 212명을 태운 여객선이 일요일 밤 스카르뵈위 섬 근처에서 좌초했다.";
    let ko_other = "승객 241명을 태운 여객선이 일요일 밤 스카르뵈위 섬 근처에서 좌초했다.";
    assert_eq!(compare(ko, ko_same, day), Verdict::Agree);
    assert_eq!(compare(ko, ko_other, day), Verdict::Conflict);
}

/// One story's articles in three languages, corroborated as one.
fn story_of(texts: &[(&str, &str)]) -> Vec<Claim> {
    let arts: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, (language, text))| Article {
            language: Some(language.to_string()),
            ..art(&format!("a{}", i + 1), "2026-03-14", text)
        })
        .collect();
    let analyses: Vec<_> = arts.iter().map(crosscheck_analyze::analyze).collect();
    let arts_ref: Vec<&Article> = arts.iter().collect();
    let an_ref: Vec<_> = analyses.iter().collect();
    crate::corroborate("s1", &arts_ref, &an_ref, &[]).claims
}

#[test]
fn the_same_count_of_people_in_the_same_state_is_one_claim_in_any_language() {
    let claims = story_of(&[
        (
            "en",
            "The ferry Norvik sank off Tallis on Friday, killing 37 of the 52 people on board.",
        ),
        (
            "ko",
            "금요일 탈리스 앞바다에서 여객선 노르비크호가 침몰해 탑승자 52명 가운데 37명이 숨졌다.",
        ),
        (
            "ja",
            "金曜日、タリス沖でフェリー「ノルビク」が沈没し、乗っていた52人のうち37人が死亡した。",
        ),
    ]);
    let c = claims_with(&claims, "37");
    assert_eq!(c.len(), 1, "{claims:#?}");
    assert_eq!(c[0].status, Status::Corroborated);
    assert_eq!(c[0].evidence.len(), 3);
}

#[test]
fn other_counts_in_other_languages_are_not_taken_for_one_claim() {
    // Across languages nothing but the count says two sentences are about
    // the same thing: different counts stay apart, never a conflict.
    let claims = story_of(&[
        (
            "en",
            "The ferry Norvik sank off Tallis on Friday, killing 37 of the 52 people on board.",
        ),
        (
            "ko",
            "금요일 탈리스 앞바다에서 여객선 노르비크호가 침몰해 탑승자 52명 가운데 35명이 숨졌다.",
        ),
    ]);
    assert!(
        claims.iter().all(|c| c.status != Status::Conflicting),
        "{claims:#?}"
    );
    assert!(claims.iter().all(|c| c.evidence.len() == 1), "{claims:#?}");
}

#[test]
fn counts_of_sentences_dated_apart_are_not_a_conflict() {
    let o = run(vec![
        art("a1", "2026-04-09", "A powerful earthquake with an estimated magnitude of 6.8 hit the Varna area of Tollin Prefecture on Monday, centered in the town of Rusk.\n\nRoads were closed."),
        art("a2", "2026-04-09", "An earthquake with an estimated magnitude of 5.1 hit the Varna Peninsula at 10:54 a.m. April 8.\n\nRoads were closed."),
    ]);
    let claims: Vec<Claim> = o.stories.iter().flat_map(|s| s.claims.clone()).collect();
    assert!(
        claims.iter().all(|c| c.status != Status::Conflicting),
        "{claims:#?}"
    );
}

#[test]
fn a_toll_of_one_place_is_not_the_toll_of_all() {
    let toll = |b: &str| {
        let o = run(vec![
            art("a1", "2026-04-07", "Floods on the coast killed 40 people, 21 of them in Volda, the police said.\n\nThe river rose two metres overnight and roads to the harbour were closed."),
            art("a2", "2026-04-07", &format!("{b}\n\nVolunteers filled sandbags at the school while the mayor asked for army help.")),
        ]);
        let claims: Vec<Claim> = o.stories.iter().flat_map(|s| s.claims.clone()).collect();
        claims_with(&claims, "killed")
    };
    // The toll of all places against another of all places conflicts.
    let whole =
        toll("Floods on the coast killed 55 people, most of them in Volda, the police said.");
    assert_eq!(whole.len(), 1, "{whole:#?}");
    assert_eq!(whole[0].status, Status::Conflicting, "{whole:#?}");
    // Volda's toll is not the toll of all places.
    let part = toll("Floods on the coast killed 17 people in Volda, the police said.");
    assert_eq!(part.len(), 1, "{part:#?}");
    assert_ne!(part[0].status, Status::Conflicting, "{part:#?}");
}

/// A count given as revised ("at first count", "in the final count") is an
/// update: no conflict, and the claim says the counts differ and why.
#[test]
fn a_revised_count_is_an_update_not_agreement_or_conflict() {
    let o = run(vec![
        art("a1", "2026-03-02", "The ferry Nordlys ran aground off Hareid on Sunday with 212 passengers aboard at first count, police said.\n\nRescuers reached the ship within an hour."),
        art("a2", "2026-03-03", "The ferry Nordlys, which ran aground off Hareid on Sunday, carried 241 passengers in the final count, police said.\n\nAll were brought ashore by the evening."),
    ]);
    let claims: Vec<Claim> = o.stories.iter().flat_map(|s| s.claims.clone()).collect();
    let ferry = claims_with(&claims, "aground");
    assert_eq!(ferry.len(), 1, "{ferry:#?}");
    assert_ne!(ferry[0].status, Status::Conflicting, "{ferry:#?}");
    let note = ferry[0].counts_differ.as_deref().unwrap_or_default();
    assert!(
        note.contains("212") && note.contains("241") && note.contains("revised"),
        "{note}"
    );
}

#[test]
fn tallies_of_people_differ_defensibly_only_on_one_day() {
    let tally = |day_a: &str, day_b: &str| {
        let o = run(vec![
            art("a1", day_a, "Floods in the lower town of Hollin killed 12 people, the council said.\n\nThe river rose two metres overnight and roads to the harbour were closed."),
            art("a2", day_b, "Rising water killed 15 people in the lower town of Hollin, according to the council.\n\nVolunteers filled sandbags at the school while the mayor asked for army help."),
        ]);
        let claims: Vec<Claim> = o.stories.iter().flat_map(|s| s.claims.clone()).collect();
        claims_with(&claims, "killed")
    };
    let same = tally("2026-04-07", "2026-04-07");
    assert_eq!(same.len(), 1, "{same:#?}");
    assert_eq!(same[0].status, Status::Conflicting);
    // A day later the toll may have risen: not a conflict.
    let later = tally("2026-04-07", "2026-04-08");
    assert_eq!(later.len(), 1, "{later:#?}");
    assert_ne!(later[0].status, Status::Conflicting, "{later:#?}");
    // …and the claim says so rather than seem to vouch for both.
    let note = later[0].counts_differ.as_deref().unwrap_or_default();
    assert!(
        note.contains("12 people") && note.contains("15 people"),
        "{note}"
    );
    assert!(same[0].counts_differ.is_none());
}
