//! A generated news archive with known answers, for the ingest and
//! clustering benchmarks.
//!
//! Deterministic from a seed. Stories in five languages (en, de, fr, uk,
//! ko), each told by several outlets that write independently (they share
//! the story's names and topic words, not its sentences), some carried by a
//! wire whose text outlets republish: most with small edits (a word changed
//! here and there, a paragraph dropped, a line of their own added), some
//! heavily edited (two more words changed in every paragraph), some cut to
//! a brief of the first paragraphs with lines of their own; and many one-off
//! articles. Some independent articles of a wire story quote one of the
//! wire's paragraphs word for word: they share text with the wire but are
//! not copies of it, which tests the precision of copy detection. Pages come wrapped in navigation, adverts and footers.
//! Articles are written in publication order, as an archive receives them.
//!
//! The words are drawn from small per-language lists and from invented
//! names, so the text reads as word salad: it measures the machinery (speed,
//! memory, copy detection and clustering under realistic overlap between
//! stories), not language understanding.
//!
//! The random generator is a hand-written SplitMix64 so that a seed gives
//! the same corpus on every machine and with every version of every crate.

use std::io::Write;
use std::path::Path;

/// Changes whenever the generator writes other articles for a seed, so that
/// a corpus cached by an older version is not taken for this one's.
pub const VERSION: u32 = 2;

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

struct Lang {
    code: &'static str,
    function: &'static [&'static str],
    general: &'static [&'static str],
    said: &'static str,
    syllables: &'static [&'static str],
}

