"""The shipped framework files (YAML)."""
