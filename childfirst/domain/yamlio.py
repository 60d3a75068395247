"""Reading YAML the way people write it.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` are booleans, so
a ratings file's ``{relevant: 8, yes: 7}`` would lose its ``yes`` key. This loader
keeps YAML 1.2's rule instead: only ``true`` and ``false`` are booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml(text: str) -> Any:
    """Parse YAML (or JSON) text with YAML 1.2 booleans; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_Loader)
