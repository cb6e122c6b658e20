"""A realistic HR export of a municipality, built deterministically (about 300 people).

`python -m tests.admin.hrdata` rewrites `fixtures/hr_export.csv` (Windows-1252, `;`), the file the
tests import; `to_csv` writes the same rows in any encoding and separator.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

HEADERS = [
    "Anställningsnummer",
    "Förnamn",
    "Efternamn",
    "E-post",
    "Förvaltning",
    "Enhet",
    "Befattning",
    "Nyckelperson",
    "Funktion",
    "Chefens e-post",
]
FIXTURE = Path(__file__).parent / "fixtures" / "hr_export.csv"

FIRST = ["Anna", "Björn", "Cecilia", "David", "Elin", "Fredrik", "Greta", "Håkan", "Ingrid",
         "Johan", "Karin", "Lars", "Maria", "Nils", "Olivia", "Per", "Rut", "Sven", "Tove",
         "Ulf", "Vera", "Åsa", "Ärla", "Örjan", "Zeynep", "Mohammed", "Amira", "Jukka"]  # fmt: skip
LAST = ["Andersson", "Berg", "Carlsson", "Dahl", "Ek", "Forsberg", "Gustafsson", "Holm",
        "Isaksson", "Johansson", "Karlsson", "Lindqvist", "Mattsson", "Nilsson", "Olsson",
        "Persson", "Ström", "Svensson", "Törnqvist", "Åberg", "Öberg", "Yilmaz", "Virtanen"]  # fmt: skip
# department -> units (a path with " > " for a unit below another), titles, key function
ORGANISATION = {
    "Utbildningsförvaltningen": (
        ["Grundskolor > Söderskolan", "Grundskolor > Norrskolan", "Grundskolor > Västerskolan",
         "Gymnasiet", "Elevhälsan"],
        ["Lärare", "Förskollärare", "Fritidspedagog", "Skolkurator", "Skolsköterska"],
        "Rektor",
    ),
    "Omsorgs- och socialförvaltningen": (
        ["Barn och unga", "Försörjningsstöd", "Missbruk och beroende"],
        ["Socialsekreterare", "Behandlare", "Handläggare"],
        "Enhetschef",
    ),
    "Kultur- och fritidsförvaltningen": (
        ["Fritidsgårdar", "Bibliotek", "Fältgruppen"],
        ["Fritidsledare", "Bibliotekarie", "Fältsekreterare"],
        "Fritidschef",
    ),
    "Samhällsbyggnadsförvaltningen": (
        ["Lokalförsörjning", "Gata och park"],
        ["Fastighetsförvaltare", "Parkarbetare", "Handläggare"],
        "Avdelningschef",
    ),
}  # fmt: skip


def people(seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    number = 10000
    used: set[str] = set()
    for dept, (units, titles, head_title) in ORGANISATION.items():
        for unit in units:
            size = rng.randint(14, 30)
            manager_email = ""
            for i in range(size):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                local = f"{first}.{last}".lower()
                for a, b in (("å", "a"), ("ä", "a"), ("ö", "o")):
                    local = local.replace(a, b)
                email = f"{local}@kommun.example"
                n = 2
                while email in used:
                    email, n = f"{local}{n}@kommun.example", n + 1
                used.add(email)
                number += rng.randint(1, 9)
                head = i == 0
                key = head or rng.random() < 0.15
                rows.append(
                    {
                        "Anställningsnummer": str(number),
                        "Förnamn": first,
                        "Efternamn": last,
                        "E-post": email,
                        "Förvaltning": dept,
                        "Enhet": unit,
                        "Befattning": head_title if head else rng.choice(titles),
                        "Nyckelperson": "Ja" if key else "Nej",
                        "Funktion": (head_title if head else rng.choice(titles)) if key else "",
                        "Chefens e-post": "" if head else manager_email,
                    }
                )
                if head:
                    manager_email = email
    return rows


def to_csv(rows: list[dict[str, str]], encoding: str = "cp1252", delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADERS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


if __name__ == "__main__":
    FIXTURE.write_bytes(to_csv(people()))
    print(f"{FIXTURE}: {len(people())} people")
