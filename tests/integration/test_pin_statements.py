"""How many statements and commits one counter ``issue_pin`` sends to the database.

Counted with SQLAlchemy's cursor and commit events, so the figure does not depend on the
machine's speed; a change that adds a round trip to every PIN fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from ppdesk.domain.roles import Role
from ppdesk.services import pins
from tests.support.family import make_family
from tests.support.flows import verify, verify_and_issue
from tests.support.seed import staff_with_role


@contextmanager
def _counted(engine: Any) -> Iterator[tuple[list[str], list[int]]]:
    statements: list[str] = []
    commits = [0]

    def on_statement(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()))

    def on_commit(_conn: Any) -> None:
        commits[0] += 1

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
    try:
        yield statements, commits
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "commit", on_commit)


# What one ordinary counter PIN sends (SQLite adds BEGIN IMMEDIATE for each of its two
# transactions): the expiry sweep committed on its own (clock, UPDATE); then the link with
# its student, the school, the staff member's grants, the clock, a retry's earlier PIN, the
# passed verification, this link's expiry, its outstanding PIN, the INSERT inside a
# savepoint, the ciphertext (sealed with the PIN's id), the disclosure, the school chain's
# head and the audit row. The database's own trigger statements are not counted.
MOST_STATEMENTS = {"postgresql": 17, "sqlite": 19}
MOST_COMMITS = 2


def test_one_issue_pin_sends_few_statements(app, runtime) -> None:
    paa = staff_with_role(app, Role.PARENT_ACCESS_ADMIN)
    first, second = make_family(app, guardians=1), make_family(app, guardians=1)
    # The school's first PIN opens its audit chain; count a later, ordinary one.
    verify_and_issue(app, paa, first.link_ids[0])
    assert verify(app, paa, second.link_ids[0]).passed
    with _counted(runtime.engine) as (statements, commits):
        issued = pins.issue_pin(app, paa, second.link_ids[0])
    assert issued.pin_id
    most = MOST_STATEMENTS[runtime.engine.dialect.name]
    assert len(statements) <= most, "\n".join(s[:120] for s in statements)
    assert commits[0] <= MOST_COMMITS
