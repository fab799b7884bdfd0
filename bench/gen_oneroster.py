"""Generate a big synthetic OneRoster 1.1 export, and optionally time parsing it.

    python bench/gen_oneroster.py OUT_DIR [--students 100000] [--guardians 1.8]
                                          [--seed 7] [--zip] [--parse] [--verified-from-role]

Writes manifest, orgs, users, demographics, classes, enrollments and ppdesk's
emergency_contacts.csv: one homeroom (and teacher) per 25 students, 500 students per
school, about ``--guardians`` guardians per student linked in both directions, a
ppdesk verified flag on most guardians. Every name is invented. ``--parse`` then reads
the set with ``read_oneroster`` and prints the time, the counts and the peak memory.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Iris",
    "Jonah",
    "Kira",
    "Luis",
    "Mina",
    "Nico",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yara",
    "Zane",
    "Amara",
    "Bruno",
    "Celia",
    "Dario",
    "Esme",
    "Felix",
    "Gia",
    "Hana",
    "Ivo",
    "Jada",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
]
LAST = [
    "Alvarado",
    "Brightwater",
    "Castellan",
    "Delacroix",
    "Estrada",
    "Fairbanks",
    "Gallardo",
    "Holloway",
    "Ibarra",
    "Jaramillo",
    "Kowalczyk",
    "Lindqvist",
    "Montoya",
    "Nakamura",
    "Okonkwo",
    "Palacios",
    "Quintero",
    "Rosales",
    "Sandoval",
    "Tamayo",
    "Underhill",
    "Valdivia",
    "Whitcombe",
    "Xiong",
    "Yamamoto",
    "Zamora",
]
USER_HEADER = [
    "sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role",
    "username", "userIds", "givenName", "familyName", "middleName", "identifier", "email",
    "sms", "phone", "agentSourcedIds", "grades", "password",
    "metadata.ppdesk.verifiedLegalGuardian", "metadata.ppdesk.relationship",
    "metadata.ppdesk.address",
]  # fmt: skip
GRADES = ["TK", "KG", *(f"{n:02d}" for n in range(1, 13))]


def _phone(rng: random.Random) -> str:
    return f"(213) 555-{rng.randrange(10000):04d}"


def generate(out: Path, students: int, per_student: float, seed: int) -> dict[str, int]:
    """Write the CSV files into ``out``; return row counts."""
    rng = random.Random(seed)  # synthetic data only: reproducible on purpose
    out.mkdir(parents=True, exist_ok=True)
    n_schools = max(1, students // 500)
    n_rooms = max(1, students // 25)
    when = "2024-08-01T00:00:00Z"
    counts = {"students": students, "teachers": n_rooms, "schools": n_schools}

    def writer(name: str, header: list[str]):  # type: ignore[no-untyped-def]
        handle = (out / name).open("w", newline="", encoding="utf-8")
        w = csv.writer(handle, lineterminator="\r\n")
        w.writerow(header)
        return handle, w

    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["propertyName", "value"])
        w.writerows([["manifest.version", "1.0"], ["oneroster.version", "1.1"]])
        for stem in ("orgs", "users", "demographics", "classes", "enrollments"):
            w.writerow([f"file.{stem}", "bulk"])
        for stem in ("academicSessions", "categories", "courses", "lineItems", "results"):
            w.writerow([f"file.{stem}", "absent"])

    handle, w = writer(
        "orgs.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "name",
            "type",
            "identifier",
            "parentSourcedId",
            "metadata.ppdesk.phone",
        ],
    )
    w.writerow(["dist", "active", when, "Synthetic Unified", "district", "SUSD", "", ""])
    w.writerow(["ld-1", "active", when, "Local District One", "local", "LD1", "dist", ""])
    for s in range(n_schools):
        w.writerow(
            [
                f"sch-{s}",
                "active",
                when,
                f"{rng.choice(LAST)} School {s}",
                "school",
                f"{s:04d}",
                "ld-1",
                _phone(rng),
            ]
        )
    handle.close()

    users, uw = writer("users.csv", USER_HEADER)
    demo, dw = writer("demographics.csv", ["sourcedId", "status", "dateLastModified", "birthDate"])
    classes, cw = writer(
        "classes.csv",
        ["sourcedId", "status", "dateLastModified", "title", "classType", "schoolSourcedId"],
    )
    enrol, ew = writer(
        "enrollments.csv",
        [
            "sourcedId",
            "status",
            "dateLastModified",
            "classSourcedId",
            "userSourcedId",
            "role",
            "primary",
        ],
    )
    contacts, xw = writer(
        "emergency_contacts.csv", ["studentSourcedId", "name", "phone", "relationship"]
    )
    blank = [""] * 5
    for t in range(n_rooms):
        school = f"sch-{t * n_schools // n_rooms}"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        uw.writerow(
            [
                f"t-{t}",
                "active",
                when,
                "true",
                school,
                "teacher",
                f"teacher{t}",
                "",
                first,
                last,
                "",
                f"T{t:06d}",
                f"teacher{t}@example.org",
                "",
                "",
                "",
                "",
                "",
                *blank[:3],
            ]
        )
        cw.writerow([f"hr-{t}", "active", when, f"Room {t}", "homeroom", school])
        ew.writerow([f"et-{t}", "active", when, f"hr-{t}", f"t-{t}", "teacher", "true"])
    guardian_total = 0
    base = date(2007, 1, 1)
    for i in range(students):
        room = i * n_rooms // students
        school = f"sch-{room * n_schools // n_rooms}"
        two = rng.random() < per_student - 1
        guardians = [f"g-{guardian_total + k}" for k in range(2 if two else 1)]
        guardian_total += len(guardians)
        last = rng.choice(LAST)
        street = f"{rng.randrange(1, 9999)} {rng.choice(LAST)} Street"
        address = f"{street}\nLos Angeles, CA 900{rng.randrange(10, 99)}"
        dob = base + timedelta(days=rng.randrange(365 * 14))
        uw.writerow(
            [
                f"s-{i}",
                "active",
                when,
                "true",
                school,
                "student",
                f"student{i}",
                "",
                rng.choice(FIRST),
                last,
                "",
                f"{i:09d}",
                f"student{i}@students.example.org",
                "",
                _phone(rng),
                ",".join(guardians),
                rng.choice(GRADES),
                "",
                "",
                "",
                address,
            ]
        )
        dw.writerow([f"s-{i}", "active", when, dob.isoformat()])
        ew.writerow([f"es-{i}", "active", when, f"hr-{room}", f"s-{i}", "student", "false"])
        xw.writerow([f"s-{i}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", _phone(rng), "Aunt"])
        for k, g in enumerate(guardians):
            uw.writerow(
                [
                    g,
                    "active",
                    when,
                    "true",
                    school,
                    "parent" if k == 0 else "guardian",
                    f"parent-{g}",
                    "",
                    rng.choice(FIRST),
                    last,
                    "",
                    "",
                    f"{g}@example.net",
                    _phone(rng),
                    _phone(rng),
                    f"s-{i}",
                    "",
                    "",
                    "true" if rng.random() < 0.9 else "false",
                    "Mother" if k == 0 else "Father",
                    "",
                ]
            )
            dw.writerow([g, "active", when, (base - timedelta(days=9000 + i % 5000)).isoformat()])
    for handle in (users, demo, classes, enrol, contacts):
        handle.close()
    counts["guardians"] = guardian_total
    return counts


def _zip(folder: Path) -> Path:
    target = folder.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for child in sorted(folder.glob("*.csv")):
            archive.write(child, child.name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--guardians", type=float, default=1.8, help="per student, 1.0-2.0")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--zip", action="store_true", help="also write OUT.zip and parse that")
    parser.add_argument("--parse", action="store_true", help="time read_oneroster afterwards")
    parser.add_argument("--verified-from-role", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    counts = generate(args.out, args.students, args.guardians, args.seed)
    print(f"generated {counts} in {time.perf_counter() - started:.1f} s -> {args.out}")
    source = _zip(args.out) if args.zip else args.out
    if not args.parse:
        return
    from ppdesk.adapters.sis.oneroster import read_oneroster

    started, cpu_started = time.perf_counter(), time.process_time()
    snapshot = read_oneroster(source, verified_from_role=args.verified_from_role)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"parsed {source.name} in {elapsed:.2f} s ({cpu:.2f} s CPU): "
        f"{len(snapshot.students)} students, "
        f"{len(snapshot.guardians)} guardians, {len(snapshot.links)} links, "
        f"{len(snapshot.staff)} staff, {len(snapshot.emergency_contacts)} emergency contacts, "
        f"{len(snapshot.errors)} errors, {len(snapshot.warnings)} warnings; "
        f"peak RSS {peak_mb:.0f} MB"
    )
    for problem in snapshot.problems[:10]:
        print("  ", problem)


if __name__ == "__main__":
    main()
