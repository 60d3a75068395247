"""Casework URLs: the child's record (``records``), its documents (``documents``) and the
work overseen (``work``)."""

from childfirst.casework.urls.documents import urlpatterns as document_urls
from childfirst.casework.urls.records import urlpatterns as record_urls
from childfirst.casework.urls.work import urlpatterns as work_urls

app_name = "casework"
urlpatterns = [*record_urls, *document_urls, *work_urls]
