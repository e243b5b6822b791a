"""Life events the registry records and the layers above act on (issue 14): a death ends the person's benefits.

The registry is the spine: it imports nothing above it (``.importlinter``). A layer that must act when a person
dies registers a hook here, from its own ``contributions.py``::

    death_hook_register("benefits", lambda death: enrollments_end_on_death(
        person=death.person, died_on=death.died_on, actor=death.actor))

and the registry calls every hook, in registration order, **inside the transaction that records the death**: the
status change and what the hooks do commit or roll back together (a hook that raises undoes the status change).
A hook must be idempotent: the same death may reach it more than once (the funeral app's 死亡登记 goes through
the registry's status change and then applies the ledger's rule itself, for a person the registry had recorded
as dead before the hook existed).

Where the registry records a death:

- ``services.person_set_status`` to 死亡 (the person page's 状态变更, and the funeral app's 死亡登记 through it);
- ``services.duplicate_merge`` keeping a record that is 死亡: the merged record's links (its enrollments among
  them) move onto a dead person, so the hooks run again for the kept record on its date of death.

No bulk path sets 死亡, which is why there is no set-based variant: the person import inserts new records only
(a row whose ID number is already registered is refused) and writes no status column, so every imported person
is 正常; the synthetic registry seeds 正常 people; the API's writes carry no status (``PERSON_EDITABLE`` has none).
A bulk path that ever sets 死亡 must add a set-based hook here (one call for the whole set) rather than loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from minzheng.core.models import User
from minzheng.registry.models import Person


@dataclass(frozen=True)
class PersonDeath:
    """A death the registry recorded: who, on what day, by whom (``actor`` None: the system)."""

    person: Person
    died_on: date
    actor: User | None


DeathHook = Callable[[PersonDeath], object]
_death_hooks: dict[str, DeathHook] = {}


def death_hook_register(name: str, hook: DeathHook) -> None:
    """Call ``hook(PersonDeath)`` whenever the registry records a death. Registering the same ``name`` again
    replaces the earlier hook (registration may run more than once in tests)."""
    _death_hooks[name] = hook


def death_hook_unregister(name: str) -> None:
    _death_hooks.pop(name, None)


def death_hooks() -> list[str]:
    return list(_death_hooks)


def person_died(*, person: Person, died_on: date, actor: User | None) -> None:
    """Run every registered death hook for ``person`` (call inside the transaction that records the death)."""
    death = PersonDeath(person=person, died_on=died_on, actor=actor)
    for hook in list(_death_hooks.values()):
        hook(death)
