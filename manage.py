#!/usr/bin/env python
import os
import sys


def main() -> None:
    # The embedded demo is the default so a fresh checkout runs; production and tests name
    # their settings module explicitly.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialops.settings.demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
