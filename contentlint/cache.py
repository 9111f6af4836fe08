"""Data derived from installed packages: shipped with contentlint, else built once and cached on disk.

Tables that take seconds to derive (syllable counts, lemma look-ups, the CL102 index) ship in
``contentlint/data`` as ``.npz`` files made by ``tools/build_data.py``, each with a JSON sidecar naming
the source packages, their versions and licences; :func:`derived` uses a shipped table when the
installed versions are the ones it was made from, so a run with an empty cache costs what a warm one
does. Otherwise (and for small entries, :func:`cached`) results are built once and kept in
``$CONTENTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/contentlint``, else ``~/.cache/contentlint``, keyed
by the source packages' versions. A cache that cannot be read or written is simply rebuilt in memory:
it only ever saves time.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import json
import marshal
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

import numpy

T = TypeVar("T")


def cache_dir() -> Path:
    explicit = os.environ.get("CONTENTLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "contentlint"


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``'s result (dicts, lists, str, numbers: what marshal stores), cached under name and key."""
    path = cache_dir() / f"{name}-{key}.marshal"
    found = read_marshal(path)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = build()
    write_marshal(path, value)
    return value


def cached_latest(name: str, key: str, build: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """:func:`cached`, for a value made from files a user may edit (``key`` a digest of what it is made from).

    A value read back is used only when ``valid`` accepts it, else built again; storing a new key's value
    removes the entries of the name's other keys, which an edited file would otherwise leave behind one by
    one. A value marshal cannot hold (a date in a TOML file) is built each time.
    """
    path = cache_dir() / f"{name}-{key}.marshal"
    found = read_marshal(path)
    if found is not None and valid(found):
        return found  # type: ignore[no-any-return]
    value = build()
    try:
        packed = marshal.dumps(cast(Any, value))
    except ValueError:
        return value
    replace_file(path, lambda fh: fh.write(packed))
    for stale in path.parent.glob(f"{name}-*.marshal"):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()
    return value


class KeptTable:
    """Small values worked out from strings (compiled patterns' code, their first characters), kept in one file
    of the cache folder so that later processes read them instead of working them out again.

    ``version`` names what the values depend on beyond their key (the interpreter's version): the file is named
    by it, so values from another version are never read. A process reads the file when first asked, and adds
    what it worked out when it ends (reading the file again first: another process may have added its own). A
    file past ``max_entries`` is started again, so entries no version asks for any more do not pile up.
    Callers check what they read: a value that does not fit is worked out again.
    """

    def __init__(self, name: str, version: str, max_entries: int = 5000) -> None:
        self.name = name
        self.version = version
        self.max_entries = max_entries
        self._table: dict[Any, Any] | None = None
        self._new: dict[Any, Any] = {}

    def path(self) -> Path:
        return cache_dir() / f"{self.name}-{hashlib.sha256(self.version.encode()).hexdigest()[:16]}.marshal"

    def get(self, key: Any) -> Any:
        if self._table is None:
            found = read_marshal(self.path())
            self._table = found if isinstance(found, dict) else {}
        return self._table.get(key)

    def put(self, key: Any, value: Any) -> None:
        if not self._new:
            atexit.register(self.save)
        self._new[key] = value

    def save(self) -> None:
        if not self._new:
            return
        path = self.path()
        found = read_marshal(path)
        table = found if isinstance(found, dict) and len(found) < self.max_entries else {}
        table.update(self._new)
        try:
            packed = marshal.dumps(table)
        except ValueError:  # (a value marshal cannot hold: nothing is kept)
            return
        replace_file(path, lambda fh: fh.write(packed))
        self._new = {}


def read_marshal(path: Path) -> Any:
    """The value marshalled in ``path``, or None when it is missing or unreadable."""
    try:
        # From bytes: marshal.load on a file object reads it in small pieces, seven times slower (30 ms
        # of a cold check for the hyphenation patterns).
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_marshal(path: Path, value: Any) -> None:
    """Replace ``path`` whole with ``value`` marshalled (a reader sees the old file or the new one)."""
    replace_file(path, lambda fh: marshal.dump(value, fh))


def replace_file(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a cache file through a temporary file renamed into place; a cache that cannot be written is
    left as it was (it only saves time), and no temporary file stays behind."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# -- derived tables: shipped with the package, else cached, else built -------------------------------

DATA_DIR = Path(__file__).resolve().parent / "data"
Arrays = dict[str, numpy.ndarray]
# A fixed time stamp for every member of a table file, so that rebuilding it gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Table:
    """A table derived from installed packages: its name, its format number and the packages it comes from."""

    name: str
    format: int
    sources: tuple[str, ...]

    def key(self) -> str:
        """What the table's content depends on: its format and its source packages (see :func:`source_key`)."""
        return "-".join([str(self.format), *(source_key(p) for p in self.sources)])


def source_key(package: str) -> str:
    """A package's part of a table key: its version, or for some a digest of the only data a table uses.

    spaCy (its symbol ids) and pyphen (its en_US patterns) are released often without changing what
    the tables take from them; a digest keeps the shipped tables usable across those releases.
    """
    fingerprint = _FINGERPRINTS.get(package)
    return f"{package}@{fingerprint()}" if fingerprint else f"{package}=={package_version(package)}"


def _spacy_symbols() -> str:
    from spacy.symbols import IDS

    return hashlib.sha256(json.dumps(sorted(IDS.items())).encode()).hexdigest()[:16]


def _pyphen_en_us() -> str:
    import pyphen

    path = Path(pyphen.LANGUAGES[pyphen.language_fallback("en_US")])
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


_FINGERPRINTS: dict[str, Callable[[], str]] = {"spacy": _spacy_symbols, "pyphen": _pyphen_en_us}


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "0"


def derived(table: Table, build: Callable[[], Arrays]) -> Arrays:
    """The table's arrays: shipped in the package when made from the installed versions, else built once and cached.

    The shipped copy (``contentlint/data``, made by ``tools/build_data.py``) makes a cold run cost what
    a warm one does; the on-disk cache only serves installs whose source packages have other versions.
    """
    key = table.key()
    shipped = shipped_key(table.name)
    if shipped == key:
        arrays = _read_arrays(DATA_DIR / f"{table.name}.npz")
        if arrays is not None:
            return arrays
    path = cache_dir() / f"{table.name}-{_safe(key)}.npz"
    arrays = _read_arrays(path)
    if arrays is not None:
        return arrays
    arrays = build()
    replace_file(path, lambda fh: write_arrays(fh, arrays))
    return arrays


def derived_mapped(table: Table, build: Callable[[], Arrays]) -> Arrays:
    """:func:`derived`'s arrays, kept in the cache as raw arrays and mapped (see :func:`mapped`), for a table of
    megabytes read at random: inflating the shipped spin index took 27 ms of every cold one-file check, and a
    mapped copy costs nothing up front. Read-only, like every mapped table."""
    arrays = mapped(f"{table.name}-mapped", table.key(), lambda: derived(table, build))
    # Plain arrays over the mapped pages: numpy.memmap's indexing runs in Python.
    return {name: numpy.asarray(array) for name, array in arrays.items()}


def shipped_key(name: str) -> str | None:
    """The key the shipped copy of a table was made with (from its sidecar), or None."""
    try:
        return str(json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))["key"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _safe(key: str) -> str:
    return key.replace("==", "_").replace("@", "_").replace("/", "_")


def write_arrays(fh: BinaryIO, arrays: Arrays) -> None:
    """An .npz file (numpy.load reads it) with integer arrays narrowed to the smallest type that holds them.

    The original types are stored alongside and restored by ``_read_arrays``, so narrowing is lossless.
    """
    dtypes = {name: a.dtype.str for name, a in arrays.items()}
    stored = {name: _narrow(a) for name, a in arrays.items()}
    stored["__dtypes__"] = numpy.frombuffer(json.dumps(dtypes, sort_keys=True).encode(), dtype="uint8")
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(stored):
            raw = io.BytesIO()
            numpy.lib.format.write_array(raw, numpy.ascontiguousarray(stored[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_TIME)
            info.compress_type = _compression(raw.getvalue())
            with zf.open(info, "w", force_zip64=True) as member:
                member.write(raw.getvalue())


# A member that deflate shrinks by less than this share is stored as is: inflating the spin index's
# similarities and candidate ids cost 15 ms of every run's start to save a sixth of their size.
_MIN_SAVING = 0.25


def _compression(data: bytes) -> int:
    """Deflate (LZMA is 15% smaller but ten times slower to read) when it pays for its reading time."""
    if len(data) < 4096 or len(zlib.compress(data, 6)) <= (1 - _MIN_SAVING) * len(data):
        return zipfile.ZIP_DEFLATED
    return zipfile.ZIP_STORED


def _narrow(a: numpy.ndarray) -> numpy.ndarray:
    if a.dtype.kind not in "iu" or not a.size:
        return a
    lo, hi = int(a.min()), int(a.max())
    for candidate in ("uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"):
        info = numpy.iinfo(candidate)
        if info.min <= lo and hi <= info.max:
            return a.astype(candidate) if numpy.dtype(candidate).itemsize < a.dtype.itemsize else a
    return a


def _read_arrays(path: Path) -> Arrays | None:
    try:
        with numpy.load(path, allow_pickle=False) as npz:
            dtypes = json.loads(npz["__dtypes__"].tobytes())
            return {name: npz[name].astype(dtype, copy=False) for name, dtype in dtypes.items()}
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError):
        return None


def pack_strings(strings: list[str]) -> numpy.ndarray:
    """Strings as one array of UTF-8 bytes, one string a line (none may hold a line break)."""
    if any("\n" in s for s in strings):
        raise ValueError("a string to pack holds a line break")
    return numpy.frombuffer("\n".join(strings).encode("utf-8"), dtype="uint8")


def unpack_strings(packed: numpy.ndarray) -> list[str]:
    text = packed.tobytes().decode("utf-8")
    return text.split("\n") if text else []


# -- large tables read at random: raw arrays mapped into memory --------------------------------------


def mapped(name: str, key: str, build: Callable[[], Arrays]) -> Arrays:
    """``build()``'s arrays, kept in the cache as raw ``.npy`` files and mapped into memory (read-only).

    For tables of tens of megabytes that are cheap to rebuild but read a few thousand entries at a
    time, at random: mapping costs nothing up front, a process reads only the pages it touches, and
    processes on one machine (audit workers) share them. Made once per key, in a folder renamed into
    place when complete, so a reader never sees half a table.
    """
    folder = cache_dir() / f"{name}-{_safe(key)}"
    arrays = _map_arrays(folder)
    if arrays is not None:
        return arrays
    arrays = build()
    staging: Path | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{name}."))
        for array_name, array in arrays.items():
            numpy.save(staging / f"{array_name}.npy", numpy.ascontiguousarray(array), allow_pickle=False)
        (staging / "arrays.json").write_text(json.dumps(sorted(arrays)), encoding="utf-8")
        if folder.exists():  # a copy that could not be read: replaced (a process mapping it keeps its files)
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
        _drop_other_versions(name, folder)
    except OSError:
        # Another process made it first, or the cache is not writable: the arrays in memory serve, and
        # a half-written copy must not stay behind (tables of this kind are tens of megabytes).
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return arrays


def _drop_other_versions(name: str, kept: Path) -> None:
    """Remove the cache's other copies of table ``name`` (earlier formats or source versions): each is tens of
    megabytes, and a cache that kept every one would grow by that at every format change (so no table's name
    may be another's followed by "-"). A process still mapping one keeps its files until it ends (POSIX);
    where they cannot be removed, they stay."""
    for other in kept.parent.glob(f"{name}-*"):
        if other != kept and other.is_dir() and (other / "arrays.json").is_file():
            shutil.rmtree(other, ignore_errors=True)


def _map_arrays(folder: Path) -> Arrays | None:
    try:
        names = json.loads((folder / "arrays.json").read_text(encoding="utf-8"))
        return {n: numpy.load(folder / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in names}
    except (OSError, ValueError, TypeError, EOFError):
        return None
