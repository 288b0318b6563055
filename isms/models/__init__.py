"""ISMS models, one module per concept; each area's work fills its own module."""

from isms.models.assets import *  # noqa: F401,F403
from isms.models.audits import *  # noqa: F401,F403
from isms.models.context import *  # noqa: F401,F403
from isms.models.controls import *  # noqa: F401,F403
from isms.models.corrective import *  # noqa: F401,F403
from isms.models.evidence import *  # noqa: F401,F403
from isms.models.imports import *  # noqa: F401,F403
from isms.models.policies import *  # noqa: F401,F403
from isms.models.risk_controls import *  # noqa: F401,F403
from isms.models.risks import *  # noqa: F401,F403
from isms.models.soa import *  # noqa: F401,F403
from isms.models.suppliers import *  # noqa: F401,F403
from isms.models.tasks import Task  # noqa: F401
from isms.models.training import *  # noqa: F401,F403
