"""Casework URLs: the child's record (``records``) and the work overseen (``work``)."""

from childfirst.casework.urls.records import urlpatterns as record_urls
from childfirst.casework.urls.work import urlpatterns as work_urls

app_name = "casework"
urlpatterns = [*record_urls, *work_urls]
