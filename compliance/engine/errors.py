"""The error every engine raises when it cannot give a valid result (reported as an internal
error, exit 3, never as a verdict)."""

from __future__ import annotations


class EngineError(RuntimeError):
    """The engine failed or met a value it cannot judge: the evaluation has no valid result."""
