"""A real Scrapyd on 127.0.0.1: the project goes on it with scrapyd-deploy, a crawl scheduled with
schedule.json runs to completion and writes its JSONL and WARC where the settings say."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import read_jsonl
from tests.scaling.conftest import RedisServer
from zonenews.commands.demo import sample_site
from zonenews.sample_site.twins import twin

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
ARTICLES = 8


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as reply:
        return json.loads(reply.read())


def _post(url: str, fields: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=10) as reply:
        return json.loads(reply.read())


@pytest.fixture
def scrapyd(tmp_path: Path):
    """Scrapyd cannot listen on port 0: try random high ports until one binds (no race: the
    port is never bound and released by the test itself)."""
    for port in random.Random().sample(range(20000, 60000), 5):
        conf = tmp_path / "scrapyd.conf"
        conf.write_text(
            f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\n"
            f"eggs_dir = {tmp_path / 'eggs'}\nlogs_dir = {tmp_path / 'logs'}\n"
            f"dbs_dir = {tmp_path / 'dbs'}\nitems_dir =\nmax_proc = 2\npoll_interval = 0.5\n"
        )
        proc = subprocess.Popen(
            [BIN / "scrapyd"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            if _answers(proc, base):
                yield base, tmp_path
                return
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    pytest.fail("scrapyd did not start on any of 5 ports")


def _answers(proc: subprocess.Popen, base: str) -> bool:
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            return _get(base + "daemonstatus.json")["status"] == "ok"
        except OSError:
            time.sleep(0.2)
    return False


def _deploy(base: str) -> None:
    env = {**os.environ, "SCRAPYD_URL": base}
    deploy = subprocess.run(
        [BIN / "scrapyd-deploy", "env", "-v", "test1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert deploy.returncode == 0, deploy.stderr[-3000:]
    assert '"status": "ok"' in deploy.stdout
    assert "zone" in _get(base + "listspiders.json?project=zonenews")["spiders"]


def _wait_finished(base: str, jobs: set[str]) -> None:
    deadline = time.monotonic() + 300
    while not jobs <= {j["id"] for j in _get(base + "listjobs.json")["finished"]}:
        assert time.monotonic() < deadline, "the scheduled crawls did not finish"
        time.sleep(0.5)


def test_deploy_schedule_and_collect(scrapyd, tmp_path: Path) -> None:
    base, workdir = scrapyd
    _deploy(base)

    out, warc = tmp_path / "jsonl", tmp_path / "warc"
    with sample_site(ARTICLES, truth=tmp_path / "truth.jsonl") as site_url:
        root = twin("foshannews", site_url).root
        fields = [("project", "zonenews"), ("spider", "zone"), ("site", "foshannews")]
        fields += [("root", root), ("jobid", "fs1")]
        settings = {
            "ZONENEWS_OUTPUT_DIR": str(out),
            "ZONENEWS_WARC_DIR": str(warc),
            "AUTOTHROTTLE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
        }
        fields += [("setting", f"{name}={value}") for name, value in settings.items()]
        assert _post(base + "schedule.json", fields)["status"] == "ok"
        deadline = time.monotonic() + 180
        while not any(j["id"] == "fs1" for j in _get(base + "listjobs.json")["finished"]):
            assert time.monotonic() < deadline, "the scheduled crawl did not finish"
            time.sleep(0.5)
    truth = [a for a in read_jsonl(tmp_path / "truth.jsonl") if a["site"] == "foshannews"]
    (jsonl,) = out.glob("foshannews-*.jsonl")
    records = read_jsonl(jsonl)
    assert {r["url"] for r in records} == {a["url"] for a in truth}
    assert len(records) == ARTICLES
    warcs = list(warc.glob("*.warc.gz"))
    assert warcs
    for path in warcs:
        check = subprocess.run([BIN / "warcio", "check", path], capture_output=True, text=True)
        assert check.returncode == 0
    log = next((workdir / "logs" / "zonenews" / "zone").glob("fs1.log")).read_text()
    assert "'finish_reason': 'finished'" in log


def test_two_workers_scheduled_on_scrapyd_share_one_crawl(
    scrapyd, redis_server: RedisServer, tmp_path: Path
) -> None:
    """Two jobs of one site on one Redis: the crawl's two workers, every article once."""
    base, _ = scrapyd
    _deploy(base)
    out = tmp_path / "jsonl"
    articles = 60
    with sample_site(articles, truth=tmp_path / "truth.jsonl") as site_url:
        root = twin("foshannews", site_url).root
        settings = {
            "ZONENEWS_OUTPUT_DIR": str(out),
            "ZONENEWS_WARC_DIR": str(tmp_path / "warc"),
            "ZONENEWS_REDIS_URL": redis_server.url,
            "ZONENEWS_CRAWL_ID": "scrapyd-1",
            "AUTOTHROTTLE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
            "CONCURRENT_REQUESTS": "2",
        }
        for job in ("w1", "w2"):
            fields = [("project", "zonenews"), ("spider", "zone"), ("site", "foshannews")]
            fields += [("root", root), ("jobid", job)]
            fields += [("setting", f"{name}={value}") for name, value in settings.items()]
            assert _post(base + "schedule.json", fields)["status"] == "ok"
        _wait_finished(base, {"w1", "w2"})
    truth = {a["url"] for a in read_jsonl(tmp_path / "truth.jsonl") if a["site"] == "foshannews"}
    files = sorted(out.glob("foshannews-scrapyd-1-*.jsonl"))
    assert len(files) == 2  # one per worker: host and process in the name
    urls = [record["url"] for path in files for record in read_jsonl(path)]
    assert sorted(urls) == sorted(truth)
    joined = redis_server.client().smembers("zonenews:scrapyd-1:workers")
    assert len(joined) == 2
    # The crawl's report and index, from both jobs' parts in Redis and their files here.
    command = [BIN / "zonenews", "gather", "--redis", redis_server.url, "--crawl", "scrapyd-1"]
    command += ["--out", str(out), "--warc-dir", str(tmp_path / "warc")]
    gathered = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert gathered.returncode == 0, gathered.stderr[-3000:]
    report = json.loads((out / "report-scrapyd-1.json").read_text(encoding="utf-8"))
    assert report["articles"] == articles
    assert report["sites"]["foshannews"]["unwritten"] == 0
    assert (tmp_path / "warc" / "zonenews-scrapyd-1.cdxj").exists()
