"""ISMS models, one module per concept; each area's work fills its own module."""

from isms.models.assets import *  # noqa: F401,F403
from isms.models.context import *  # noqa: F401,F403
from isms.models.controls import *  # noqa: F401,F403
from isms.models.evidence import *  # noqa: F401,F403
from isms.models.policies import *  # noqa: F401,F403
from isms.models.risk_controls import *  # noqa: F401,F403
from isms.models.risks import *  # noqa: F401,F403
from isms.models.soa import *  # noqa: F401,F403
from isms.models.tasks import Task  # noqa: F401