const LANGS: &[Lang] = &[
    Lang {
        code: "en",
        function: &[
            "the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "was", "at",
            "by", "from", "it", "after", "were", "had", "has", "have", "this", "but", "not", "an",
            "their", "which", "when", "more", "than",
        ],
        general: &[
            "officials",
            "people",
            "government",
            "week",
            "city",
            "report",
            "police",
            "year",
            "day",
            "local",
            "public",
            "group",
            "plan",
            "residents",
            "workers",
            "area",
            "statement",
            "office",
            "company",
            "council",
            "minister",
            "hospital",
            "court",
            "agency",
            "night",
            "morning",
            "region",
            "country",
            "house",
            "vote",
            "money",
            "market",
            "school",
            "water",
            "road",
            "power",
            "service",
            "program",
            "law",
            "security",
            "team",
            "families",
            "children",
            "prices",
            "members",
        ],
        said: "said",
        syllables: &[
            "ka", "lo", "ren", "mar", "ta", "vin", "sel", "dor", "bri", "ne", "tho", "gal", "mi",
            "ras", "ull", "pen", "cor", "fy", "lis", "an",
        ],
    },
    Lang {
        code: "de",
        function: &[
            "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf",
            "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden",
            "aus", "er", "hat", "dass", "sie", "nach",
        ],
        general: &[
            "Regierung",
            "Stadt",
            "Polizei",
            "Woche",
            "Bericht",
            "Menschen",
            "Jahr",
            "Tag",
            "Behörden",
            "Bürger",
            "Plan",
            "Erklärung",
            "Unternehmen",
            "Rat",
            "Minister",
            "Krankenhaus",
            "Gericht",
            "Nacht",
            "Region",
            "Land",
            "Haus",
            "Abstimmung",
            "Geld",
            "Markt",
            "Schule",
            "Wasser",
            "Straße",
            "Strom",
            "Gesetz",
            "Familien",
            "Kinder",
            "Preise",
            "Mitglieder",
            "Arbeiter",
            "Sprecher",
        ],
        said: "sagte",
        syllables: &[
            "berg", "au", "lin", "hof", "ste", "wal", "ger", "mar", "kel", "ri", "dorf", "bach",
            "ein", "sch", "ul", "ten", "ha", "rin", "zo", "fel",
        ],
    },
    Lang {
        code: "fr",
        function: &[
            "le", "la", "les", "de", "des", "et", "en", "un", "une", "du", "dans", "que", "qui",
            "pour", "pas", "sur", "au", "avec", "est", "par", "plus", "il", "elle", "ont", "a",
            "ce", "sont", "aux", "mais", "selon",
        ],
        general: &[
            "gouvernement",
            "ville",
            "police",
            "semaine",
            "rapport",
            "habitants",
            "année",
            "jour",
            "autorités",
            "groupe",
            "projet",
            "déclaration",
            "entreprise",
            "conseil",
            "ministre",
            "hôpital",
            "tribunal",
            "nuit",
            "région",
            "pays",
            "maison",
            "vote",
            "argent",
            "marché",
            "école",
            "eau",
            "route",
            "électricité",
            "loi",
            "familles",
            "enfants",
            "prix",
            "membres",
            "travailleurs",
            "porte-parole",
        ],
        said: "a déclaré",
        syllables: &[
            "ber", "lau", "ti", "mon", "ville", "ra", "cour", "nel", "sau", "ge", "lin", "pré",
            "dou", "ma", "rie", "tan", "cha", "lo", "vé", "bois",
        ],
    },
    Lang {
        code: "uk",
        function: &[
            "і",
            "в",
            "на",
            "з",
            "що",
            "не",
            "до",
            "за",
            "як",
            "це",
            "від",
            "у",
            "про",
            "та",
            "але",
            "його",
            "її",
            "було",
            "був",
            "після",
            "також",
            "який",
            "яка",
            "під",
            "для",
            "через",
            "вже",
            "між",
            "при",
            "щодо",
        ],
        general: &[
            "уряд",
            "місто",
            "поліція",
            "тиждень",
            "звіт",
            "люди",
            "рік",
            "день",
            "влада",
            "мешканці",
            "план",
            "заява",
            "компанія",
            "рада",
            "міністр",
            "лікарня",
            "суд",
            "ніч",
            "область",
            "країна",
            "будинок",
            "голосування",
            "гроші",
            "ринок",
            "школа",
            "вода",
            "дорога",
            "електрика",
            "закон",
            "родини",
            "діти",
            "ціни",
            "члени",
            "робітники",
            "речник",
        ],
        said: "заявив",
        syllables: &[
            "ко", "ва", "лен", "ми", "ро", "шин", "ка", "до", "ві", "пе", "тро", "сла", "ни", "бо",
            "гор", "ли", "ан", "ре", "ус", "ти",
        ],
    },
    Lang {
        code: "ko",
        function: &[
            "그는",
            "이번",
            "또한",
            "그리고",
            "하지만",
            "이에",
            "따라",
            "있다",
            "했다",
            "밝혔다",
            "것으로",
            "대한",
            "위해",
            "있는",
            "이후",
            "관련",
            "등",
            "및",
            "중",
            "더",
        ],
        general: &[
            "정부",
            "도시",
            "경찰",
            "주",
            "보고서",
            "사람들",
            "올해",
            "날",
            "당국",
            "주민",
            "계획",
            "성명",
            "회사",
            "의회",
            "장관",
            "병원",
            "법원",
            "밤",
            "지역",
            "나라",
            "집",
            "투표",
            "돈",
            "시장",
            "학교",
            "물",
            "도로",
            "전력",
            "법",
            "가족",
            "아이들",
            "가격",
            "회원",
            "노동자",
            "대변인",
        ],
        said: "말했다",
        syllables: &[
            "김", "박", "이", "서", "준", "민", "영", "호", "수", "진", "성", "현", "우", "지",
            "한", "동", "철", "경", "선", "미",
        ],
    },
];

fn invented(rng: &mut Rng, lang: &Lang, parts: usize) -> String {
    let mut w = String::new();
    for _ in 0..parts {
        let syl: &str = rng.pick::<&str>(lang.syllables);
        w.push_str(syl);
    }
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => w,
    }
}

/// What a story is about: its names and topic words.
struct Story {
    lang: usize,
    names: Vec<String>,
    topic: Vec<String>,
}

