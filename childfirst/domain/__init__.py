"""The published rules a Youth Justice Service is judged by, in plain Python.

Nothing here imports Django or any other part of ChildFirst, so every rule can be
read and tested on its own, in milliseconds. Each rule names its published source
in its docstring.
"""
