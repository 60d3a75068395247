"""Static files, served by WhiteNoise.

GOV.UK Frontend's precompiled stylesheet refers to its fonts and images at
``/assets/…`` (the package's documented layout), so besides ``STATIC_URL`` the
package's ``assets`` folder is also served at ``/assets/``.
"""

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def __init__(self, get_response=None, settings=settings):  # type: ignore[no-untyped-def]
        super().__init__(get_response, settings=settings)
        assets = settings.GOVUK_FRONTEND_DIR / "assets"
        if assets.exists():
            self.add_files(str(assets), prefix="assets/")
