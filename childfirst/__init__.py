"""ChildFirst: casework, quality assurance and performance for Youth Justice Services."""

__version__ = "0.1.0"
