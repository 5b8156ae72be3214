"""Debian's nginx serving a static export on 127.0.0.1, with a private configuration.

The Python sample server caps every crawler at its own speed; nginx does not. Everything nginx
writes (pid, error log, temp folders) stays in the benchmark's temp folder, the access log is off,
and the listening socket is bound here and handed to nginx (nginx's ``NGINX`` inherited-socket
variable), so the port is known before the site is exported and no other process can take it in
between.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from benchmarks.export import INDEX_NAME
from benchmarks.tools import ensure_tool
from zonenews.sample_site import special

CONFIG = """\
daemon off;
master_process on;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    log_not_found off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    types {{
        text/html html htm;
        text/css css;
        text/plain txt;
        image/jpeg jpg jpeg;
        image/png png;
    }}
    default_type application/octet-stream;
    server {{
        listen {host}:{port};
        root {root};
        index {index};
        location = {redirect_start} {{ return 301 {redirect_hop}; }}
        location = {redirect_hop} {{ return 302 {redirect_target}; }}
    }}
}}
"""


def nginx_binary() -> str:
    """Debian's nginx (``nginx-light``, which bookworm maps onto ``nginx``), installed if absent."""
    return ensure_tool("nginx", "nginx-light")


class Nginx:
    """One nginx master (one worker) serving ``root``; use as a context manager.

    Bind first (:meth:`bind`, which gives the base URL), export into ``root`` (``workdir/site``),
    then start. nginx's own files go to ``workdir/nginx``.
    """

    def __init__(self, workdir: Path, host: str = "127.0.0.1") -> None:
        self.binary = nginx_binary()
        self.workdir = workdir
        self.run_dir = workdir / "nginx"
        self.root = workdir / "site"
        self.host = host
        self._socket: socket.socket | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    def bind(self) -> str:
        """Reserve the listening socket; return the base URL the site must be exported for."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        sock.listen(511)
        sock.set_inheritable(True)
        self._socket = sock
        return self.base_url

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("bind() first")
        return int(self._socket.getsockname()[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def config(self) -> str:
        return CONFIG.format(
            run=self.run_dir,
            host=self.host,
            port=self.port,
            root=self.root,
            index=INDEX_NAME,
            redirect_start=special.REDIRECT_START,
            redirect_hop=special.REDIRECT_HOP,
            redirect_target=self.base_url + special.REDIRECT_TARGET,
        )

    def start(self) -> Nginx:
        if self._socket is None:
            self.bind()
        assert self._socket is not None
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # Workers started by root drop to Debian's default user: the tree must be readable to it
        # (a temp folder is made 0700).
        for folder in (self.workdir, self.run_dir, self.root):
            folder.chmod(folder.stat().st_mode | 0o755)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(self.config(), encoding="utf-8")
        fd = self._socket.fileno()
        error_log = self.run_dir / "error.log"
        self._proc = subprocess.Popen(
            [self.binary, "-p", str(self.run_dir), "-e", str(error_log), "-c", str(conf)],
            env={**os.environ, "NGINX": f"{fd};"},
            pass_fds=(fd,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_until_serving()
        return self

    def _wait_until_serving(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                error = self._proc.stderr.read().decode() if self._proc.stderr else ""
                raise RuntimeError(f"nginx exited with {self._proc.returncode}: {error}")
            try:
                with urllib.request.urlopen(self.base_url + "/robots.txt", timeout=2):
                    return
            except urllib.error.HTTPError as error:
                raise RuntimeError(f"nginx answers {error.code} for /robots.txt") from error
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not answer within 10 seconds")

    def stop(self) -> None:
        """Quit nginx (SIGQUIT would wait for keep-alive clients; SIGTERM is a fast shutdown)."""
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stderr is not None:
                self._proc.stderr.close()
            self._proc = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
