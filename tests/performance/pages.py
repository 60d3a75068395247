"""Reading pages that may be streamed (the dashboard sends its figures as it works them out)."""

from django.http import HttpResponse


def got(client, url):
    """``client.get(url)``, with a streamed body gathered so ``.content`` can be read."""
    response = client.get(url)
    if not response.streaming:
        return response
    body = b"".join(response.streaming_content)
    gathered = HttpResponse(body, status=response.status_code)
    gathered.streamed = True
    return gathered
