"""``ivr check --format json`` (and ``--json``): :meth:`Report.as_json`, indented UTF-8."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ivr.checking.runner import Report


def as_json_text(report: Report) -> str:
    """The JSON document of a report (version 1: summary, documented, findings).

    >>> import json
    >>> from ivr.checking.runner import check
    >>> sorted(json.loads(as_json_text(check("menus/mts"))))
    ['documented', 'findings', 'summary', 'version']
    """
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"


VERSION = 1


def envelope(data: dict) -> dict:
    """Every JSON document ``ivr`` prints: ``version`` first, then the data.

    >>> envelope({"outcome": "agent"})
    {'version': 1, 'outcome': 'agent'}
    """
    return {"version": VERSION, **{k: v for k, v in data.items() if k != "version"}}
