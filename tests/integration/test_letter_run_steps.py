"""The steps of a bulk letter run, on SQLite and PostgreSQL: select, issue (database),
render (file only), record.

The renderer the service is given is the real one, wrapped: the wrapper watches every
statement the engine sends while a batch of letters is being drawn, or makes a batch fail.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from ppdesk.adapters.db.models import ParentPin, PinDisclosure
from ppdesk.domain.letters import LetterData
from ppdesk.domain.roles import Role
from ppdesk.services import letters
from tests.support.family import make_family
from tests.support.seed import staff_with_role


class PrinterJam(RuntimeError):
    pass


class WatchedWriter:
    """The real ``LetterWriter``, noting what it is handed and what the database hears
    while it draws."""

    def __init__(self, real: Any, spy: WatchedLetters) -> None:
        self.real, self.spy = real, spy

    @property
    def cancelled(self) -> bool:
        return bool(self.real.cancelled)

    @property
    def result(self) -> Any:
        return self.real.result

    def add(self, batch: Sequence[LetterData]) -> bool:
        self.spy.batches.append(list(batch))
        if len(self.spy.batches) == self.spy.fail_on_batch:
            raise PrinterJam("the printer jammed")  # no PIN in this text
        self.spy.drawing = True
        try:
            return bool(self.real.add(batch))
        finally:
            self.spy.drawing = False
            self.spy.between.append([])


class WatchedLetters:
    """``ctx.files.letters`` with ``open_letters`` watched; the rest is the real adapter."""

    def __init__(self, real: Any, fail_on_batch: int | None = None) -> None:
        self.real, self.fail_on_batch = real, fail_on_batch
        self.batches: list[list[LetterData]] = []
        self.drawing = False
        self.while_drawing: list[str] = []  # statements sent while a batch was drawn
        # statements sent before the first batch, between two batches, after the last
        self.between: list[list[str]] = [[]]

    def heard(self, statement: str) -> None:
        if self.drawing:
            self.while_drawing.append(statement)
        else:
            self.between[-1].append(statement)

    @contextlib.contextmanager
    def open_letters(self, path: Path | str, **kwargs: Any) -> Iterator[WatchedWriter]:
        with self.real.open_letters(path, **kwargs) as real:
            yield WatchedWriter(real, self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class WatchedFiles:
    def __init__(self, real: Any, letters_port: WatchedLetters) -> None:
        self.real, self.letters = real, letters_port

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def watched(app, runtime):
    """A context whose renderer is watched, and the watcher; three homerooms, one verified
    guardian each, no PIN yet."""
    for first, grade, room in (
        ("Ana", "K", "Rm 3 - Mrs. Choi"),
        ("Bruno", "4", "Rm 12 - Ms. Park"),
        ("Carla", "5", "Rm 20 - Mr. Lee"),
    ):
        make_family(app, first=first, last="Example", grade=grade, homeroom=room, guardians=1)

    def make(fail_on_batch: int | None = None) -> tuple[Any, WatchedLetters]:
        spy = WatchedLetters(app.files.letters, fail_on_batch)
        ctx = dataclasses.replace(app, files=WatchedFiles(app.files, spy))
        spy_ref.append(spy)
        return ctx, spy

    spy_ref: list[WatchedLetters] = []

    def listener(conn, cursor, statement, parameters, context, executemany) -> None:
        for spy in spy_ref:
            spy.heard(" ".join(statement.split()).lower())

    event.listen(runtime.engine, "before_cursor_execute", listener)
    yield make
    event.remove(runtime.engine, "before_cursor_execute", listener)


def pin_rows(runtime) -> list[Any]:
    with runtime.engine.connect() as conn:
        return list(conn.execute(select(ParentPin)))


def disclosures(runtime) -> list[Any]:
    with runtime.engine.connect() as conn:
        return list(conn.execute(select(PinDisclosure)))


def inserts_of_pins(statements: list[str]) -> int:
    return sum(s.startswith("insert into parent_pin ") for s in statements)


def test_each_homeroom_is_issued_then_drawn_and_drawing_sends_no_statement(
    app, runtime, watched, tmp_path
) -> None:
    ctx, spy = watched()
    principal = staff_with_role(app, Role.PRINCIPAL)
    result = letters.bulk_letters(ctx, principal, tmp_path / "run.pdf")
    assert (result.letters, result.new_pins) == (3, 3)
    # Render: the writer is handed letters only, one homeroom per call, and while it
    # draws the database hears nothing at all (it has no unit of work to write with).
    assert [[type(x) for x in b] for b in spy.batches] == [[LetterData]] * 3
    assert [b[0].homeroom for b in spy.batches] == [
        "Rm 3 - Mrs. Choi",
        "Rm 12 - Ms. Park",
        "Rm 20 - Mr. Lee",
    ]
    assert spy.while_drawing == []
    # Issue: each homeroom's PIN is inserted just before that homeroom is drawn.
    assert [inserts_of_pins(s) for s in spy.between[:3]] == [1, 1, 1]
    assert inserts_of_pins(spy.between[3]) == 0  # the record step inserts disclosures only
    held = [r for r in pin_rows(runtime) if r.bulk_run == result.run_id]
    assert len(held) == 3


def test_a_renderer_failure_mid_run_leaves_no_pin_no_disclosure_and_no_file(
    app, runtime, watched, tmp_path
) -> None:
    ctx, spy = watched(fail_on_batch=2)  # the second homeroom jams
    principal = staff_with_role(app, Role.PRINCIPAL)
    folder = tmp_path / "letters"
    folder.mkdir()
    out = folder / "jam.pdf"
    with pytest.raises(PrinterJam):
        letters.bulk_letters(ctx, principal, out)
    # The first homeroom's PIN and the second's had been written when the printer jammed...
    assert inserts_of_pins([s for b in spy.between for s in b]) == 2
    assert len(spy.batches) == 2
    # ...and the run's transaction took them back with it: nothing issued, nothing printed.
    assert pin_rows(runtime) == [] and disclosures(runtime) == []
    assert list(folder.iterdir()) == []  # neither the file nor its staging file
    with app.uow(readonly=True) as uow:
        assert list(uow.audit.query(action="pin_bulk_issue")) == []
        # as before the steps were split: the error reaches the caller, no run row
        assert list(uow.audit.query(action="letters_bulk")) == []
    # The next run issues every letter's PIN afresh.
    again = letters.bulk_letters(app, principal, out)
    assert (again.letters, again.new_pins, again.reused_pins) == (3, 3, 0)
