"""WSGI entry point for ChildFirst."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childfirst.settings")
application = get_wsgi_application()
