"""`fix --write` keeps what the file system protects: mode, owner, links, and who may write."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from contentlint import safewrite
from contentlint.errors import InputError
from contentlint.safewrite import write_atomic

from .test_cli import run

SPUN = "Tips\n\nAllow's begin with the conveniences of retinol.\n"
FIXED = "Tips\n\nLet's begin with the benefits of retinol.\n"
NOBODY = 65534
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to create files owned by another user")


def test_symlink_stays_a_link_and_its_target_is_fixed(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(SPUN)
    link = tmp_path / "post.txt"
    link.symlink_to("real.txt")
    proc = run("fix", "post.txt", "--write", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_text() == FIXED


def test_read_only_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text(SPUN)
    path.chmod(0o444)
    proc = run("fix", "post.txt", "--write", cwd=tmp_path)
    assert proc.returncode == 2
    assert "post.txt" in proc.stderr and "read-only" in proc.stderr and "Traceback" not in proc.stderr
    assert path.read_text() == SPUN and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_hard_links_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text(SPUN)
    other = tmp_path / "copy.txt"
    os.link(path, other)
    inode = path.stat().st_ino
    assert run("fix", "post.txt", "--write", cwd=tmp_path).returncode == 0
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2
    assert other.read_text() == FIXED


def test_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text(SPUN)
    path.chmod(0o640)
    write_atomic(path, SPUN.encode(), FIXED.encode())
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_text() == FIXED


@as_root
def test_root_keeps_another_users_ownership(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text(SPUN)
    os.chown(path, NOBODY, NOBODY)
    assert run("fix", "post.txt", "--write", cwd=tmp_path).returncode == 0
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (NOBODY, NOBODY) and path.read_text() == FIXED


def test_in_place_write_restores_the_original_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "post.txt"
    path.write_text(SPUN)
    os.link(path, tmp_path / "copy.txt")  # hard links force the in-place path
    real = safewrite._overwrite
    calls: list[bytes] = []

    def failing(fh, data: bytes) -> None:  # type: ignore[no-untyped-def]
        calls.append(data)
        if len(calls) == 1:
            fh.seek(0)
            fh.write(data[:5])  # a partial write, then the disk fails
            raise OSError(5, "Input/output error")
        real(fh, data)

    monkeypatch.setattr(safewrite, "_overwrite", failing)
    with pytest.raises(OSError):
        write_atomic(path, SPUN.encode(), FIXED.encode())
    assert path.read_text() == SPUN


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        write_atomic(tmp_path, b"", b"x")


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A world-writable directory another user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="contentlint-perm-"))
    path.chmod(0o777)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _write_as_nobody(path: Path, original: str, data: str) -> str:
    """Call write_atomic in a forked child that has dropped to the user `nobody` (the interpreter may
    sit in root's home, out of that user's reach, so the child does not exec anything)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        outcome = "written"
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            write_atomic(path, original.encode(), data.encode())
        except InputError as exc:
            outcome = f"refused: {exc}"
        except BaseException as exc:
            outcome = f"failed: {exc!r}"
        os.write(write, outcome.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        outcome = fh.read().decode()
    os.waitpid(pid, 0)
    return outcome


@as_root
def test_a_user_never_writes_a_file_they_could_not_write(shared_dir: Path) -> None:
    """Run as the unprivileged user `nobody`: the directory lets them rename over the file, the file's
    own permissions do not let them write it, and the file's permissions win."""
    path = shared_dir / "post.txt"
    path.write_text(SPUN)
    path.chmod(0o644)  # root's file, readable by all, writable by root only
    outcome = _write_as_nobody(path, SPUN, FIXED)
    assert outcome.startswith("refused") and "no permission" in outcome, outcome
    assert path.read_text() == SPUN and path.stat().st_uid == 0


@as_root
def test_group_writable_file_of_another_user_keeps_its_owner(shared_dir: Path) -> None:
    """As `nobody`, fixing a file that another user owns and lets everyone write: written in place,
    so the owner stays the owner (a renamed copy would belong to `nobody`)."""
    path = shared_dir / "post.txt"
    path.write_text(SPUN)
    path.chmod(0o666)
    assert _write_as_nobody(path, SPUN, FIXED) == "written"
    assert path.read_text() == FIXED and path.stat().st_uid == 0
