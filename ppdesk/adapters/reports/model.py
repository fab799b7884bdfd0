"""Plain values shared by the report writers (xlsx and PDF).

They live in ``ppdesk.domain.reports`` so that the services, which must not import
adapters, can build them; this module re-exports them for the writers.
"""

from __future__ import annotations

from ppdesk.domain.reports import (
    CancelCheck,
    Column,
    ColumnKind,
    ExportMeta,
    ExportResult,
    ProgressCallback,
    RosterRow,
)

__all__ = [
    "CancelCheck",
    "Column",
    "ColumnKind",
    "ExportMeta",
    "ExportResult",
    "ProgressCallback",
    "RosterRow",
]
