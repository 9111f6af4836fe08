"""A claim found in a sentence, before it becomes a finding."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Fix
from .severity import ClaimType


@dataclass(frozen=True)
class Claim:
    start: int  # character offsets in the document text
    end: int
    kind: ClaimType
    hedged: bool = False
    cue: str = ""  # what makes it a claim, for the message ("heal" acting on a disease)
    intensifier: str | None = None
    fix: Fix | None = None
    # Said in the message in place of "hedged" when the weaker form has another reason ("a prevalence figure").
    weaker_because: str = ""
