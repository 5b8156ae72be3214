"""The ``zonenews`` command line: crawl, demo, sample-site, show, wacz, extract, sites, report,
check, new-site.

Every crawl command takes ``-s NAME=VALUE`` Scrapy settings, as ``scrapy crawl`` does. Errors a
user can fix are one line on stderr and a non-zero exit code (docs/operations.md, exit codes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zonenews import __version__
from zonenews.archive.early import discard_early_writer, start_early_writer
from zonenews.commands.exitcodes import (
    EXIT_FAILURE,
    EXIT_OUTPUT,
    EXIT_REDIS,
    EXIT_STATE,
    EXIT_USAGE,
)
from zonenews.commands.fetch import PoliteClient
from zonenews.commands.report import HISTORY_CRAWLS
from zonenews.commands.scale import (
    NoCrawl,
    add_worker_commands,
    child_args,
    run_worker_command,
    state_settings,
)
from zonenews.commands.select import NoEntries, select_entries, sites_table
from zonenews.crawler.validate import SettingsError, check_settings
from zonenews.sample_site.twins import twins
from zonenews.sites.catalog import SiteDataError, SiteEntry, UnknownSite, all_entries, get_entry
from zonenews.state import StateError
from zonenews.state.redis import RedisUnreachable, connect


class UsageError(Exception):
    """A mistake in the command line: reported in one line with exit code 2."""


def parse_settings(pairs: list[str]) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"-s takes NAME=VALUE, got {pair!r}")
        settings[name.strip()] = value
    return settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zonenews", description="Crawl development-zone news into JSON Lines and WARC."
    )
    parser.add_argument("--version", action="version", version=f"zonenews {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    crawl = sub.add_parser("crawl", help="crawl site entries (real sites: polite settings)")
    crawl.add_argument("sites", nargs="*", metavar="KEY", help="site keys (see `zonenews sites`)")
    crawl.add_argument("--all", action="store_true", help="crawl every site entry")
    crawl.add_argument(
        "--zone", action="append", default=[], metavar="NAME", help="every site of zone NAME"
    )
    crawl.add_argument(
        "--platform",
        action="append",
        default=[],
        metavar="NAME",
        help="every site on platform NAME",
    )
    crawl.add_argument("--out", type=Path, default=None, help="JSONL folder (ZONENEWS_OUTPUT_DIR)")
    crawl.add_argument(
        "--warc-dir", type=Path, default=None, help="WARC folder (ZONENEWS_WARC_DIR)"
    )
    crawl.add_argument(
        "--state",
        metavar="DIR",
        help="crawl state folder: known articles are fetched conditionally (ZONENEWS_STATE_DIR)",
    )
    crawl.add_argument(
        "--job",
        type=Path,
        metavar="DIR",
        help="job folder: run the same command again to resume after Ctrl-C or a kill",
    )
    crawl.add_argument(
        "--sample",
        metavar="URL",
        help="crawl the entries' twins on a running sample site at URL (e.g. http://127.0.0.1:8000)",
    )
    crawl.add_argument(
        "--processes",
        type=int,
        default=1,
        metavar="N",
        help="share the sites out among N local processes (0: one per core; default 1)",
    )
    crawl.add_argument(
        "--redis",
        metavar="URL",
        help="share the crawl with workers on this Redis (`zonenews worker --redis URL` joins)",
    )
    # Set by the parent of --processes N in each of its processes.
    crawl.add_argument("--crawl-id", help=argparse.SUPPRESS)
    crawl.add_argument("--part", type=Path, help=argparse.SUPPRESS)
    _add_settings_option(crawl)

    demo = sub.add_parser("demo", help="serve the sample site on loopback and crawl all of it")
    demo.add_argument("--out", type=Path, default=Path("output/demo"), help="output folder")
    demo.add_argument("--articles", type=int, default=500, help="articles per family")
    demo.add_argument("--edition", type=int, default=1, help="sample-site edition to serve")
    demo.add_argument("--state", type=Path, metavar="DIR", help="crawl state folder")
    demo.add_argument(
        "--port",
        type=int,
        default=0,
        help="sample-site port (0: any free one); keep it for incremental demos, whose URLs "
        "must not change",
    )
    demo.add_argument(
        "--faults",
        metavar="SPEC",
        help="serve the sample site with faults: 'all' or NAME[=SHARE],... (`sample-site --help`)",
    )
    _add_settings_option(demo)

    sub.add_parser(
        "sample-site",
        help="serve the bundled sample site on 127.0.0.1 (see `zonenews sample-site --help`)",
    )

    show = sub.add_parser("show", help="extract one page and say which rule gave each field")
    show.add_argument("target", help="a URL or a saved HTML file")
    show.add_argument("--site", help="site entry whose rules apply (default: by URL)")
    show.add_argument("--family", help="template family whose rules apply")
    show.add_argument("--url", help="the page's URL, when TARGET is a file")

    wacz = sub.add_parser("wacz", help="package a crawl folder (JSONL + WARC) as WACZ")
    wacz.add_argument("folder", type=Path)
    wacz.add_argument("-o", "--output", type=Path, required=True)
    wacz.add_argument(
        "--no-text",
        dest="text",
        action="store_false",
        help="leave the articles' text out of pages.jsonl (no full-text search in ReplayWeb.page)",
    )

    extract = sub.add_parser(
        "extract", help="rebuild the JSON Lines from web archives (WARC, WARC.gz, WACZ, folders)"
    )
    extract.add_argument("archives", nargs="+", type=Path, metavar="ARCHIVE")
    extract.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write")
    extract.add_argument(
        "-j", "--jobs", type=int, default=0, help="worker processes (0: one per core)"
    )

    add_worker_commands(sub, _add_settings_option)
    sub.add_parser("sites", help="list the site entries")
    report = sub.add_parser(
        "report", help="the HTML report of the last crawls recorded in a crawl state folder"
    )
    report.add_argument("state", type=Path, metavar="STATE_DIR")
    report.add_argument("-o", "--output", type=Path, help="HTML file (default: in STATE_DIR)")
    report.add_argument(
        "--last", type=int, default=HISTORY_CRAWLS, metavar="N", help="crawls per site"
    )
    _add_settings_option(report)
    _add_doctor_commands(sub)
    return parser


def _add_doctor_commands(sub: Any) -> None:
    check = sub.add_parser("check", help="check site entries against their live sites")
    check.add_argument("sites", nargs="*", metavar="KEY", help="site keys (see `zonenews sites`)")
    check.add_argument("--all", action="store_true", help="check every site entry")
    check.add_argument("--zone", help="check every entry of this zone")
    check.add_argument("--root", metavar="URL", help="check the one entry named as served at URL")
    new_site = sub.add_parser(
        "new-site", help="propose an entry for a list or article URL, then check it"
    )
    new_site.add_argument("url", metavar="URL")
    for option in ("key", "name", "zone", "zone-name"):
        new_site.add_argument(f"--{option}", help=f"the proposed entry's {option}")
    for parser in (check, new_site):
        parser.add_argument("--save", type=Path, metavar="DIR", help="keep the pages as fixtures")
        parser.add_argument("--delay", type=float, default=None, help="seconds between requests")
        parser.add_argument("--timeout", type=float, default=None, help="seconds per request")
        parser.add_argument("--user-agent", help="User-Agent (default: the crawl's USER_AGENT)")


def _add_settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a Scrapy setting (repeatable)",
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["sample-site"]:
        # The sample site owns its options (and its --help): hand them over untouched.
        from zonenews.sample_site.__main__ import main as sample_main

        return sample_main(argv[1:]) or 0
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (UsageError, UnknownSite, NoEntries, SiteDataError, SettingsError) as error:
        print(f"zonenews: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except NoCrawl as error:
        print(f"zonenews: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RedisUnreachable as error:
        print(f"zonenews: error: {error}", file=sys.stderr)
        return EXIT_REDIS
    except StateError as error:
        print(f"zonenews: error: {error}", file=sys.stderr)
        return EXIT_STATE
    except OSError as error:
        print(f"zonenews: error: cannot write output: {error}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        return EXIT_FAILURE
    finally:
        # A WARC writer started for a crawl that did not use it (zonenews.archive.early).
        discard_early_writer()


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "sites":
        print(sites_table(list(all_entries().values())))
        return 0
    if args.command == "crawl":
        return _crawl(args)
    if args.command in ("worker", "gather"):
        return run_worker_command(args, parse_settings(args.settings))
    if args.command == "demo":
        overrides = parse_settings(args.settings)
        if args.state:
            overrides["ZONENEWS_STATE_DIR"] = str(args.state)
        if args.faults:
            from zonenews.sample_site.faults import FaultSpec, FaultSpecError

            try:
                FaultSpec.parse(args.faults)
            except FaultSpecError as error:
                raise UsageError(str(error)) from None
        check_settings(overrides)
        start_early_writer(overrides)
        from zonenews.commands.demo import run_demo

        return run_demo(
            args.out,
            args.articles,
            overrides,
            edition=args.edition,
            faults=args.faults,
            port=args.port,
        )
    if args.command == "show":
        from zonenews.commands.show import show

        return show(args.target, site=args.site, family=args.family, url=args.url)
    if args.command == "extract":
        from zonenews.reextract.run import run_extract

        return run_extract(args.archives, args.output, jobs=args.jobs)
    if args.command == "wacz":
        return _wacz(args.folder, args.output, text=args.text)
    if args.command == "report":
        return _report(args)
    if args.command in ("check", "new-site"):
        return _doctor(args)
    raise UsageError(f"unknown command {args.command!r}")


def _crawl(args: argparse.Namespace) -> int:
    # On the sample site the keys, zones and platforms are those of its own sections' twins.
    pool = {entry.key: entry for entry in twins(args.sample)} if args.sample else None
    entries = select_entries(args.sites, args.zone, args.platform, args.all, pool)
    if args.sample:
        from zonenews.crawler.settings import SAMPLE_SITE_SETTINGS

        overrides = {**SAMPLE_SITE_SETTINGS, **parse_settings(args.settings)}
    else:
        overrides = parse_settings(args.settings)
    if args.state:
        overrides.update(state_settings(args.state))
    out = args.out or Path(overrides.get("ZONENEWS_OUTPUT_DIR", "output"))
    # Before anything starts: a mistyped value would otherwise surface in every crawler at once,
    # or only after the whole site has been crawled.
    check_settings(overrides)
    if args.processes < 0:
        raise UsageError("--processes takes a number of processes, 0 for one per core")
    plan_args = {"entries": entries, "out_dir": out, "warc_dir": args.warc_dir, "job": args.job}
    if args.redis:
        if args.processes != 1 or args.job:
            raise UsageError("--redis shares the crawl with workers: no --processes, no --job")
        # What every worker must run alike; each adds its own folders and -s settings.
        shared = {"sites": [e.key for e in entries], "sample": args.sample}
        shared["settings"] = parse_settings(args.settings)
        if args.state:
            shared["settings"].update(state_settings(args.state))
        connect(args.redis)
        from zonenews.crawler.process import CrawlPlan
        from zonenews.crawler.redisrun import run_redis_crawl

        plan = CrawlPlan(**plan_args, overrides=overrides)
        return run_redis_crawl(plan, args.redis, shared).exit_code
    if args.processes != 1 and not args.part:
        from zonenews.crawler.process import CrawlPlan
        from zonenews.crawler.processes import default_processes, run_processes

        plan = CrawlPlan(**plan_args, overrides=overrides)
        processes = args.processes or default_processes()
        return run_processes(plan, processes, child_args(args, out), main).exit_code
    # The WARC writer starts while this process loads Scrapy (zonenews.archive.early).
    start_early_writer(overrides)
    from zonenews.crawler.process import CrawlPlan, run

    plan = CrawlPlan(**plan_args, overrides=overrides, crawl_id=args.crawl_id or "", part=args.part)
    return run(plan).exit_code


def _report(args: argparse.Namespace) -> int:
    from zonenews.commands.history import run_report

    if args.last < 1:
        raise UsageError("--last takes a number of crawls, 1 or more")
    store = parse_settings(args.settings).get("ZONENEWS_STATE_STORE")
    print(f"report: {run_report(args.state, args.output, args.last, store)}")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    # Imported for these commands only: extraction and recognition cost every crawl's start.
    from zonenews.commands.doctor import run_check, run_new_site

    client = PoliteClient()
    if args.delay is not None:
        client.delay = args.delay
    if args.timeout is not None:
        client.timeout = args.timeout
    if args.user_agent:
        client.user_agent = args.user_agent
    if args.command == "new-site":
        options = {"key": args.key, "name": args.name, "zone": args.zone}
        options["zone_name"] = args.zone_name
        names = {name: value for name, value in options.items() if value is not None}
        return run_new_site(args.url, client, names, args.save)
    return run_check(_checked_entries(args), client, args.save)


def _checked_entries(args: argparse.Namespace) -> list[SiteEntry]:
    if sum((bool(args.sites), args.all, args.zone is not None)) != 1:
        raise UsageError("name site keys, or give --zone ZONE or --all (one of them)")
    if args.zone is not None:
        entries = [entry for entry in all_entries().values() if entry.zone == args.zone]
        if not entries:
            zones = ", ".join(sorted({entry.zone for entry in all_entries().values()}))
            raise UsageError(f"no entry of zone {args.zone!r}; known zones: {zones}")
    else:
        entries = list(all_entries().values()) if args.all else [get_entry(k) for k in args.sites]
    if args.root is not None:
        if len(entries) != 1:
            raise UsageError("--root takes exactly one entry")
        entries = [entries[0].with_root(args.root)]
    return entries


def _wacz(folder: Path, output: Path, text: bool = True) -> int:
    from zonenews.archive.package import build_wacz

    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    jsonl = sorted(folder.rglob("*.jsonl"))
    warcs = sorted(folder.rglob("*.warc.gz"))
    if not warcs:
        raise UsageError(f"no .warc.gz files under {folder}")
    path = build_wacz(jsonl, warcs, output, text=text)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
