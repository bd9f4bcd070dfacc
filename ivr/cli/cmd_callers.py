"""``ivr callers PATH``: the caller attributes a hotline declares, their values and words."""

from __future__ import annotations

import argparse

from ivr.cli.options import add_command, add_format, output_format, print_json

HELP = "list a hotline's caller attributes and their values (for --caller)"
DESCRIPTION = """\
The caller attributes a hotline's menus declare (network, location, ...), each value with the
menus' words for it; the first value is the default. --caller takes name=value pairs or the
values alone where only one attribute has them (--caller mts,home)."""
EXAMPLES = """\
ivr callers menus/mts
ivr callers mts --json                      # a shipped hotline, by its id"""


def add_to(sub: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "callers", common, HELP, DESCRIPTION, EXAMPLES)
    p.add_argument("path", metavar="PATH", help="menu file or folder, or a shipped hotline's id")
    add_format(p, "callers")
    p.set_defaults(run=run)


def callers_text(table: list[dict]) -> str:
    """The attributes as aligned text: name, value (default marked), words.

    >>> print(callers_text([{"name": "net", "default": "a", "values": [
    ...     {"value": "a", "words": ""}, {"value": "b", "words": "a foreign SIM"}]}]))
    net  a  (default)
         b  a foreign SIM
    """
    if not table:
        return "this hotline declares no caller attributes: every caller is the same"
    name_w = max(len(a["name"]) for a in table)
    value_w = max(len(v["value"]) for a in table for v in a["values"])
    lines = []
    for a in table:
        for i, v in enumerate(a["values"]):
            words = v["words"] + (" (default)" if i == 0 else "")
            head = a["name"] if i == 0 else ""
            lines.append(f"{head:<{name_w}}  {v['value']:<{value_w}}  {words.strip()}".rstrip())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import ivr  # noqa: PLC0415
    from ivr.report.jsondoc import envelope  # noqa: PLC0415

    fmt = output_format(args)
    table = ivr.caller_table(ivr.load(args.path))
    if fmt == "json":
        print_json(envelope({"attributes": table}))
    else:
        print(callers_text(table))
    return 0
