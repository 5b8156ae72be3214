"""pywb driven as an archivist would: wb-manager init/add, then wayback on loopback."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warc_helpers import REPO, require

PYWB_BIN = REPO / ".venv-pywb" / "bin"


def listening_ports(pid: int) -> set[int]:
    """TCP ports process ``pid`` listens on (Linux /proc): no port is picked in advance."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def replay_base(process: subprocess.Popen[bytes], collection: str) -> str:
    """The base URL of the wayback process once its collection answers."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "wayback exited"
        for port in listening_ports(process.pid):
            base = f"http://127.0.0.1:{port}"
            try:
                if fetch(f"{base}/{collection}/")[0] == 200:
                    return base
            except OSError:
                continue
        time.sleep(0.3)
    raise AssertionError("wayback did not start")


@contextmanager
def replaying(warcs: list[Path], workdir: Path, collection: str = "zone") -> Iterator[str]:
    """A wayback server on 127.0.0.1 replaying ``warcs``; yields the collection's base URL."""
    require(PYWB_BIN / "wayback", "pywb venv at .venv-pywb")
    require(Path("/proc/net/tcp"), "Linux /proc")
    for args in (("init", collection), ("add", collection, *warcs)):
        command = [str(PYWB_BIN / "wb-manager"), *map(str, args)]
        result = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    command = [str(PYWB_BIN / "wayback"), "-b", "127.0.0.1", "-p", "0"]
    process = subprocess.Popen(
        command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield f"{replay_base(process, collection)}/{collection}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def replay_stamp(warc_date: str) -> str:
    """The 14-digit timestamp pywb expects for a capture made at ``warc_date``."""
    return "".join(ch for ch in warc_date if ch.isdigit())[:14]
