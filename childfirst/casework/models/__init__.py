"""The child's record and casework."""

from childfirst.casework.models.documents import *  # noqa: F403
from childfirst.casework.models.network import *  # noqa: F403
from childfirst.casework.models.records import *  # noqa: F403
from childfirst.casework.models.reference import *  # noqa: F403
from childfirst.casework.models.retention import *  # noqa: F403
from childfirst.casework.models.work import *  # noqa: F403
