"""Process exit codes of ``ppdesk`` (documented in ``ppdesk --help`` and README).

0-5 are ppdesk's own; 64-78 follow BSD ``sysexits.h`` for problems with the environment,
so a script or an IT technician can tell "refused" from "cannot run here".
"""

from __future__ import annotations

OK = 0
FAILED = 1  # a check found a problem (audit chain broken, some letters not made, selftest)
REFUSED = 2  # refused or wrong usage: permission, validation, bad command line
INTERNAL = 3  # a bug: an incident id is printed, the details are in the log
DB_NEEDS_UPGRADE = 4  # db status: the schema is older than this ppdesk (run db upgrade)
DB_NEWER = 5  # db status: the schema is newer than this ppdesk, or not ppdesk's
EX_NOINPUT = 66  # an input file or database file does not exist
EX_UNAVAILABLE = 69  # the database cannot be reached, or Qt cannot start (system libraries)
EX_TEMPFAIL = 75  # the database was busy (another workstation): try again
EX_CONFIG = 78  # configuration: unsupported database URL, bad settings, empty database
EX_PIPE = 141  # the output was closed early (`| head`), as a shell reports SIGPIPE

TABLE = (
    (OK, "success"),
    (FAILED, "a check found a problem (audit verify, letters, selftest)"),
    (REFUSED, "refused (permission, invalid input) or wrong usage"),
    (INTERNAL, "internal error: an incident id is printed, details are in the log"),
    (DB_NEEDS_UPGRADE, "db status: the database needs `ppdesk db upgrade`"),
    (DB_NEWER, "db status: the database is newer than this ppdesk (or not ppdesk's)"),
    (EX_NOINPUT, "a file or SQLite database that should exist does not"),
    (EX_UNAVAILABLE, "the database cannot be reached, or the desk cannot start Qt"),
    (EX_TEMPFAIL, "the database was busy: try again"),
    (EX_CONFIG, "configuration problem (database URL, settings file, empty database)"),
    (EX_PIPE, "the output was closed early (e.g. `| head`); not an error in ppdesk"),
)


def describe() -> str:
    """The table for ``--help`` and README."""
    return "\n".join(f"  {code:>3}  {text}" for code, text in TABLE)
