"""Sections of the quarterly report, compiled from data by registered providers.

A provider is a function that takes a ``SectionInput`` and returns a dict of
JSON values (the figures stored on the report and rendered by the section's
template ``reporting/sections/<key>.html``). It runs inside the report's
workspace context. It records what it could not find in ``missing`` instead
of raising, so a report with gaps still renders and says what is missing.

Other apps add a section with ``@register("key", _("Title"), order=...)`` in a
module that ``reporting.sections`` imports below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from reporting.quarters import Quarter


@dataclass
class SectionInput:
    workspace: object
    quarter: Quarter
    period_start: datetime
    period_end: datetime
    previous_figures: dict
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SectionProvider:
    key: str
    title: object
    order: int
    compile: Callable[[SectionInput], dict]

    @property
    def template_name(self) -> str:
        return f"reporting/sections/{self.key}.html"


_REGISTRY: dict[str, SectionProvider] = {}


def register(key: str, title, *, order: int):
    def decorator(function: Callable[[SectionInput], dict]):
        if key in _REGISTRY:
            raise ValueError(f"report section {key!r} is registered twice")
        _REGISTRY[key] = SectionProvider(key=key, title=title, order=order, compile=function)
        return function

    return decorator


def providers() -> list[SectionProvider]:
    return sorted(_REGISTRY.values(), key=lambda provider: provider.order)


def provider(key: str) -> SectionProvider | None:
    return _REGISTRY.get(key)


from reporting.sections import (  # noqa: E402,F401
    audits, incidents, isms, management, mandate, officers, risks, suppliers, trainings,
)
