"""Cross-checks with tools nobody can argue with: wget's own WARC, and pywb replay."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from warc_helpers import REPO, all_records, require
from warc_site import CHUNKED_PARTS, IMAGE, PLAIN, SEARCH
from warcio.archiveiterator import ArchiveIterator

if TYPE_CHECKING:
    from warc_helpers import Capture
    from warc_site import Site

PYWB_BIN = REPO / ".venv-pywb" / "bin"
# Identity pages wget and the crawl both receive unchanged; /chunked is left out because
# wget digests the chunk framing it stores, and /gzip is fetched with --compression=gzip.
IDENTITY_TARGETS = ("/plain", "/cookies", "/image.png", "/search?q=zone&page=2", "/redirect/1")
REPLAYED = {
    "/plain": PLAIN,
    "/copy": PLAIN,
    "/chunked": b"".join(CHUNKED_PARTS),
    "/search?q=zone&page=2": SEARCH,
    "/image.png": IMAGE,
}


def digests_by_target(paths: list[Path], base: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "revisit"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI").strip("<>")
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                found.setdefault(url.removeprefix(base), set()).add(digest)
    return found


def wget(site: Site, out: Path, *options: str, targets: tuple[str, ...]) -> Path:
    binary = require(Path(shutil.which("wget") or "/nonexistent"), "wget")
    command = [
        str(binary),
        "--no-verbose",
        "--tries=1",
        "--no-proxy",
        f"--warc-file={out}",
        "--no-warc-keep-log",
        "-O",
        os.devnull,
        *options,
        *(site.url(target) for target in targets),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return out.with_name(out.name + ".warc.gz")


def test_wget_gives_the_same_payload_digests(capture: Capture, site: Site, tmp_path: Path) -> None:
    plain = wget(site, tmp_path / "identity", targets=IDENTITY_TARGETS)
    gzipped = wget(site, tmp_path / "gzip", "--compression=gzip", targets=("/gzip",))
    theirs = digests_by_target([plain, gzipped], site.base)
    ours = digests_by_target(capture.crawl.warcs, capture.site.base)
    compared = [*IDENTITY_TARGETS, "/redirect/2", "/final", "/gzip"]
    assert set(compared) <= set(theirs)
    for target in compared:
        assert theirs[target] == ours[target], target


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


def test_pywb_replays_the_original_payloads(capture: Capture, tmp_path: Path) -> None:
    require(PYWB_BIN / "wayback", "pywb venv at .venv-pywb")
    require(Path("/proc/net/tcp"), "Linux /proc")

    def manager(*args: str | Path) -> None:
        command = [str(PYWB_BIN / "wb-manager"), *map(str, args)]
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    manager("init", "zone")
    manager("add", "zone", *capture.crawl.warcs)
    command = [str(PYWB_BIN / "wayback"), "-b", "127.0.0.1", "-p", "0"]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = replay_base(process, "zone")
        dates = {
            record.header("WARC-Target-URI"): record.header("WARC-Date")
            for record in all_records(capture.crawl.warcs)
            if record.type in ("response", "revisit")
        }
        for target, original in REPLAYED.items():
            url = capture.site.url(target)
            stamp = "".join(ch for ch in dates[url] if ch.isdigit())[:14]
            status, headers, body = fetch(f"{base}/zone/{stamp}id_/{url}")
            assert status == 200, target
            assert body == original, target
            assert headers["Content-Type"] != "application/warc-fields"
    finally:
        process.terminate()
        process.wait(timeout=30)