fn story(rng: &mut Rng, domains: &[Vec<Vec<String>>]) -> Story {
    let lang = rng.below(LANGS.len());
    let l = &LANGS[lang];
    let names = (0..6)
        .map(|_| {
            let first = invented(rng, l, 2);
            if rng.chance(0.5) {
                {
                    let parts = 2 + rng.below(2);
                    format!("{first} {}", invented(rng, l, parts))
                }
            } else {
                first
            }
        })
        .collect();
    let pool = rng.pick(&domains[lang]);
    let topic = (0..24).map(|_| rng.pick(pool).clone()).collect();
    Story { lang, names, topic }
}

/// Makes a light copy harder to recognise, one time in five each way: a
/// brief (the first half or so of the paragraphs, and lines of its own) or
/// a heavy edit (two more words changed in every paragraph).
fn harden(rng: &mut Rng, cp: &mut Vec<String>, s: &Story) {
    match rng.below(10) {
        8 | 9 if cp.len() > 2 => {
            let keep = cp.len().div_ceil(2) + rng.below(cp.len() / 4 + 1);
            cp.truncate(keep.max(2));
            for _ in 0..1 + rng.below(2) {
                cp.push(sentence(rng, s));
            }
        }
        6 | 7 => {
            for p in cp.iter_mut() {
                let mut words: Vec<String> = p.split(' ').map(str::to_string).collect();
                for _ in 0..2 {
                    let at = rng.below(words.len());
                    words[at] = rng.pick(LANGS[s.lang].general).to_string();
                }
                *p = words.join(" ");
            }
        }
        _ => {}
    }
}

fn sentence(rng: &mut Rng, s: &Story) -> String {
    let l = &LANGS[s.lang];
    let n = 12 + rng.below(14);
    let mut words: Vec<String> = Vec::with_capacity(n + 2);
    for _ in 0..n {
        let r = rng.below(100);
        let w = if r < 42 {
            rng.pick(l.function).to_string()
        } else if r < 66 {
            rng.pick(l.general).to_string()
        } else if r < 92 {
            rng.pick(&s.topic).clone()
        } else {
            rng.pick(&s.names).clone()
        };
        words.push(w);
    }
    if rng.chance(0.3) {
        words.push(rng.pick(&s.names).clone());
        words.push(l.said.to_string());
    }
    let mut text = words.join(" ");
    if let Some(f) = text.chars().next() {
        text = f.to_uppercase().chain(text.chars().skip(1)).collect();
    }
    text.push('.');
    text
}

