"""Generate a big synthetic OneRoster 1.1 export, and optionally time parsing it.

    python bench/gen_oneroster.py OUT_DIR [--students 100000] [--guardians 1.8]
                                          [--seed 7] [--zip] [--parse] [--verified-from-role]

Writes manifest, orgs, users, demographics, classes, enrollments and ppdesk's
emergency_contacts.csv (CRLF, like most SIS exports): 500 students per school, one
homeroom and teacher per 25 students, about ``--guardians`` guardians per student linked
in both directions, the ppdesk verified flag on each guardian, one emergency contact
per student, a two-line quoted address per student. Every name is invented.
``--parse`` then reads the set with ``read_oneroster`` and prints wall and CPU time,
the counts and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST = [
    *("Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Iris", "Jonah"),
    *("Kira", "Luis", "Mina", "Nico", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara"),
    *("Uma", "Victor", "Wen", "Ximena", "Yara", "Zane", "Amara", "Bruno", "Celia", "Dario"),
]
LAST = [
    *("Alvarado", "Brightwater", "Castellan", "Delacroix", "Estrada", "Fairbanks"),
    *("Gallardo", "Holloway", "Ibarra", "Jaramillo", "Kowalczyk", "Lindqvist", "Montoya"),
    *("Nakamura", "Okonkwo", "Palacios", "Quintero", "Rosales", "Sandoval", "Tamayo"),
    *("Underhill", "Valdivia", "Whitcombe", "Xiong", "Yamamoto", "Zamora"),
]
HEADERS = {
    "orgs.csv": "sourcedId status dateLastModified name type identifier parentSourcedId "
    "metadata.ppdesk.phone",
    "users.csv": "sourcedId status dateLastModified enabledUser orgSourcedIds role username "
    "userIds givenName familyName middleName identifier email sms phone agentSourcedIds "
    "grades password metadata.ppdesk.verifiedLegalGuardian metadata.ppdesk.relationship "
    "metadata.ppdesk.address metadata.ppdesk.studentPin",
    "demographics.csv": "sourcedId status dateLastModified birthDate",
    "classes.csv": "sourcedId status dateLastModified title classType schoolSourcedId",
    "enrollments.csv": "sourcedId status dateLastModified classSourcedId userSourcedId role "
    "primary",
    "emergency_contacts.csv": "studentSourcedId name phone relationship",
}
GRADES = ["TK", "KG", *(f"{n:02d}" for n in range(1, 13))]
WHEN = "2024-08-01T00:00:00Z"


class _Writers:
    """One csv writer per file; ``row(file, column=value, ...)`` fills blanks itself."""

    def __init__(self, out: Path) -> None:
        self._handles = {}
        self._writers = {}
        self._columns = {}
        for name, header in HEADERS.items():
            handle = (out / name).open("w", newline="", encoding="utf-8")
            self._handles[name] = handle
            self._writers[name] = csv.writer(handle, lineterminator="\r\n")
            self._columns[name] = header.split()
            self._writers[name].writerow(self._columns[name])

    def row(self, name: str, values: dict[str, str]) -> None:
        base = {"status": "active", "dateLastModified": WHEN}
        merged = base | values
        self._writers[name].writerow([merged.get(c, "") for c in self._columns[name]])

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()


@contextmanager
def _writers(out: Path) -> Iterator[_Writers]:
    writers = _Writers(out)
    try:
        yield writers
    finally:
        writers.close()


def _phone(rng: random.Random) -> str:
    return f"(213) 555-{rng.randrange(10000):04d}"


def _manifest(out: Path) -> None:
    rows = [["propertyName", "value"], ["manifest.version", "1.0"], ["oneroster.version", "1.1"]]
    rows += [[f"file.{s}", "bulk"] for s in ("orgs", "users", "demographics", "classes")]
    rows += [["file.enrollments", "bulk"]]
    rows += [[f"file.{s}", "absent"] for s in ("academicSessions", "courses", "results")]
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def generate(
    out: Path, students: int, per_student: float, seed: int, *, student_pins: bool = False
) -> dict[str, int]:
    """Write the CSV files into ``out``; return the counts.

    ``student_pins`` fills metadata.ppdesk.studentPin (six digits) for every student.
    """
    rng = random.Random(seed)  # synthetic data only: reproducible on purpose
    out.mkdir(parents=True, exist_ok=True)
    _manifest(out)
    n_schools, n_rooms = max(1, students // 500), max(1, students // 25)
    guardians = 0
    born = date(2007, 1, 1)
    with _writers(out) as w:
        w.row("orgs.csv", {"sourcedId": "dist", "name": "Synthetic USD", "type": "district"})
        w.row(
            "orgs.csv",
            {
                "sourcedId": "ld-1",
                "name": "Local District One",
                "type": "local",
                "parentSourcedId": "dist",
            },
        )
        for s in range(n_schools):
            w.row(
                "orgs.csv",
                {
                    "sourcedId": f"sch-{s}",
                    "name": f"{rng.choice(LAST)} School {s}",
                    "type": "school",
                    "identifier": f"{s:04d}",
                    "parentSourcedId": "ld-1",
                    "metadata.ppdesk.phone": _phone(rng),
                },
            )
        for t in range(n_rooms):
            school = f"sch-{t * n_schools // n_rooms}"
            w.row(
                "users.csv",
                {
                    "sourcedId": f"t-{t}",
                    "enabledUser": "true",
                    "orgSourcedIds": school,
                    "role": "teacher",
                    "username": f"teacher{t}",
                    "givenName": rng.choice(FIRST),
                    "familyName": rng.choice(LAST),
                    "identifier": f"T{t:06d}",
                    "email": f"teacher{t}@example.org",
                },
            )
            w.row(
                "classes.csv",
                {
                    "sourcedId": f"hr-{t}",
                    "title": f"Room {t}",
                    "classType": "homeroom",
                    "schoolSourcedId": school,
                },
            )
            w.row(
                "enrollments.csv",
                {
                    "sourcedId": f"et-{t}",
                    "classSourcedId": f"hr-{t}",
                    "userSourcedId": f"t-{t}",
                    "role": "teacher",
                    "primary": "true",
                },
            )
        for i in range(students):
            room = i * n_rooms // students
            school = f"sch-{room * n_schools // n_rooms}"
            count = 2 if rng.random() < per_student - 1 else 1
            ids = [f"g-{guardians + k}" for k in range(count)]
            guardians += count
            last = rng.choice(LAST)
            street = f"{rng.randrange(1, 9999)} {rng.choice(LAST)} Street"
            w.row(
                "users.csv",
                {
                    "sourcedId": f"s-{i}",
                    "enabledUser": "true",
                    "orgSourcedIds": school,
                    "role": "student",
                    "username": f"student{i}",
                    "givenName": rng.choice(FIRST),
                    "familyName": last,
                    "identifier": f"{i:09d}",
                    "email": f"student{i}@students.example.org",
                    "phone": _phone(rng),
                    "agentSourcedIds": ",".join(ids),
                    "grades": rng.choice(GRADES),
                    "metadata.ppdesk.address": f"{street}\nLos Angeles, CA 90012",
                    "metadata.ppdesk.studentPin": f"{rng.randrange(10**6):06d}"
                    if student_pins
                    else "",
                },
            )
            birth = born + timedelta(days=rng.randrange(365 * 14))
            w.row("demographics.csv", {"sourcedId": f"s-{i}", "birthDate": birth.isoformat()})
            w.row(
                "enrollments.csv",
                {
                    "sourcedId": f"es-{i}",
                    "classSourcedId": f"hr-{room}",
                    "userSourcedId": f"s-{i}",
                    "role": "student",
                    "primary": "false",
                },
            )
            w.row(
                "emergency_contacts.csv",
                {
                    "studentSourcedId": f"s-{i}",
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "phone": _phone(rng),
                    "relationship": "Aunt",
                },
            )
            for k, gid in enumerate(ids):
                w.row(
                    "users.csv",
                    {
                        "sourcedId": gid,
                        "enabledUser": "true",
                        "orgSourcedIds": school,
                        "role": "parent" if k == 0 else "guardian",
                        "username": f"parent-{gid}",
                        "givenName": rng.choice(FIRST),
                        "familyName": last,
                        "email": f"{gid}@example.net",
                        "sms": _phone(rng),
                        "phone": _phone(rng),
                        "agentSourcedIds": f"s-{i}",
                        "metadata.ppdesk.verifiedLegalGuardian": "true"
                        if rng.random() < 0.9
                        else "false",
                        "metadata.ppdesk.relationship": "Mother" if k == 0 else "Father",
                    },
                )
                adult = born - timedelta(days=9000 + rng.randrange(5000))
                w.row("demographics.csv", {"sourcedId": gid, "birthDate": adult.isoformat()})
    return {"schools": n_schools, "teachers": n_rooms, "students": students, "guardians": guardians}


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
    parser.add_argument("--student-pins", action="store_true", help="fill studentPin")
    args = parser.parse_args()

    started = time.perf_counter()
    counts = generate(
        args.out, args.students, args.guardians, args.seed, student_pins=args.student_pins
    )
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
        f"{len(snapshot.students)} students, {len(snapshot.guardians)} guardians, "
        f"{len(snapshot.links)} links, {len(snapshot.staff)} staff, "
        f"{len(snapshot.emergency_contacts)} emergency contacts, "
        f"{len(snapshot.errors)} errors, {len(snapshot.warnings)} warnings; "
        f"peak RSS {peak_mb:.0f} MB"
    )
    for problem in snapshot.problems[:10]:
        print("  ", problem)
    if not args.zip:
        # A yardstick for other machines and loads: the bare csv module on the same files.
        cpu_started = time.process_time()
        for path in sorted(args.out.glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as handle:
                for _ in csv.reader(handle):
                    pass
        bare = time.process_time() - cpu_started
        print(f"bare csv.reader over the same files: {bare:.2f} s CPU ({cpu / bare:.1f}x)")


if __name__ == "__main__":
    main()
