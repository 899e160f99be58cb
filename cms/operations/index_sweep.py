"""Writing the search documents a dead process left pending (``PendingIndex``).

The search app registers how (``register``), since the core does not import it; the core
asks for it where a process may have died between a commit and its indexing task: when
an import continues a stopped run.
"""

from collections.abc import Callable

_sweep: Callable[[], int] | None = None


def register(function: Callable[[], int]) -> None:
    """Set the function that indexes every pending policy and returns how many."""
    global _sweep
    _sweep = function


def sweep_now() -> int:
    """Index every pending policy now; 0 when no search app registered."""
    return _sweep() if _sweep is not None else 0
