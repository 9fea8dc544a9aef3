"""The app as `make run` serves it: Werkzeug's development server (`flask run`) and, beside it,
the outbox sender (`flask send-outbox --watch`), on a database file of the test's."""
import http.client
import os
import re
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

from .ports import free_port

ROOT = Path(__file__).resolve().parents[2]


class DevServer:
    def __init__(self, workdir, database_url, **environ):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.mailbox = self.workdir / "instance" / "dev-mailbox"
        self.env = {**os.environ, "SANCTUARY_ENV": "development", "SECRET_KEY": "dev-server",
                    "SANCTUARY_INSTANCE_PATH": str(self.workdir / "instance"),
                    "DATABASE_URL": database_url, "MAIL_SERVER": "", **environ}
        self.processes = []

    def _flask(self, *args):
        log = open(self.workdir / f"{args[0]}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", *args],
                                   cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((process, log))
        return process

    def start(self):
        self._flask("run", "--host", "127.0.0.1", "--port", str(self.port))
        self._flask("send-outbox", "--watch", "--every", "0.5")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"flask run did not start: {self.logs()}")

    def logs(self):
        return "\n".join(path.read_text() for path in sorted(self.workdir.glob("*.log")))

    def stop(self):
        for process, log in self.processes:
            process.terminate()
            process.wait(timeout=10)
            log.close()

    def mailbox_count(self):
        return len(list(self.mailbox.glob("*.eml"))) if self.mailbox.exists() else 0

    def ask_for_link_and_reset(self, email):
        """Ask for a sign-in link as a browser would, then reset the connection as soon as the
        response's headers are in (a browser that moves on after the redirect)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", "/sign-in")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        connection.close()
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        body = f"csrf_token={token}&email={email}&next=".replace("@", "%40").encode()
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        sock.sendall(b"POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n"
                     + f"Cookie: {cookie}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                     + body)
        received = b""
        while b"\r\n\r\n" not in received:
            received += sock.recv(4096)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
        return received.split(b" ", 2)[1].decode()  # the status code
