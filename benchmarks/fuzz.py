"""The long fuzz run (issue 15, item 7): mutants of menus until the time is up.

    python benchmarks/fuzz.py --minutes 5            # library on every mutant, CLI on some
    python benchmarks/fuzz.py --minutes 1 --seed 7   # another stream of mutants

Mutants of a small menu and of ``menus/mts`` (``short.yaml`` with the other files beside it),
at the text, data and meaning level (:mod:`ivr.testing.fuzz`), drawn by Hypothesis with random
seeds. Each mutant goes through the library contract (:func:`~ivr.testing.fuzz.check_contract`:
load, check and its reports, compile, simulate, routes, best-route highlight, render, lock,
diff); every ``--cli-every``-th also through the command line in child processes limited to
2 GB and 10 s (:func:`~ivr.testing.fuzz.check_cli`). A mutant that breaks the contract is a
finding: saved as ``tests/corpus/found-<hash>.yaml`` (the first lines say what broke), which
``tests/test_fuzz.py`` replays from then on. Prints the figures: mutants, operations' failures,
findings, time. Exit status 1 when something was found.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ivr.testing.fuzz import MINI, Mutant, check_cli, check_contract, mutants  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def save(mutant: Mutant, problems: list[str], name: str) -> Path:
    """A finding as a corpus case: the problems in comment lines above the mutant's text."""
    digest = hashlib.sha256(mutant.text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    path = CORPUS / f"found-{digest}.yaml"
    head = [f"# found by benchmarks/fuzz.py ({mutant.level}: {mutant.how}) in {name}"]
    head += [f"# {p.splitlines()[0][:150]}" for p in problems]
    path.write_text("\n".join(head) + "\n" + mutant.text, encoding="utf-8", errors="surrogatepass")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cli-every", type=int, default=25, help="CLI on every n-th mutant")
    args = parser.parse_args(argv)
    mts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "menus" / "mts").glob("*.yaml")}
    seeds = [("mini", MINI, None, "m.yaml"),
             ("mts", mts["short.yaml"], {k: v for k, v in mts.items() if k != "short.yaml"},
              "short.yaml")]  # fmt: skip
    deadline = time.monotonic() + args.minutes * 60
    figures = {"mutants": 0, "cli": 0, "findings": 0}
    stats: dict[str, int] = {}
    by_level: dict[str, int] = {}
    found: list[Path] = []
    started = time.monotonic()

    @settings(max_examples=20, deadline=None, database=None, phases=[Phase.generate],
              derandomize=False, suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.data())
    def run(data: st.DataObject) -> None:
        name, seed, beside, file = data.draw(st.sampled_from(seeds))
        mutant = data.draw(mutants(seed))
        figures["mutants"] += 1
        by_level[mutant.level] = by_level.get(mutant.level, 0) + 1
        original = seed if beside is None else None
        problems = check_contract(mutant.text, original=original, beside=beside, name=file,
                                  stats=stats)  # fmt: skip
        if not problems and beside is None and figures["mutants"] % args.cli_every == 0:
            figures["cli"] += 1
            problems = check_cli(mutant.text)
        if problems:
            figures["findings"] += 1
            found.append(save(mutant, problems, name))
            print(f"finding: {problems[0][:200]} -> {found[-1].name}", flush=True)

    batch = 0
    while time.monotonic() < deadline:  # batches of 20: each a fresh random stream
        (run if args.seed is None else seed(args.seed + batch)(run))()
        batch += 1
    elapsed = time.monotonic() - started
    levels = ", ".join(f"{k} {v:,}" for k, v in sorted(by_level.items()))
    print(f"{figures['mutants']:,} mutants ({levels}) in {elapsed:.0f} s "
          f"({figures['mutants'] / max(elapsed, 1e-9):.1f}/s), {stats.get('loaded', 0):,} loaded, "
          f"{stats.get('operations', 0):,} library operations; CLI on {figures['cli']:,} "
          f"(6 commands each); findings: {figures['findings']}")  # fmt: skip
    for path in found:
        print(f"  saved {path.relative_to(ROOT)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
