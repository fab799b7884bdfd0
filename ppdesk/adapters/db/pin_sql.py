"""PIN statuses in SQL text (the partial unique index, the PostgreSQL functions), spelled
from ``domain.pin.PinStatus`` so that the rule has one place: domain/pin.py.

A migration's text is history and keeps the words it was written with; SQL built at run
time uses these.
"""

from __future__ import annotations

from collections.abc import Iterable

from ppdesk.domain.pin import OUTSTANDING, PinStatus

#: The statuses of ``domain.pin.OUTSTANDING`` in a fixed order for SQL text: active first,
#: as the partial unique index has read since migration 0005.
OUTSTANDING_ORDER: tuple[PinStatus, ...] = (PinStatus.ACTIVE, PinStatus.HELD)
if frozenset(OUTSTANDING_ORDER) != OUTSTANDING:  # pragma: no cover - a rule changed
    raise RuntimeError("OUTSTANDING_ORDER must list exactly domain.pin.OUTSTANDING")


def status_sql(status: PinStatus) -> str:
    """One status as an SQL literal: ``'active'``."""
    return "'" + PinStatus(status).value + "'"


def statuses_sql(statuses: Iterable[PinStatus]) -> str:
    """Statuses as an SQL list: ``('active', 'held')``."""
    return "(" + ", ".join(status_sql(s) for s in statuses) + ")"


#: The condition of the one-outstanding-PIN-per-link partial index.
OUTSTANDING_WHERE = f"status IN {statuses_sql(OUTSTANDING_ORDER)}"
