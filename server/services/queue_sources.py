"""Where the daily call queue's items come from: a small registry of sources.

A source is a function ``(ctx: QueueContext) -> Iterable[Candidate]`` registered with the kind
of item it yields and a priority (lower comes first in the queue)::

    from server.services.queue_sources import Candidate, register_source

    @register_source("cadence_step", priority=40)
    def cadence_steps_due(ctx):
        for task in due_tasks(ctx.rep.id, ctx.day_end):          # your query
            yield Candidate(item_id=f"task:{task.id}", kind="cadence_step",
                            contact_id=task.contact_id, reason=f"Step {task.position}: call",
                            due_at=task.due_at, sort_key=(task.due_at, task.id),
                            task_id=task.id, done_when_touched_today=False)

The queue builder (``server.services.queue``) then runs every source in priority order, keeps
the first item per contact, drops excluded contacts (do-not-contact, unsubscribed, at the
attempt cap for their tier, snoozed, and — unless ``done_when_touched_today`` is false —
touched today), orders items within a kind by ``sort_key`` and caps a kind at ``limit``.
Sources must be importable from ``SOURCE_MODULES`` (or imported by their own package) so the
decorator runs; the built-in ones live in ``server.services.queue_builtin``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from server.models import User

# Modules whose import registers sources; a missing module (not written yet) is skipped.
SOURCE_MODULES = ("server.services.queue_builtin", "server.services.cadence_tasks")


@dataclass(frozen=True)
class QueueContext:
    rep: User
    day: date
    day_start: datetime  # the rep's local midnight, in UTC
    day_end: datetime
    as_of: datetime  # now, clamped into the day
    config: Mapping[str, Any]
    # Results two sources of one build share (both SQL sources read the untouched SQLs).
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class Candidate:
    item_id: str  # stable across requests: the id POST /queue/<item>/snooze takes
    kind: str
    contact_id: int
    reason: str
    due_at: datetime | None
    sort_key: tuple = ()
    sla_deadline: datetime | None = None
    overdue: bool = False
    task_id: int | None = None
    attempts_made: int | None = None  # None: counted by the builder (touches since sql_at)
    done_when_touched_today: bool = True
    score: float | None = None  # None: computed by the builder
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    kind: str
    priority: int
    produce: Callable[[QueueContext], Iterable[Candidate]]
    limit: int | str | None = None  # a number or the name of a config setting
    ordered: bool = False  # yields in queue order already: read lazily, not sorted


SOURCES: dict[str, Source] = {}


def register_source(kind: str, priority: int, *, limit: int | str | None = None,
                    ordered: bool = False):
    """Register ``produce(ctx)`` as the source of ``kind`` items (re-registering replaces).

    ``limit`` caps the kind (a number or a config setting's name); an ``ordered`` source yields
    candidates already in queue order and is read lazily (so it can page through a query).
    """
    def decorator(produce: Callable[[QueueContext], Iterable[Candidate]]):
        SOURCES[kind] = Source(kind, priority, produce, limit, ordered)
        return produce
    return decorator


def load_sources() -> list[Source]:
    """Every registered source, by priority (importing the known source modules first)."""
    for name in SOURCE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return sorted(SOURCES.values(), key=lambda source: (source.priority, source.kind))
