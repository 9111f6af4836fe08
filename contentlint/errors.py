"""Errors a user can act on: each names the file (or setting) and the problem."""

from __future__ import annotations


class ContentlintError(Exception):
    """Base class for errors reported as one line and exit code 2."""


class InputError(ContentlintError):
    """A file that cannot be read or decoded."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ConfigError(ContentlintError):
    """A configuration file or option with an unknown key or a bad value."""
