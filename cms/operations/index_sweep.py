"""The core's two handles on the search index, which the search app registers since the
core does not import it.

``schedule`` indexes policies after the current transaction commits: a bundle's
publication and withdrawal call it (``cms/review/bundle.py``). ``sweep_now`` writes the
search documents a dead process left pending (``PendingIndex``), where a process may have
died between a commit and its indexing task: when an import continues a stopped run.
"""

from collections.abc import Callable

_sweep: Callable[[], int] | None = None
_schedule: Callable[..., None] | None = None


def register(function: Callable[[], int]) -> None:
    """Set the function that indexes every pending policy and returns how many."""
    global _sweep
    _sweep = function


def sweep_now() -> int:
    """Index every pending policy now; 0 when no search app registered."""
    return _sweep() if _sweep is not None else 0


def register_schedule(function: Callable[..., None]) -> None:
    """Set the function that indexes policies (by id) once the transaction commits."""
    global _schedule
    _schedule = function


def schedule(*policy_ids: int) -> None:
    """Index these policies after the current transaction commits; nothing when no search
    app registered."""
    if _schedule is not None:
        _schedule(*policy_ids)
