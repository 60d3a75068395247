"""The test suite's settings: ChildFirst's own, with plain http chosen explicitly.

With debug off, ChildFirst's settings default to production security (HTTPS only,
secure cookies, HSTS). The suite's test client and live server speak plain http on
loopback, so the suite chooses the documented opt-out, ``CHILDFIRST_HTTPS=0``, here and
nowhere else: the production default stays as it is (``tests/web/test_production.py``
checks it with ``childfirst check --deploy``).
"""

import os

os.environ.setdefault("CHILDFIRST_HTTPS", "0")

from childfirst.settings import *  # noqa: F403
