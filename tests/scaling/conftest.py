"""A real redis-server on a free loopback port, started and stopped by the tests."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_tool


def require_redis_extra() -> None:
    """The redis extra: skipped locally when absent, a failure on CI."""
    try:
        import redis  # noqa: F401
        import scrapy_redis  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the redis extra is required on CI (pip install -e '.[test]')")
        pytest.skip("the redis extra (redis, scrapy-redis) is not installed")


@dataclass
class RedisServer:
    binary: str
    folder: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it with append-only persistence, each write on disk before it is answered
        (a restart keeps everything); on the port it had, if it had one."""
        for _ in range(5):
            port = self.port or _free_port()
            command = [self.binary, "--bind", "127.0.0.1", "--port", str(port)]
            command += ["--dir", str(self.folder), "--save", "", "--appendonly", "yes"]
            command += ["--appendfsync", "always", "--protected-mode", "yes"]
            self.process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            if _answers(port, self.process):
                self.port = port
                return
            self.stop()
        pytest.fail("redis-server did not start")

    def stop(self, kill: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)


def _free_port() -> int:
    """redis-server cannot listen on port 0 and say which: random high ports are tried until
    one binds (the test never binds and releases a port itself)."""
    return random.Random().randrange(20000, 60000)


def _answers(port: int, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    # Another server on the port would answer too: ours must still be up.
                    time.sleep(0.2)
                    return process.poll() is None
        except OSError:
            time.sleep(0.1)
    return False


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    require_redis_extra()
    server = RedisServer(require_tool("redis-server"), tmp_path / "redis")
    server.folder.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()
