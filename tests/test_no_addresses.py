"""Residents leave no trace: served as in production (gunicorn with gunicorn.conf.py, behind one
proxy, redis as the rate-limit storage) with every logger at DEBUG, residents' requests forwarded
for one address leave it in no table, no log line and no redis key or value."""
import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.support import resident
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = "203.0.113.77"
AGENT = "ResidentBrowser/7.7 (trace-me)"
REFERER = "https://referer.example/trace-me"
EMAIL = "resident@example.org"
# An open campaign with a slot, before the server starts: its code and the slot's id, printed.
CAMPAIGN = """
import datetime
from sanctuary.checks import services
from sanctuary.checks.services import slots
from sanctuary.core.clock import london_today
from tests.factories import make_service
today = london_today()
campaign = services.create_campaign(
    title={"en": "Checks"}, starts_on=today, ends_on=today + datetime.timedelta(days=30),
    briefing={"en": "Go in pairs."}, script={"en": "I have just moved here."}, by=None)
services.open_campaign(campaign, by=None)
slot, = slots.open_slots(campaign, services=[make_service("Larkspur Lane Surgery").id],
                         day=today + datetime.timedelta(days=3), span="day", capacity=2,
                         by=None).slots
print(campaign.code, slot.id)
"""


def resident_requests(code, slot_id):
    """Residents' pages: (method, path, form, status). A POST is sent with the session's CSRF
    token. The check pages, from the campaign code to a report, and the probe."""
    return [
        ("GET", "/", None, 200),
        ("GET", "/privacy", None, 200),
        ("GET", "/privacy?lang=ar", None, 200),
        ("GET", "/checks", None, 200),
        ("POST", "/checks", {"code": "KTR-4PW-9ZD"}, 200),  # not found
        ("POST", "/checks", {"code": code}, 302),
        ("GET", "/checks/book", None, 200),
        ("POST", "/checks/book", {"slot": slot_id, "alias": "Robin", "email": EMAIL,
                                  "language": "en", "briefing_read": "y",
                                  "form_key": "0123456789abcdef0123456789abcdef"}, 302),
        ("GET", "/checks/booked", None, 200),
        ("GET", "/checks/my-check", None, 200),
        ("GET", "/checks/my-check/report", None, 200),
        ("POST", "/checks/my-check/report", {"channel": "phone", "notes": "Asked for ID."}, 302),
        ("POST", "/checks/lost-reference", {"email": EMAIL}, 200),
        ("POST", "/checks/return", {"reference": "KTR-4PW-9ZD"}, 200),
        ("GET", resident.PATH, None, 200),
        ("POST", resident.PATH, {"reference": "KTR-4PW-9ZD"}, 200),
        ("GET", "/no-such-page", None, 404),
    ]
PER_CLIENT = 10  # RATELIMIT_RESIDENT_PER_CLIENT for the probe, which the test then uses up


class Visitor:
    """A resident's browser behind the proxy: its cookies, its address forwarded, its agent."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def send(self, method, path, form=None):
        headers = {"X-Forwarded-For": ADDRESS, "User-Agent": AGENT, "Referer": REFERER}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrf_token": self.csrf_token, **form})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name] = value
        if token := re.search(r'name="csrf-token" content="([^"]+)"', page):
            self.csrf_token = token.group(1)
        return response.status


def start_gunicorn(workdir, env, port):
    out, err = open(workdir / "stdout.log", "w"), open(workdir / "stderr.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
         "--log-level", "debug", "tests.support.resident:app_with_probe()"],
        cwd=ROOT, env=env, stdout=out, stderr=err)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {(workdir / 'stderr.log').read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, (out, err)
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 seconds")


def database_text(path):
    """Every row of every table, all columns, as text."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: repr(connection.execute(f'SELECT * FROM "{table}"').fetchall())
                for table in tables}
    finally:
        connection.close()


@pytest.mark.redis
def test_residents_requests_leave_their_address_nowhere(sqlite_template, redis_server, tmp_path):
    database = tmp_path / "sanctuary.db"
    shutil.copyfile(sqlite_template, database)
    port = free_port()
    env = {**os.environ, "SANCTUARY_ENV": "development",
           "SECRET_KEY": "no-addresses", "SANCTUARY_INSTANCE_PATH": str(tmp_path / "instance"),
           "DATABASE_URL": f"sqlite:///{database}", "MAIL_SERVER": "",
           "PASSWORD_HASH_PROFILE": "cheapest", "LOG_LEVEL": "DEBUG", "TRUSTED_PROXIES": "1",
           "RATELIMIT_STORAGE_URI": redis_server.url,
           "RATELIMIT_RESIDENT_PER_CLIENT": f"{PER_CLIENT} per hour"}
    seeded = subprocess.run([sys.executable, "-c", "from sanctuary import create_app\n"
                             "app = create_app()\nwith app.app_context():\n"
                             + "".join(f"    {line}\n" for line in CAMPAIGN.splitlines())],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    code, slot_id = seeded.stdout.split()[-2:]
    requests = resident_requests(code, slot_id)
    process, logs = start_gunicorn(tmp_path, env, port)
    try:
        visitor = Visitor(port)
        statuses = [visitor.send(method, path, form) for method, path, form, _ in requests]
        # The rest of the probe's allowance, and one more: refused (and logged as refused).
        probe_hits = sum(path == resident.PATH for _, path, _, _ in requests)
        over = [visitor.send("GET", resident.PATH) for _ in range(PER_CLIENT - probe_hits + 1)]
        # The public pages ask nothing of the database; the health check does (logged at DEBUG).
        healthz = visitor.send("GET", "/healthz")
        # A request gunicorn cannot parse: its error log names the client (the proxy, here).
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"NONSENSE\r\n\r\n")
            sock.recv(4096)
    finally:
        process.terminate()
        process.wait(timeout=20)
        for log in logs:
            log.close()

    assert statuses == [status for *_, status in requests]
    rows = database_text(database)
    assert "Robin" in rows["check_booking"] and "Asked for ID." in rows["check_report"]
    assert EMAIL not in rows["outbox_message"]  # sent, then forgotten by the outbox
    assert over == [200] * (PER_CLIENT - probe_hits) + [429]
    assert healthz == 200
    lines = [line for name in ("stdout.log", "stderr.log")
             for line in (tmp_path / name).read_text().splitlines()]
    # What the test relies on happened: access lines, DEBUG from the app's libraries, the 429.
    assert any('"POST /resident-probe HTTP/1.1" 200' in line for line in lines)
    assert any("[DEBUG] peewee:" in line for line in lines)
    assert any("exceeded at endpoint: resident_probe.probe" in line for line in lines)
    [invalid] = [line for line in lines if "Invalid request" in line]
    assert "127.0.0.1" not in invalid

    for trace in (ADDRESS, "trace-me"):  # the address, and the agent and referer it came with
        assert [line for line in lines if trace in line] == []
        assert {table: rows for table, rows in database_text(database).items()
                if trace in rows} == {}
        for path in tmp_path.glob("sanctuary.db*"):  # the file, its WAL: deleted rows too
            assert trace.encode() not in path.read_bytes(), path.name
        assert {key: value for key, value in redis_server.dump().items()
                if trace in key or trace in value} == {}

    limit_keys = [key for key in redis_server.dump() if "resident-client" in key]
    # One per resident page visited, all under the same HMAC of the one address.
    clients = {re.search(r"/([0-9a-f]{64})/", key).group(1) for key in limit_keys}
    assert len(limit_keys) >= 2 and len(clients) == 1, limit_keys
