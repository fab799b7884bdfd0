"""One rule for choosing a grade and a homeroom: letters, the roster and every report.

What staff type is matched against what the school has, case and accents ignored:

* a grade as the SIS writes it or as people say it ("4", "4th", "K", "TK");
* a homeroom by its name or its teacher's name ("Rm 12", "Kowalski"): an exact match
  first, else a unique beginning, else a unique part.

Several matches is an error naming them; no match is an error naming what the school has.
A selection never quietly gives an empty file. Pure standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ppdesk.domain.errors import ValidationError
from ppdesk.domain.matching import parse_grade
from ppdesk.domain.text import fold

# (grade, homeroom, teacher's name) of each class of the schools in scope.
ClassRow = tuple[str, str | None, str | None]


def pick(what: str, typed: str, values: Sequence[str], where: str = "at this school") -> str:
    """Exact (case and accents ignored), else a unique beginning, else a unique part."""
    term = fold(typed)
    tests: tuple[Callable[[str], bool], ...] = (
        lambda v: fold(v) == term,
        lambda v: fold(v).startswith(term),
        lambda v: term in fold(v),
    )
    for test in tests:
        hits = sorted({v for v in values if test(v)})
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ValidationError(
                "selection.ambiguous", typed=typed, what=what, hits=", ".join(hits[:8]), field=what
            )
    known = ", ".join(sorted(set(values))[:12]) or "none"
    raise ValidationError(
        "selection.unknown", what=what, typed=typed, where=where, known=known, field=what
    )


def grades_meaning(typed: str, stored: Iterable[str], where: str = "at this school") -> list[str]:
    """The stored grade values ``typed`` means ("4th" -> ["4"]); none is an error."""
    code = parse_grade(typed)
    found = sorted(
        {g for g in stored if (code and parse_grade(g) == code) or fold(g) == fold(typed)}
    )
    if not found:
        raise ValidationError(
            "selection.grade_empty", grade=typed.strip(), where=where, field="grade"
        )
    return found


def homeroom_meaning(typed: str, classes: Iterable[ClassRow], where: str = "at this school") -> str:
    """The stored homeroom name ``typed`` means: by the room's name or its teacher's."""
    by_label: dict[str, set[str]] = {}
    for _, room, teacher in classes:
        if room:
            by_label.setdefault(room, set()).add(room)
            if teacher:
                by_label.setdefault(teacher, set()).add(room)
    term = fold(typed)
    tests: tuple[Callable[[str], bool], ...] = (
        lambda v: fold(v) == term,
        lambda v: fold(v).startswith(term),
        lambda v: term in fold(v),
    )
    for test in tests:
        rooms = sorted({r for label, found in by_label.items() if test(label) for r in found})
        if len(rooms) == 1:
            return rooms[0]
        if len(rooms) > 1:
            raise ValidationError(
                "selection.homeroom_ambiguous",
                typed=typed,
                rooms=", ".join(rooms[:8]),
                field="homeroom",
            )
    known = ", ".join(sorted({r for found in by_label.values() for r in found})[:12]) or "none"
    raise ValidationError(
        "selection.homeroom_unknown", typed=typed, where=where, known=known, field="homeroom"
    )


def resolve(
    grade: str | None, homeroom: str | None, classes: Sequence[ClassRow], where: str
) -> tuple[list[str] | None, str | None]:
    """The stored grades and homeroom a typed grade and homeroom mean (see the module)."""
    grades = grades_meaning(grade, (g for g, _, _ in classes), where) if grade else None
    room = None
    if homeroom:
        in_grade = [c for c in classes if grades is None or c[0] in grades]
        room = homeroom_meaning(homeroom, in_grade, where)
    return grades, room
