"""Regenerate data/countries.csv (run by hand; not imported by the app).

Names come from pycountry (ISO 3166-1 and its Korean translation) with overrides
where the ISO form is not what a reader says ("Korea, Republic of" -> "South Korea",
대한민국 -> 한국). Capital coordinates are rounded to two decimals (about 1 km): they only
anchor map arcs and points, never a figure.

On 2026-12-07 every capital was checked against Natural Earth's 1:110m populated places
(public domain; release 5.1.1 as geopandas took it in commit b7ddddb), the copy shipped in
geopandas/geopandas@60c9773e44fff8a35344c2a74431e00c5546a4ee (tag v0.14.4):
geopandas/datasets/naturalearth_cities/naturalearth_cities.shp, matched by city name: all are
within 15 km of its point (Conakry was 16 km off and now takes its point). Ramallah is not in
that file; it was checked against an older Natural Earth 1:50m release,
martynafford/natural-earth-geojson@0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e:
50m/cultural/ne_50m_populated_places_simple.json (under 1 km). Releases differ: the older one
puts Muscat at the old town, 19 km east of the point 5.1.1 and this table use.
"""

from __future__ import annotations

import csv
import gettext
from pathlib import Path

import pycountry

# iso3: (capital, lat, lon)
CAPITALS: dict[str, tuple[str, float, float]] = {
    "ALB": ("Tirana", 41.33, 19.82),
    "AFG": ("Kabul", 34.53, 69.17),
    "ARE": ("Abu Dhabi", 24.45, 54.38),
    "AUS": ("Canberra", -35.28, 149.13),
    "BEL": ("Brussels", 50.85, 4.35),
    "BGD": ("Dhaka", 23.81, 90.41),
    "BGR": ("Sofia", 42.70, 23.32),
    "BOL": ("Sucre", -19.04, -65.26),
    "BRA": ("Brasilia", -15.79, -47.88),
    "BHR": ("Manama", 26.23, 50.59),
    "BRN": ("Bandar Seri Begawan", 4.89, 114.94),
    "COD": ("Kinshasa", -4.32, 15.31),
    "FJI": ("Suva", -18.14, 178.44),
    "JOR": ("Amman", 31.95, 35.93),
    "KHM": ("Phnom Penh", 11.56, 104.92),
    "LAO": ("Vientiane", 17.98, 102.63),
    "LBR": ("Monrovia", 6.30, -10.80),
    "CAN": ("Ottawa", 45.42, -75.70),
    "CHE": ("Bern", 46.95, 7.45),
    "CHN": ("Beijing", 39.90, 116.41),
    "CIV": ("Yamoussoukro", 6.83, -5.29),
    "COL": ("Bogota", 4.71, -74.07),
    "CZE": ("Prague", 50.08, 14.44),
    "DEU": ("Berlin", 52.52, 13.40),
    "DNK": ("Copenhagen", 55.68, 12.57),
    "DOM": ("Santo Domingo", 18.49, -69.93),
    "DZA": ("Algiers", 36.75, 3.06),
    "ECU": ("Quito", -0.18, -78.47),
    "EGY": ("Cairo", 30.04, 31.24),
    "ESP": ("Madrid", 40.42, -3.70),
    "EST": ("Tallinn", 59.44, 24.75),
    "ETH": ("Addis Ababa", 9.03, 38.74),
    "FIN": ("Helsinki", 60.17, 24.94),
    "FRA": ("Paris", 48.86, 2.35),
    "GAB": ("Libreville", 0.42, 9.47),
    "GBR": ("London", 51.51, -0.13),
    "GHA": ("Accra", 5.60, -0.19),
    "GNQ": ("Malabo", 3.75, 8.78),
    "GRC": ("Athens", 37.98, 23.73),
    "GUY": ("Georgetown", 6.80, -58.16),
    "HRV": ("Zagreb", 45.81, 15.98),
    "HUN": ("Budapest", 47.50, 19.04),
    "IDN": ("Jakarta", -6.21, 106.85),
    "IND": ("New Delhi", 28.61, 77.21),
    "IRL": ("Dublin", 53.35, -6.26),
    "IRN": ("Tehran", 35.69, 51.39),
    "IRQ": ("Baghdad", 33.32, 44.37),
    "ISL": ("Reykjavik", 64.15, -21.94),
    "ISR": ("Jerusalem", 31.77, 35.21),
    "ITA": ("Rome", 41.90, 12.50),
    "JPN": ("Tokyo", 35.68, 139.69),
    "KAZ": ("Astana", 51.17, 71.45),
    "KEN": ("Nairobi", -1.29, 36.82),
    "KOR": ("Seoul", 37.57, 126.98),
    "KWT": ("Kuwait City", 29.38, 47.99),
    "LBN": ("Beirut", 33.89, 35.50),
    "LKA": ("Sri Jayawardenepura Kotte", 6.90, 79.92),
    "LTU": ("Vilnius", 54.69, 25.28),
    "LUX": ("Luxembourg", 49.61, 6.13),
    "LVA": ("Riga", 56.95, 24.11),
    "MAR": ("Rabat", 34.02, -6.83),
    "MEX": ("Mexico City", 19.43, -99.13),
    "MKD": ("Skopje", 42.00, 21.43),
    "MLT": ("Valletta", 35.90, 14.51),
    "MMR": ("Naypyidaw", 19.76, 96.08),
    "MNE": ("Podgorica", 42.44, 19.26),
    "MNG": ("Ulaanbaatar", 47.89, 106.91),
    "MOZ": ("Maputo", -25.97, 32.57),
    "MYS": ("Kuala Lumpur", 3.14, 101.69),
    "NER": ("Niamey", 13.51, 2.11),
    "NLD": ("Amsterdam", 52.37, 4.90),
    "NOR": ("Oslo", 59.91, 10.75),
    "NPL": ("Kathmandu", 27.72, 85.32),
    "NZL": ("Wellington", -41.29, 174.78),
    "OMN": ("Muscat", 23.59, 58.41),
    "PAK": ("Islamabad", 33.68, 73.05),
    "PAN": ("Panama City", 8.98, -79.52),
    "PER": ("Lima", -12.05, -77.04),
    "PHL": ("Manila", 14.60, 120.98),
    "PNG": ("Port Moresby", -9.44, 147.18),
    "POL": ("Warsaw", 52.23, 21.01),
    "PRK": ("Pyongyang", 39.04, 125.76),
    "PRT": ("Lisbon", 38.72, -9.14),
    "PSE": ("Ramallah", 31.90, 35.20),
    "QAT": ("Doha", 25.29, 51.53),
    "ROU": ("Bucharest", 44.43, 26.10),
    "RUS": ("Moscow", 55.76, 37.62),
    "SAU": ("Riyadh", 24.71, 46.68),
    "SEN": ("Dakar", 14.72, -17.47),
    "SGP": ("Singapore", 1.35, 103.82),
    "SLE": ("Freetown", 8.47, -13.23),
    "SOM": ("Mogadishu", 2.05, 45.32),
    "SVK": ("Bratislava", 48.15, 17.11),
    "SVN": ("Ljubljana", 46.06, 14.51),
    "SWE": ("Stockholm", 59.33, 18.07),
    "SYR": ("Damascus", 33.51, 36.29),
    "THA": ("Bangkok", 13.76, 100.50),
    "TLS": ("Dili", -8.56, 125.57),
    "TUN": ("Tunis", 36.81, 10.18),
    "TUR": ("Ankara", 39.93, 32.86),
    "TWN": ("Taipei", 25.03, 121.57),
    "UKR": ("Kyiv", 50.45, 30.52),
    "URY": ("Montevideo", -34.90, -56.16),
    "USA": ("Washington, D.C.", 38.91, -77.04),
    "VCT": ("Kingstown", 13.16, -61.22),
    "VNM": ("Hanoi", 21.03, 105.85),
    "YEM": ("Sanaa", 15.37, 44.19),
    "ZAF": ("Pretoria", -25.75, 28.19),
    # Members of the Security Council 1994-2016 that no other dataset names (the Council record).
    "AGO": ("Luanda", -8.84, 13.23),
    "ARG": ("Buenos Aires", -34.60, -58.38),
    "AUT": ("Vienna", 48.21, 16.37),
    "AZE": ("Baku", 40.41, 49.87),
    "BEN": ("Porto-Novo", 6.50, 2.60),
    "BFA": ("Ouagadougou", 12.37, -1.52),
    "BIH": ("Sarajevo", 43.86, 18.41),
    "BWA": ("Gaborone", -24.65, 25.91),
    "CHL": ("Santiago", -33.45, -70.67),
    "CMR": ("Yaounde", 3.85, 11.50),
    "COG": ("Brazzaville", -4.26, 15.24),
    "CRI": ("San Jose", 9.93, -84.08),
    "DJI": ("Djibouti", 11.59, 43.15),
    "GIN": ("Conakry", 9.53, -13.68),
    "GMB": ("Banjul", 13.45, -16.58),
    "GNB": ("Bissau", 11.86, -15.60),
    "GTM": ("Guatemala City", 14.63, -90.51),
    "HND": ("Tegucigalpa", 14.07, -87.19),
    "JAM": ("Kingston", 18.00, -76.79),
    "LBY": ("Tripoli", 32.89, 13.19),
    "MLI": ("Bamako", 12.64, -8.00),
    "MUS": ("Port Louis", -20.16, 57.50),
    "NAM": ("Windhoek", -22.56, 17.07),
    "NGA": ("Abuja", 9.08, 7.40),
    "RWA": ("Kigali", -1.94, 30.06),
    "TCD": ("N'Djamena", 12.13, 15.06),
    "TGO": ("Lome", 6.13, 1.22),
    "TZA": ("Dodoma", -6.16, 35.75),
    "UGA": ("Kampala", 0.35, 32.58),
    "VEN": ("Caracas", 10.48, -66.90),
}

