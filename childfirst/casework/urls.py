"""Casework URLs: the child's record (urls_records) and the work overseen (urls_work)."""

from childfirst.casework.urls_records import urlpatterns as record_urls
from childfirst.casework.urls_work import urlpatterns as work_urls

app_name = "casework"
urlpatterns = [*record_urls, *work_urls]
