"""Writing a fixed file back without weakening what the file system protects.

`contentlint fix --write` must leave a file exactly as protected as it found it: the same mode, the same
owner, the same hard links, a symbolic link still a link (the fix goes to its target), and a file its
user may not write is never written. The usual way to write atomically (a temporary file renamed over
the original) would break each of these, so it is used only when it preserves all of them; otherwise
the file is rewritten in place, with the space reserved first and the original restored on failure.
In every case a failure leaves the original byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def write_atomic(path: Path, original: bytes, data: bytes) -> None:
    """Replace the content of ``path`` with ``data`` only if it still holds ``original``; all or nothing.

    Raises :class:`InputError` (naming the file) when the file may not or must not be rewritten, and
    ``OSError`` when the system refuses; the original is unchanged in both cases.
    """
    target = Path(os.path.realpath(path))
    st = os.stat(target)
    _check_writable(path, target, st)
    if st.st_nlink > 1 or not _can_replace(target, st):
        _write_in_place(path, target, original, data)
    else:
        _replace(path, target, st, original, data)


def _check_writable(path: Path, target: Path, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise InputError(str(path), "not a regular file; not written")
    # A file with no write bit is read-only on purpose, even for root, who could write it anyway.
    if not st.st_mode & _WRITE_BITS:
        raise InputError(str(path), "read-only file (no write permission bits); not written")
    if not os.access(target, os.W_OK):
        raise InputError(str(path), "no permission to write this file; not written")


def _can_replace(target: Path, st: os.stat_result) -> bool:
    """Whether a renamed temporary file can take the original's place with the same owner and group."""
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return False
    if st.st_uid == os.geteuid() and st.st_gid in (os.getegid(), *os.getgroups()):
        return True
    return os.geteuid() == 0  # root can give the new file the original's owner


def _still_holds(path: Path, target: Path, original: bytes) -> None:
    if target.read_bytes() != original:
        raise InputError(str(path), "changed on disk since it was read; not written (run fix again)")


def _replace(path: Path, target: Path, st: os.stat_result, original: bytes, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".contentlint-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if st.st_uid != os.geteuid() or st.st_gid != os.getegid():
                os.fchown(fh.fileno(), st.st_uid, st.st_gid)
            os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
            os.fsync(fh.fileno())
        _still_holds(path, target, original)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _sync_directory(target.parent)


def _write_in_place(path: Path, target: Path, original: bytes, data: bytes) -> None:
    """Rewrite the file's own inode (keeps hard links and owner); restore the original on failure."""
    with open(target, "r+b") as fh:
        if fh.read() != original:
            raise InputError(str(path), "changed on disk since it was read; not written (run fix again)")
        if len(data) > len(original):
            # Reserve the space first: a full disk then fails here, before a byte is changed.
            with contextlib.suppress(AttributeError):
                os.posix_fallocate(fh.fileno(), 0, len(data))
        try:
            _overwrite(fh, data)
        except BaseException:
            with contextlib.suppress(OSError):
                _overwrite(fh, original)
            raise


def _overwrite(fh: BinaryIO, data: bytes) -> None:
    fh.seek(0)
    fh.write(data)
    fh.truncate()
    fh.flush()
    os.fsync(fh.fileno())


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; not every file system allows it, and the data is already synced."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
