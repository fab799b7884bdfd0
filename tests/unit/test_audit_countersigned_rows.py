"""``verify_chain`` on rows appended by the database's functions (workstation ``db:``): a
row the desk countersigned has its MAC checked like any row; a wrong MAC fails; a row never
countersigned is counted and named, not failed."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

from ppdesk.domain.audit import UNSIGNED_NAMED, row_mac, verify_chain
from tests.unit.test_audit_scoped_verify import _trail


def _mac(message: str) -> str:
    return hmac.new(b"k" * 32, message.encode(), hashlib.sha256).hexdigest()


def test_countersigned_rows_are_checked_and_unsigned_ones_named() -> None:
    rows, state = _trail([1, 1, None, 1, 2])
    signed = [replace(r, row_mac=row_mac(_mac, r.row_hash)) for r in rows]
    report = verify_chain(signed, state=state, mac=_mac)
    assert report.intact and report.unsigned_db_rows == 0 and report.unsigned_seqs == ()
    assert "not signed" not in report.describe()

    # A crash between commit and countersign: rows 2 and 4 left unsigned.
    left = [replace(r, row_mac=None) if r.seq in (2, 4) else r for r in signed]
    report = verify_chain(left, state=state, mac=_mac)
    assert report.intact and report.unsigned_db_rows == 2 and report.unsigned_seqs == (2, 4)
    assert "2 rows appended by database functions are not signed" in report.describe()
    assert "sequence 2, 4)" in report.describe()

    # A MAC not made with the key (the owner's), on a countersigned or an unsigned row.
    for seq in (3, 4):
        forged = [replace(r, row_mac="ab" * 32) if r.seq == seq else r for r in left]
        report = verify_chain(forged, state=state, mac=_mac)
        assert not report.intact and report.first_bad_seq == seq
        assert "signature does not match" in (report.problem or "")


def test_many_unsigned_rows_are_counted_and_the_first_named() -> None:
    rows, state = _trail([None] + [1] * (UNSIGNED_NAMED + 4))
    report = verify_chain(rows, state=state, mac=_mac)
    assert report.unsigned_db_rows == UNSIGNED_NAMED + 5
    assert report.unsigned_seqs == tuple(range(1, UNSIGNED_NAMED + 1))
    assert report.describe().endswith(f"{UNSIGNED_NAMED}, ...))")
