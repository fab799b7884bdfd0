"""Writing a PDF safely: a private partial file beside the target, renamed on success.

The partial file is created with mode 0600 (``mkstemp``) in the target's own folder, so
the final rename is atomic and no other user can read PINs from a half-written file. On
cancel or error it is removed and nothing appears at the target path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ppdesk.adapters import staging
from ppdesk.domain.errors import ValidationError


class Abort(Exception):
    """Raised inside ``atomic_output`` to discard the partial file without an error."""


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces ``path``, otherwise it is removed.

    Raising ``Abort`` inside the block discards the file quietly (cancellation).
    """
    folder = path.parent
    if not folder.is_dir():
        raise ValidationError("letters.out_folder_missing", folder=str(folder), field="path")
    with staging.staged_file(folder, f".{path.name}.", ".part") as (partial, fd):
        with os.fdopen(fd, "wb") as handle:
            try:
                yield handle
            except Abort:
                return
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
