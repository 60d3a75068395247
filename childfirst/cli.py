"""The ``childfirst`` command: Django's management commands with ChildFirst's settings.

``childfirst`` (or ``childfirst --help``) lists ChildFirst's own commands;
``childfirst help --all`` lists Django's as well.
"""

from __future__ import annotations

import os
import sys

OUR_APPS = ("childfirst.",)


def _our_commands() -> list[tuple[str, str]]:
    from django.core.management import get_commands, load_command_class

    found = []
    for name, app in sorted(get_commands().items()):
        if app.startswith(OUR_APPS):
            command = load_command_class(app, name)
            found.append((name, (command.help or "").strip().splitlines()[0]))
    return found


def _print_help() -> None:
    print("usage: childfirst COMMAND [options]\n")
    print("ChildFirst commands:")
    commands = _our_commands()
    width = max(len(name) for name, _ in commands)
    for name, text in commands:
        print(f"  {name.ljust(width)}  {text}")
    print("\n'childfirst COMMAND --help' explains a command.")
    print("'childfirst help --all' lists Django's own commands too (migrate, runserver, ...).")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childfirst.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    if len(argv) < 2 or (argv[1] in ("-h", "--help", "help") and len(argv) == 2):
        _print_help()
        return
    if argv[1:3] == ["help", "--all"]:
        argv = [argv[0], "help"]
    argv[0] = "childfirst"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
