"""Import benchmark (issue 13, item 8): importing a generated 10,000-node platform file, as a
ratio to parsing the same file alone.

    python benchmarks/bench_import.py            # 7 repetitions
    python benchmarks/bench_import.py --quick    # 3 repetitions

Each case generates a file, then times, interleaved repetition by repetition, ``ivr.load`` of
it (reading, parsing, building the model, validating it) against the baseline parse a tool
needs before it can do anything with the file:

* ``asterisk``: a dialplan of 3,334 contexts, each a menu (``Background``, ``WaitExten``) with
  two sub-menus, a queue, ``t`` and ``i`` extensions — 10,002 nodes; the baseline splits it
  into lines and each statement into context / extension / priority / application, with
  comments stripped (the least a dialplan reader does);
* ``freeswitch``: ``ivr.conf.xml`` with 2,500 menus of three entries (10,000 nodes); the
  baseline is ``xml.etree.ElementTree.fromstring`` (C, no element lines, no defusing).

Times are CPU time; the figures are medians of the per-repetition ratios. Goal: <= 3x.
Exit status 0 when every goal is met, 1 otherwise. Add a case (Studio flows, ...) to CASES.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ivr  # noqa: E402

GOAL = 3.0


def asterisk_text(contexts: int = 3334) -> str:
    out = ["[general]", "autofallthrough=yes", ""]
    for i in range(contexts):
        kids = [k for k in (3 * i + 1, 3 * i + 2) if k < contexts]
        out += [
            f"[menu{i}]",
            f"exten => s,1,Background(menu-{i}) ;ivr duration=6",
            " same => n,WaitExten(5)",
        ]
        out += [f"exten => {d},1,Goto(menu{k},s,1)" for d, k in zip("12", kids, strict=False)]
        out += [
            f"exten => 0,1,Queue(team{i % 50})",
            "exten => t,1,Goto(s,1)",
            "exten => i,1,Playback(invalid)",
            " same => n,Goto(s,1)",
            "",
        ]
    return "\n".join(out)


def asterisk_baseline(text: str) -> int:
    """Lines, comments stripped, statements split into their fields."""
    count = 0
    for line in text.split("\n"):
        code = line.split(";", 1)[0].strip()
        if not code:
            continue
        if code.startswith("["):
            count += 1
            continue
        _, _, rest = code.partition("=>")
        fields = rest.split(",", 2)
        count += len(fields)
    return count


def freeswitch_text(menus: int = 2500) -> str:
    out = ['<?xml version="1.0"?>', '<configuration name="ivr.conf">', "<menus>"]
    for i in range(menus):
        kid = 2 * i + 1
        out.append(
            f'<menu name="m{i}" greet-long="m{i}.wav" timeout="5000" max-failures="3" '
            'max-timeouts="3">'
        )
        if kid < menus:
            out.append(f'<entry action="menu-sub" digits="1" param="m{kid}"/>')
        out.append(f'<entry action="menu-exec-app" digits="0" param="transfer {i} XML default"/>')
        out.append('<entry action="menu-exec-app" digits="9" param="hangup"/>')
        out.append("</menu>")
    out += ["</menus>", "</configuration>"]
    return "\n".join(out)


def freeswitch_baseline(text: str) -> int:
    return len(ElementTree.fromstring(text.encode()))


CASES: list[tuple[str, str, Callable[[], str], Callable[[str], int]]] = [
    ("asterisk", "extensions.conf", asterisk_text, asterisk_baseline),
    ("freeswitch", "ivr.conf.xml", freeswitch_text, freeswitch_baseline),
]


def _cpu(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    reps = 3 if parser.parse_args().quick else 7
    print("| platform | nodes | file | ivr.load | baseline | ratio | goal |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for name, file_name, make, baseline in CASES:
            path = Path(folder) / file_name
            text = make()
            path.write_text(text, encoding="utf-8")
            hotline = ivr.load(path)  # warm up; and the node count
            nodes = sum(len(m.nodes) for m in hotline.menus)
            ours, theirs = [], []
            for _ in range(reps):
                theirs.append(_cpu(lambda b=baseline, p=path: b(p.read_text(encoding="utf-8"))))
                ours.append(_cpu(lambda p=path: ivr.load(p)))
            ratio = statistics.median(a / b for a, b in zip(ours, theirs, strict=True))
            met = ratio <= GOAL
            ok = ok and met
            print(
                f"| {name} | {nodes:,} | {len(text) / 1e6:.1f} MB | "
                f"{statistics.median(ours):.3f} s | {statistics.median(theirs) * 1e3:.1f} ms | "
                f"**{ratio:.1f}x** | <= {GOAL:g}x: {'met' if met else 'missed'} |"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
