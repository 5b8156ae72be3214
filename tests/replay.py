"""pywb driven as an archivist would: wb-manager init/add, then wayback on loopback."""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import require_tool
from tests.ports import listening_ports

PYWB_BIN = Path(__file__).resolve().parents[1] / ".venv-pywb" / "bin"


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
def replaying(
    warcs: list[Path], workdir: Path, collection: str = "zone", *, access_log: Path | None = None
) -> Iterator[str]:
    """A wayback server on 127.0.0.1 replaying ``warcs``; yields the collection's base URL.

    With ``access_log``, wayback's stderr goes to that file: its server writes one line per
    request it answered there (``"GET /path HTTP/1.1" status ...``, see :func:`access_lines`)."""
    require_tool(str(PYWB_BIN / "wayback"))  # `make pywb`
    require_tool("/proc/net/tcp")  # Linux /proc, to find wayback's port
    for args in (("init", collection), ("add", collection, *warcs)):
        command = [str(PYWB_BIN / "wb-manager"), *map(str, args)]
        result = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    command = [str(PYWB_BIN / "wayback"), "-b", "127.0.0.1", "-p", "0"]
    with open(access_log or os.devnull, "wb") as log:
        process = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=log)
        try:
            yield f"{replay_base(process, collection)}/{collection}"
        finally:
            process.terminate()
            process.wait(timeout=30)


_ACCESS = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[0-9.]+" (?P<status>\d{3}) ')


def access_lines(log: str) -> list[tuple[str, int]]:
    """(path, status) of every request in a wayback access log, in order."""
    return [(m["path"], int(m["status"])) for m in _ACCESS.finditer(log)]


def replay_stamp(warc_date: str) -> str:
    """The 14-digit timestamp pywb expects for a capture made at ``warc_date``."""
    return "".join(ch for ch in warc_date if ch.isdigit())[:14]
