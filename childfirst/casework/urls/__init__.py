"""Casework URLs: the child's record (``records``), the work overseen (``work``) and the
joint decision panel (``panel``)."""

from childfirst.casework.urls.panel import urlpatterns as panel_urls
from childfirst.casework.urls.records import urlpatterns as record_urls
from childfirst.casework.urls.work import urlpatterns as work_urls

app_name = "casework"
urlpatterns = [*record_urls, *work_urls, *panel_urls]