fn paragraphs(rng: &mut Rng, s: &Story) -> Vec<String> {
    let n = 4 + rng.below(8);
    (0..n)
        .map(|_| {
            let k = 2 + rng.below(3);
            (0..k)
                .map(|_| sentence(rng, s))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn title(rng: &mut Rng, s: &Story) -> String {
    let mut w = vec![rng.pick(&s.names).clone()];
    for _ in 0..5 + rng.below(4) {
        w.push(rng.pick(&s.topic).clone());
    }
    w.join(" ")
}

/// One generated article, with its answers.
pub struct Generated {
    pub url: String,
    pub published: String,
    pub html: String,
    pub story: u64,
    /// The first article of the text it copies (itself if original).
    pub copy_group: u64,
    pub lang: &'static str,
}

fn page(
    rng: &mut Rng,
    outlet: &str,
    lang: &str,
    title: &str,
    date: &str,
    paras: &[String],
) -> String {
    let mut nav = String::new();
    for i in 0..12 {
        nav.push_str(&format!(
            "<li><a href=\"/section/{i}\">Section {i}</a></li>"
        ));
    }
    let mut body = String::new();
    for (i, p) in paras.iter().enumerate() {
        body.push_str(&format!("<p>{p}</p>\n"));
        if i == 2 {
            body.push_str("<div class=\"ad\"><a href=\"https://ads.example/click\">Advertisement: subscribe now and save 50%</a></div>\n");
        }
    }
    let related: String = (0..5)
        .map(|i| {
            format!(
                "<li><a href=\"/story/{}\">Related story number {i} {}</a></li>",
                rng.next() % 100_000,
                rng.next() % 1000
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title} - {outlet}</title>\
<meta property=\"og:site_name\" content=\"{outlet}\"><meta property=\"article:published_time\" content=\"{date}\">\
<script>window.dataLayer=[];function track(){{}}</script><style>body{{font-family:serif}}</style></head>\
<body><header><div class=\"logo\">{outlet}</div><nav><ul>{nav}</ul></nav></header>\
<main><article><h1>{title}</h1><div class=\"byline\">By staff reporter</div>\n{body}</article>\
<aside class=\"related\"><h2>More news</h2><ul>{related}</ul></aside></main>\
<footer><p>© 2025 {outlet}. All rights reserved.</p><p><a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></p>\
<div class=\"cookie\">We use cookies to improve your experience.</div></footer></body></html>"
    )
}

/// Writes `n` articles as JSON Lines to `out` and the answers as TSV
/// (`url story copy_group lang`) to `truth`; returns the number written.
pub fn generate(n: usize, seed: u64, out: &Path, truth: &Path) -> std::io::Result<usize> {
    let mut rng = Rng::new(seed);
    // Per language, 40 subject domains of 150 topic words each: stories in
    // one domain share much of their vocabulary, as real beats do.
    let domains: Vec<Vec<Vec<String>>> = LANGS
        .iter()
        .map(|l| {
            (0..40)
                .map(|_| {
                    (0..150)
                        .map(|_| {
                            let parts = 2 + rng.below(2);
                            invented(&mut rng, l, parts).to_lowercase()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let outlets: Vec<Vec<String>> = LANGS
        .iter()
        .map(|l| {
            (0..60)
                .map(|_| {
                    format!(
                        "{} {}",
                        invented(&mut rng, l, 2),
                        ["Times", "Post", "Daily", "News", "Herald"][rng.below(5)]
                    )
                })
                .collect()
        })
        .collect();
    // The harder copies and the quotes draw from a stream of their own, so
    // that the stories, texts and light copies are those of version 1.
    let mut hard = Rng::new(seed ^ 0x6861_7264_6572_2121);
    let per_day = 1500.0;
    let days = ((n as f64) / per_day).ceil().max(1.0) as u64;
    // (minute of publication, article) collected, then written in order.
    let mut items: Vec<(u64, Generated)> = Vec::with_capacity(n + 64);
    let mut story_id = 0u64;
    let mut serial = 0u64;
    while items.len() < n {
        story_id += 1;
        let s = story(&mut rng, &domains);
        let lang = LANGS[s.lang].code;
        let start = rng.below((days * 1440) as usize) as u64;
        // A third of stories are one article; others have 2-12 independent
        // articles over up to three days.
        let k = if rng.chance(0.35) {
            1
        } else {
            2 + rng.below(11)
        };
        let wire = k > 1 && rng.chance(0.3);
        let mut texts: Vec<(u64, Vec<String>, String)> = Vec::new();
        for _ in 0..k {
            let t = start + rng.below(3 * 1440) as u64;
            texts.push((t, paragraphs(&mut rng, &s), title(&mut rng, &s)));
        }
        // Independent articles quoting a paragraph of the wire verbatim.
        if wire {
            let quoted = texts[0].1.first().cloned().unwrap_or_default();
            for (_, paras, _) in texts.iter_mut().skip(1) {
                if hard.chance(0.3) {
                    let at = hard.below(paras.len() + 1);
                    paras.insert(at, quoted.clone());
                }
            }
        }
        for (i, (t, paras, ttl)) in texts.iter().enumerate() {
            serial += 1;
            let original = serial;
            let outlet = rng.pick(&outlets[s.lang]).clone();
            let date = minute_iso(*t);
            items.push((
                *t,
                Generated {
                    url: format!("https://news{}.example/{lang}/{original}", rng.below(60)),
                    published: date.clone(),
                    html: page(&mut rng, &outlet, lang, ttl, &date, paras),
                    story: story_id,
                    copy_group: original,
                    lang,
                },
            ));
            // The wire story (the first text) is republished: 2-40 copies.
            if wire && i == 0 {
                let copies = 2 + rng.below(39);
                for _ in 0..copies {
                    serial += 1;
                    let ct = t + 10 + rng.below(2 * 1440) as u64;
                    let mut cp: Vec<String> = paras.clone();
                    if cp.len() > 4 && rng.chance(0.3) {
                        let drop = rng.below(cp.len());
                        cp.remove(drop);
                    }
                    for p in cp.iter_mut() {
                        if rng.chance(0.25) {
                            let mut words: Vec<String> = p.split(' ').map(str::to_string).collect();
                            let at = rng.below(words.len());
                            words[at] = rng.pick(LANGS[s.lang].general).to_string();
                            *p = words.join(" ");
                        }
                    }
                    if rng.chance(0.5) {
                        cp.push(sentence(&mut rng, &s));
                    }
                    harden(&mut hard, &mut cp, &s);
                    let ttl2 = if rng.chance(0.5) {
                        title(&mut rng, &s)
                    } else {
                        ttl.clone()
                    };
                    let outlet = rng.pick(&outlets[s.lang]).clone();
                    let date = minute_iso(ct);
                    items.push((
                        ct,
                        Generated {
                            url: format!("https://news{}.example/{lang}/{serial}", rng.below(60)),
                            published: date.clone(),
                            html: page(&mut rng, &outlet, lang, &ttl2, &date, &cp),
                            story: story_id,
                            copy_group: original,
                            lang,
                        },
                    ));
                }
            }
        }
    }
    items.truncate(n);
    items.sort_by_key(|(t, g)| (*t, g.copy_group, g.url.clone()));
    write(&items, out, truth)
}

/// Writes articles as JSON Lines to `out` and their answers as TSV
/// (`url story copy_group lang`) to `truth`; returns how many.
fn write(items: &[(u64, Generated)], out: &Path, truth: &Path) -> std::io::Result<usize> {
    let mut o = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut tr = std::io::BufWriter::new(std::fs::File::create(truth)?);
    for (_, g) in items {
        let rec = serde_json::json!({"url": g.url, "html": g.html, "published": g.published, "source": "generated"});
        writeln!(o, "{rec}")?;
        writeln!(tr, "{}\t{}\t{}\t{}", g.url, g.story, g.copy_group, g.lang)?;
    }
    o.flush()?;
    tr.flush()?;
    Ok(items.len())
}

/// ISO date-time of a minute counted from 2025-12-01T00:00Z.
fn minute_iso(m: u64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2025, 12, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let t = base + chrono::TimeDelta::minutes(m as i64);
    t.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

/// One fact of the large story: phrasings with `{n}` where its number goes.
struct Fact {
    phrasings: [&'static str; 3],
    number: u32,
}

/// What the outlets of the large story report. Invented: an air crash at
/// an invented airport, told the way wires and papers tell such a story.
const FACTS: &[Fact] = &[
    Fact { phrasings: ["The airliner carrying {n} passengers crashed on landing at Velmora airport on Sunday morning.", "A passenger jet with {n} passengers on board crashed while landing at Velmora airport on Sunday.", "On Sunday morning an airliner with {n} passengers aboard crashed as it landed at Velmora airport."], number: 181 },
    Fact { phrasings: ["Rescue officials said {n} people were killed in the crash.", "At least {n} people died in the crash, rescue officials said.", "The crash killed {n} people, according to rescue officials."], number: 179 },
    Fact { phrasings: ["Two crew members were pulled alive from the tail section of the wreckage.", "Rescuers pulled two surviving crew members from the wreckage of the tail.", "Two flight attendants survived and were rescued from the tail section."], number: 2 },
    Fact { phrasings: ["The plane skidded off the runway and slammed into a concrete wall before bursting into flames.", "After skidding off the runway, the aircraft hit a concrete barrier and caught fire.", "The jet overran the runway, struck a concrete wall and burst into flames."], number: 0 },
    Fact { phrasings: ["The flight had taken off from Borvik with {n} crew members.", "It had departed from Borvik carrying {n} crew.", "The aircraft left Borvik with a crew of {n}."], number: 6 },
    Fact { phrasings: ["Investigators are examining whether a bird strike disabled the landing gear.", "Officials are investigating whether a collision with birds caused the landing gear to fail.", "A bird strike that may have damaged the landing gear is under investigation."], number: 0 },
    Fact { phrasings: ["The control tower warned the pilots of a bird strike minutes before the crash.", "Minutes before the crash, air traffic controllers warned the crew about birds.", "Controllers issued a bird strike warning to the pilots shortly before the accident."], number: 0 },
    Fact { phrasings: ["The pilot declared a mayday and attempted a second landing from the opposite direction.", "After declaring a mayday, the pilot tried to land again from the other end of the runway.", "The crew called mayday and made a second approach from the opposite direction."], number: 0 },
    Fact { phrasings: ["The acting president declared seven days of national mourning.", "A seven-day national mourning period was declared by the acting president.", "The country will observe seven days of national mourning, the acting president said."], number: 7 },
    Fact { phrasings: ["Most of the passengers were returning from holidays abroad, officials said.", "Officials said most passengers were travellers returning from holidays overseas.", "The passengers were mostly tourists coming home from trips abroad."], number: 0 },
    Fact { phrasings: ["The black boxes were recovered on Monday and sent to the national accident board.", "Both flight recorders were found on Monday and handed to accident investigators.", "Investigators recovered the two flight recorders on Monday."], number: 0 },
    Fact { phrasings: ["The airline's chief executive bowed in apology at a news conference in Borvik.", "At a news conference in Borvik, the airline's chief executive apologised.", "The head of the airline made a public apology at a press conference in Borvik."], number: 0 },
    Fact { phrasings: ["The aircraft was {n} years old and had passed its last inspection in November.", "The {n}-year-old plane had been inspected in November, the airline said.", "Records show the plane, built {n} years ago, passed an inspection in November."], number: 15 },
    Fact { phrasings: ["Families of the victims gathered at the airport terminal waiting for news.", "Relatives of the passengers waited for hours in the airport terminal.", "Grieving families crowded into the terminal as they waited for information."], number: 0 },
    Fact { phrasings: ["The transport ministry ordered emergency inspections of all {n} planes of the same model.", "Emergency safety checks were ordered on all {n} aircraft of the same type.", "The ministry said all {n} jets of that model would undergo emergency inspections."], number: 101 },
    Fact { phrasings: ["About {n} firefighters and rescue workers were deployed to the site.", "Some {n} rescue workers and firefighters were sent to the scene.", "Authorities deployed about {n} firefighters and rescuers to the crash site."], number: 1500 },
    Fact { phrasings: ["The runway at Velmora airport will remain closed until January 7.", "Velmora airport's runway is to stay closed until January 7.", "Officials said the runway would not reopen before January 7."], number: 0 },
    Fact { phrasings: ["It is the deadliest air disaster in the country in more than {n} years.", "The crash is the country's worst aviation accident in over {n} years.", "No air disaster in the country has killed more people in {n} years."], number: 25 },
];

const SPEAKERS: &[(&str, &str)] = &[
    ("Mira Solend", "the airport's fire chief"),
    ("Tomas Brevik", "the transport minister"),
    ("Ana Kovel", "an aviation safety analyst"),
    ("Jon Halder", "the airline's chief executive"),
];

const QUOTES: &[&str] = &[
    "We are doing everything we can to identify the victims",
    "The collision with birds is one possibility we are looking at",
    "It is too early to say what caused the landing gear to fail",
    "We deeply apologise to the families of the victims",
    "The crew had only minutes to react",
];

/// Words an outlet's own lines are made of: each outlet adds lines no
/// other outlet has (single-source claims).
const OWN: &[&str] = &[
    "local",
    "residents",
    "described",
    "hearing",
    "loud",
    "bang",
    "smoke",
    "rising",
    "over",
    "fields",
    "nearby",
    "village",
    "school",
    "opened",
    "gym",
    "shelter",
    "volunteers",
    "brought",
    "food",
    "blankets",
    "church",
    "held",
    "vigil",
    "evening",
    "mayor",
    "cancelled",
    "year-end",
    "festival",
    "shops",
    "closed",
    "early",
    "traffic",
    "diverted",
    "highway",
    "hospital",
    "doctors",
    "overtime",
    "students",
    "donated",
    "blood",
    "candles",
    "flowers",
    "fence",
    "reporters",
    "waited",
    "gate",
    "weather",
    "clear",
    "wind",
    "light",
    "morning",
];

/// One large story told by `n` independent outlets (with wire copies on top,
/// one for every fourth outlet): each reports a subset of [`FACTS`] in one
/// of three phrasings, one outlet in ten with a different figure for a
/// counted fact, some quotes of [`SPEAKERS`], and lines of its own. Written
/// as JSON Lines with the answers (all one story; copy groups) beside it.
pub fn generate_story(n: usize, seed: u64, out: &Path, truth: &Path) -> std::io::Result<usize> {
    let mut rng = Rng::new(seed ^ 0x5354_4f52_5921);
    let mut items: Vec<(u64, Generated)> = Vec::new();
    let mut serial = 0u64;
    for k in 0..n {
        serial += 1;
        let original = serial;
        let t = rng.below(2 * 1440) as u64;
        let mut paras: Vec<String> = Vec::new();
        let mut facts: Vec<usize> = (0..FACTS.len()).filter(|_| rng.chance(0.6)).collect();
        if facts.is_empty() {
            facts.push(0);
        }
        for &f in &facts {
            let fact = &FACTS[f];
            let mut number = fact.number;
            if number > 2 && rng.chance(0.1) {
                number = number + 1 + rng.below(5) as u32;
            }
            let mut p = rng
                .pick(&fact.phrasings)
                .replace("{n}", &number.to_string());
            if rng.chance(0.2) {
                let (who, role) = rng.pick(SPEAKERS);
                p.push_str(&format!(" “{},” said {who}, {role}.", rng.pick(QUOTES)));
            }
            paras.push(p);
        }
        for _ in 0..1 + rng.below(3) {
            let words: Vec<&str> = (0..10 + rng.below(8)).map(|_| *rng.pick(OWN)).collect();
            let mut line = words.join(" ");
            line.push('.');
            let at = rng.below(paras.len() + 1);
            paras.insert(at, capitalised(&line));
        }
        let title = format!(
            "{} killed as airliner crashes at Velmora airport",
            FACTS[1].number
        );
        let push = |items: &mut Vec<(u64, Generated)>,
                    rng: &mut Rng,
                    outlet: &str,
                    serial: u64,
                    t: u64,
                    paras: &[String]| {
            let date = minute_iso(t);
            items.push((
                t,
                Generated {
                    url: format!("https://outlet{k}.example/crash/{serial}"),
                    published: date.clone(),
                    html: page(rng, outlet, "en", &title, &date, paras),
                    story: 1,
                    copy_group: original,
                    lang: "en",
                },
            ));
        };
        push(
            &mut items,
            &mut rng,
            &format!("Outlet {k}"),
            serial,
            t,
            &paras,
        );
        if k % 4 == 0 {
            serial += 1;
            let mut copy = paras.clone();
            copy.push("This story was distributed by a news agency.".into());
            let reprint = format!("Reprint {k}");
            push(&mut items, &mut rng, &reprint, serial, t + 30, &copy);
        }
    }
    items.sort_by_key(|(t, g)| (*t, g.url.clone()));
    write(&items, out, truth)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