NAME_EN: dict[str, str] = {
    "KOR": "South Korea",
    "BRN": "Brunei",
    "COD": "DR Congo",
    "PRK": "North Korea",
    "RUS": "Russia",
    "IRN": "Iran",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "BOL": "Bolivia",
    "PSE": "Palestine",
    "CIV": "Côte d'Ivoire",
    "CZE": "Czechia",
    "TUR": "Türkiye",
    "ARE": "United Arab Emirates",
    "MKD": "North Macedonia",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "COG": "Congo",
}

NAME_KO: dict[str, str] = {
    "KOR": "한국",
    "LAO": "라오스",
    "AUS": "호주",
    "BRN": "브루나이",
    "COD": "콩고민주공화국",
    "PRK": "북한",
    "RUS": "러시아",
    "IRN": "이란",
    "SYR": "시리아",
    "TWN": "대만",
    "BOL": "볼리비아",
    "GBR": "영국",
    "USA": "미국",
    "VCT": "세인트빈센트 그레나딘",
    "CZE": "체코",
    "TUR": "튀르키예",
    "MKD": "북마케도니아",
    "NLD": "네덜란드",
    "PSE": "팔레스타인",
    "DOM": "도미니카 공화국",
    "ZAF": "남아프리카 공화국",
    "CIV": "코트디부아르",
    "GNQ": "적도 기니",
    "TZA": "탄자니아",
    "VEN": "베네수엘라",
}


def rows() -> list[dict[str, object]]:
    ko = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"])
    out = []
    for iso3, (capital, lat, lon) in sorted(CAPITALS.items()):
        c = pycountry.countries.get(alpha_3=iso3)
        if c is None:
            raise SystemExit(f"{iso3}: not an ISO 3166-1 alpha-3 code")
        name_en = NAME_EN.get(iso3) or getattr(c, "common_name", None) or c.name
        name_ko = NAME_KO.get(iso3) or ko.gettext(c.name)
        out.append(
            {
                "iso3": iso3,
                "iso2": c.alpha_2,
                "name_en": name_en,
                "name_ko": name_ko,
                "capital": capital,
                "lat": lat,
                "lon": lon,
            }
        )
    return out


if __name__ == "__main__":
    path = Path(__file__).resolve().parents[1] / "data" / "countries.csv"
    data = rows()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(data[0]))
        w.writeheader()
        w.writerows(data)
    print(f"wrote {len(data)} rows to {path}")
