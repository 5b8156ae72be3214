"""Entry point of ``make bench``: ``python benchmarks/run.py [--quick] [--help]``.

Writes benchmarks/results/latest.json and latest.md and docs/bench-pages-per-second.png. See
benchmarks/main.py for the options and benchmarks/suite.py for what is measured.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _main() -> int:
    # Run as a script, Python puts benchmarks/ on the path, not the checkout that holds it.
    checkout = str(Path(__file__).resolve().parent.parent)
    if checkout not in sys.path:
        sys.path.insert(0, checkout)
    from benchmarks.main import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(_main())
