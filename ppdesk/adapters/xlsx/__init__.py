"""Spreadsheet exports: the Student/Parent PIN roster and report tables (.xlsx)."""

from ppdesk.adapters.xlsx.roster import write_roster
from ppdesk.adapters.xlsx.table import write_table_xlsx

__all__ = ["write_roster", "write_table_xlsx"]
