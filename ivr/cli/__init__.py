"""The ``ivr`` command: one thin layer over the library."""

from ivr.cli.app import main

__all__ = ["main"]
