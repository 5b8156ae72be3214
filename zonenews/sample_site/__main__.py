"""``python -m zonenews.sample_site`` (``zonenews sample-site``): serve, write the truth, or both.

The first line on stdout names the base URL (``http://127.0.0.1:PORT``), printed once the server
listens and the truth file (if asked for) is complete, so a parent process can read it and start.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from zonenews.sample_site.editions import EDITIONS
from zonenews.sample_site.faults import FaultSpec, FaultSpecError
from zonenews.sample_site.server import serve
from zonenews.sample_site.site import DEFAULT_SEED, SampleSite
from zonenews.sample_site.truth import write_truth


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zonenews sample-site",
        description="Serve the bundled sample site on loopback and/or write its ground truth.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port; 0 lets the OS pick one")
    parser.add_argument("--articles", type=int, default=500, help="articles per family")
    parser.add_argument("--seed", default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--edition", type=int, default=1, choices=EDITIONS)
    parser.add_argument("--truth", metavar="FILE", help="write the ground truth (JSON Lines)")
    parser.add_argument(
        "--no-serve", action="store_true", help="only write --truth for --host/--port, then exit"
    )
    parser.add_argument(
        "--faults",
        metavar="SPEC",
        help="inject faults: 'all', or names and name=share, plus seed=N, comma-separated "
        "(see zonenews/sample_site/faults.py); --truth then marks each article recoverable",
    )
    parser.add_argument(
        "--drift",
        metavar="FAMILY",
        help="serve FAMILY's article pages in a changed template (renamed classes): what a crawl "
        "does when a site changes its markup",
    )
    return parser


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    if argv and argv[0] == "--":  # ``zonenews sample-site -- --port 8000`` passes the separator on
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    try:
        faults = FaultSpec.parse(args.faults) if args.faults is not None else None
    except FaultSpecError as error:
        print(f"sample-site: {error}", file=sys.stderr)
        return 2
    try:
        site = SampleSite(args.edition, args.articles, args.seed, faults, drift=args.drift)
    except ValueError as error:
        print(f"sample-site: {error}", file=sys.stderr)
        return 2
    if args.no_serve:
        if not args.truth:
            print("sample-site: --no-serve needs --truth FILE", file=sys.stderr)
            return 2
        if args.port == 0:
            print("sample-site: --no-serve needs the real --port of the URLs", file=sys.stderr)
            return 2
        count = write_truth(site, args.truth, f"http://{args.host}:{args.port}")
        print(f"wrote {count} truth records to {args.truth}", file=sys.stderr)
        return 0
    running = serve(site, args.host, args.port)
    try:
        if args.truth:
            count = write_truth(site, args.truth, running.base_url)
            print(f"wrote {count} truth records to {args.truth}", file=sys.stderr)
        print(f"Serving the zonenews sample site at {running.base_url}/", flush=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _stop_on_sigterm)
        while running.serving:
            running.wait(timeout=1.0)
    except KeyboardInterrupt:
        return 0
    finally:
        running.stop()


if __name__ == "__main__":
    sys.exit(main())
