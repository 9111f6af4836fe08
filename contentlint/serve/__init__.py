"""`contentlint serve`: a local review page for editors (needs the ``serve`` extra:
``pip install "contentlint[serve]"``)."""

from __future__ import annotations

MISSING = 'contentlint serve needs the review-page extra: pip install "contentlint[serve]"'


def available() -> bool:
    """Whether Starlette, uvicorn and python-multipart are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("starlette", "uvicorn", "multipart"))
