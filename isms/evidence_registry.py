"""Which models accept evidence files, and how a subject named in a request is found.

Evidence names its subject by ``subject_type`` ("app_label.model") and
``subject_id``, so the evidence code needs no import of the areas that use it.
An area registers each model that may carry evidence, usually in its app's
``ready``; anything not registered is treated as not found.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Callable

from django.http import Http404

_CAPABILITIES = {"view", "edit", "sign", "admin"}


@dataclass(frozen=True)
class Attachable:
    model: type
    capability: str
    detail_url: Callable | None
    # Lets a person without the capability attach to one subject, such as the owner of a task.
    also_allowed: Callable | None = None

    @property
    def subject_type(self) -> str:
        return self.model._meta.label_lower

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)


_registry: dict[str, Attachable] = {}


def register_attachable(model, capability: str = "edit", detail_url: Callable | None = None, *,
                        also_allowed: Callable | None = None) -> None:
    """Let ``model`` carry evidence; members with ``capability`` may upload and withdraw files.

    ``detail_url(subject, workspace)`` returns the subject's page, where the
    upload form sends the user back; without it they land on the evidence list.
    """
    if capability not in _CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}; use one of {sorted(_CAPABILITIES)}")
    _registry[model._meta.label_lower] = Attachable(model, capability, detail_url, also_allowed)


def attachable(subject_type: str) -> Attachable | None:
    return _registry.get(subject_type)


def registered() -> list[Attachable]:
    return sorted(_registry.values(), key=lambda entry: entry.label.lower())


def resolve_subject(subject_type: str, subject_id) -> tuple[Attachable, object]:
    """Return the registration and the subject row of the active workspace, or raise Http404.

    An unknown type, a malformed id and an id of another workspace all look
    the same to the caller, so a guess reveals nothing.
    """
    entry = _registry.get(subject_type or "")
    if entry is None:
        raise Http404("subject type not attachable")
    try:
        subject_uuid = subject_id if isinstance(subject_id, uuid.UUID) else uuid.UUID(str(subject_id))
    except ValueError:
        raise Http404("subject id malformed") from None
    subject = entry.model.objects.filter(pk=subject_uuid).first()
    if subject is None:
        raise Http404("subject not found")
    return entry, subject


def subject_type_of(subject) -> str:
    return subject._meta.label_lower
