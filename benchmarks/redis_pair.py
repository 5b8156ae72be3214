"""A crawl of the served site by two zonenews workers on a Redis of their own, as one command.

``benchmarks/redis_pair.py BASE_URL OUT SETTING...``: starts redis-server on a free loopback port
(no persistence), runs ``zonenews crawl --redis`` (which works as the first worker) and one
``zonenews worker`` side by side, then stops Redis. Its time and CPU (GNU time, children
included) are those of the whole pair and of Redis.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis

CLI = "zonenews.commands.cli"


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    # benchmarks/main.py installs it before the run (benchmarks.tools.ensure_tool).
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    for port in random.Random().sample(range(20000, 60000), 5):
        command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
        server = subprocess.Popen(
            [*command, "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while server.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return server, f"redis://127.0.0.1:{port}/0"
            except OSError:
                time.sleep(0.05)
        server.terminate()
        server.wait()
    raise SystemExit("redis-server did not start")


def main(base_url: str, out: Path, settings: list[str]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    server, url = start_redis(out)
    try:
        options = ["--out", str(out / "jsonl"), "--warc-dir", str(out / "warc")]
        for setting in settings:
            options += ["-s", setting]
        crawl = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base_url]
        seeder = subprocess.Popen([*crawl, "--redis", url, *options])
        # The worker joins once the crawl's plan is there (a worker without a crawl stops).
        plans = redis.Redis.from_url(url)
        while not plans.get("zonenews:latest"):
            time.sleep(0.05)
        worker = subprocess.Popen([sys.executable, "-m", CLI, "worker", "--redis", url, *options])
        codes = [worker.wait(), seeder.wait()]
    finally:
        server.terminate()
        server.wait()
    return max(codes)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:]))
