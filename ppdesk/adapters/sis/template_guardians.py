"""The Guardians sheet: one row per student and guardian, merged into guardians and links.

Office staff keep one row per child, so a parent of two children appears twice with the
same Guardian ID. The person's details may be repeated or left blank on the further
rows; two rows giving different details for one Guardian ID are an error (which row is
right cannot be guessed). The relationship and the verified flag belong to the row:
they are per link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ppdesk.adapters.sis.problems import ProblemLog
from ppdesk.adapters.sis.template_cells import CellReader
from ppdesk.adapters.sis.values import clean_language
from ppdesk.domain import sis
from ppdesk.domain.text import digits_only, fold

VERIFIED = "Verified Parent/Legal Guardian"

_DETAILS: tuple[tuple[str, str, Any], ...] = (
    ("First Name", "first_name", sis.clean_name),
    ("Last Name", "last_name", sis.clean_name),
    ("Email", "email", sis.clean_email),
    ("Home Phone", "home_phone", sis.clean_phone),
    ("Work Phone", "work_phone", sis.clean_phone),
    ("Cell Phone", "cell_phone", sis.clean_phone),
    ("Preferred Language", "preferred_language", clean_language),
    ("Contact Preference", "contact_preference", sis.clean_short),
)
OPT_IN = "Text Opt-In"


def _same(attr: str, a: str | bool, b: str | bool) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if attr.endswith("phone"):
        return digits_only(a) == digits_only(b)
    if attr == "email":
        return a.casefold() == b.casefold()
    return fold(a) == fold(b)


@dataclass(slots=True)
class _Draft:
    line: int
    file: str
    labels: dict[str, str]
    values: dict[str, tuple[str | bool, int]] = field(default_factory=dict)
    failed: bool = False


class GuardianSheet:
    """Collects Guardians rows; ``result`` gives the merged guardians and their links."""

    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self.drafts: dict[str, _Draft] = {}
        self.links: dict[tuple[str, str], tuple[int, str | None, bool]] = {}
        #: The sheet has a Text Opt-In column: a guardian with no Yes on any row is No.
        self.has_opt_in = False
        #: After ``result``: the line of each guardian it gave, in its order.
        self.kept_lines: list[int] = []

    def add(self, cells: CellReader, student_of: Callable[[CellReader, str], str | None]) -> None:
        """Read one row; ``student_of`` checks its Student ID against the Students sheet."""
        guardian_id = cells.get("Guardian ID", sis.clean_id)
        details: dict[str, str | bool | None] = {
            attr: cells.get(header, rule) for header, attr, rule in _DETAILS
        }
        headers = [(header, attr) for header, attr, _ in _DETAILS]
        if cells.columns[OPT_IN][0] is not None:
            self.has_opt_in = True
            # A blank cell on a further row says nothing (as for the other details).
            blank = cells.raw(OPT_IN) in (None, "")
            details["text_opt_in"] = None if blank else cells.get(OPT_IN, sis.parse_flag)
            headers.append((OPT_IN, "text_opt_in"))
        relationship = cells.get("Relationship", sis.clean_short)
        verified = cells.get(VERIFIED, sis.parse_flag)
        details_failed = cells.check.failed
        student_id = student_of(cells, "Student ID")
        if guardian_id is None:
            return
        draft = self.drafts.get(guardian_id)
        if draft is None:
            labels = {h: cells.columns[h][1] for h, _ in headers}
            draft = _Draft(cells.line, cells.check.file, labels)
            self.drafts[guardian_id] = draft
        draft.failed |= details_failed
        for header, attr in headers:
            value = details[attr]
            if value is None:
                continue
            current = draft.values.get(attr)
            if current is None:
                draft.values[attr] = (value, cells.line)
            elif not _same(attr, current[0], value):
                draft.failed = True
                cells.check.error(
                    cells.columns[header][1],
                    f"Guardian ID {guardian_id} has a different {header} on row {current[1]}; "
                    "give one person's details the same way on every row.",
                )
        if student_id is None or verified is None or cells.check.failed:
            return
        key = (student_id, guardian_id)
        previous = self.links.get(key)
        if previous is None:
            self.links[key] = (cells.line, relationship, verified)
        elif previous[1:] == (relationship, verified):
            cells.check.warning(None, f"repeats row {previous[0]}; the repeat is ignored.")
        else:
            draft.failed = True
            cells.check.error(
                cells.columns[VERIFIED][1],
                f"student {student_id} and guardian {guardian_id} are also on row "
                f"{previous[0]} with a different relationship or verified flag.",
            )

    def result(
        self, student_ids: set[str]
    ) -> tuple[tuple[sis.SisGuardian, ...], tuple[sis.SisLink, ...]]:
        """The guardians without errors and their links to students that were kept."""
        guardians: list[sis.SisGuardian] = []
        kept: set[str] = set()
        for guardian_id, draft in self.drafts.items():
            for attr, header in (("first_name", "First Name"), ("last_name", "Last Name")):
                if attr not in draft.values and not draft.failed:
                    draft.failed = True
                    self.log.error(
                        draft.file,
                        f"Guardian ID {guardian_id} has no {header} on any row.",
                        line=draft.line,
                        column=draft.labels[header],
                    )
            if draft.failed:
                continue
            values: dict[str, Any] = {attr: value for attr, (value, _) in draft.values.items()}
            if self.has_opt_in:
                values.setdefault("text_opt_in", False)
            guardians.append(sis.SisGuardian(source_id=guardian_id, **values))
            self.kept_lines.append(draft.line)
            kept.add(guardian_id)
        links = tuple(
            sis.SisLink(student_id, guardian_id, relationship, verified)
            for (student_id, guardian_id), (_, relationship, verified) in self.links.items()
            if guardian_id in kept and student_id in student_ids
        )
        return tuple(guardians), links
