"""Errors that stop a build with a message and no traceback."""

from __future__ import annotations


class TimelineBuildError(SystemExit):
    """Raised under TIMELINE_STRICT when any entry has an error.

    A SystemExit, because Pelican logs any other exception with its
    traceback; the problems themselves have been logged as path:line lines.
    The message is printed and the process exits with status 1.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
