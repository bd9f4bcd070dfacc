"""ivr: telephone voice menus as graphs.

Load a hotline's menu files, compile them to a graph, simulate calls, check documented paths.

>>> import ivr
>>> hotline = ivr.load("menus/mts")
>>> ivr.simulate(hotline, "0890", "2 0", caller={"network": "mts"}).outcome
'agent'
"""

from .check import Report, check
from .diagnostics import Diagnostic, LoadError
from .diff import DiffReport, diff
from .graph import compile
from .loader import load, load_menu_text
from .model import Claim, Entry, Hotline, Menu, Node
from .routes import Route, routes
from .simulate import Call, Event, simulate

__all__ = [
    "Call",
    "Claim",
    "Diagnostic",
    "DiffReport",
    "Entry",
    "Event",
    "Hotline",
    "LoadError",
    "Menu",
    "Node",
    "Report",
    "Route",
    "check",
    "compile",
    "diff",
    "load",
    "load_menu_text",
    "routes",
    "simulate",
]
__version__ = "0.1.0"
