"""Running ChildFirst in production: the server (``childfirst serve``) and backups
(``childfirst backup`` and ``childfirst restore``). ``docs/operations.md`` is the guide."""
