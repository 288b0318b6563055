"""Mandates and what hangs off them: onboarding, time entries; corporate groups across workspaces."""

from mandates.models.groups import *  # noqa: F401,F403
from mandates.models.mandate import *  # noqa: F401,F403
from mandates.models.onboarding import *  # noqa: F401,F403
from mandates.models.time_entries import *  # noqa: F401,F403
