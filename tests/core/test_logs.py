import http.client
import socket
import time

import pytest

from sanctuary.config import ConfigError, load
from tests.support.devserver import DevServer


def wait_for_line(path, text, timeout=30):
    """The log's lines once one holds `text` (the server writes it after the response)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines()
        if any(text in line for line in lines):
            return lines
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never reached the log:\n{path.read_text()}")


def test_flask_run_logs_requests_without_the_clients_address(sqlite_url, tmp_path):
    server = DevServer(tmp_path, sqlite_url).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/healthz?probe=1", headers={"User-Agent": "Probe/1.0"})
        assert connection.getresponse().status == 200
        connection.close()
        # A request line the server cannot read: it logs an error, through the same path.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"GET /healthz NONSENSE/1.1\r\n\r\n")
            assert b"Error code: 400" in sock.recv(4096)
        lines = wait_for_line(tmp_path / "run.log", "NONSENSE/1.1")
    finally:
        server.stop()

    [request] = [line for line in lines if "/healthz?probe=1" in line]
    assert request.endswith('"GET /healthz?probe=1 HTTP/1.1" 200 -')
    assert request.startswith("[")  # the time comes first, where the address was
    # Only the server's own address, where it says what it listens on.
    assert [line for line in lines if "127.0.0.1" in line] == [
        f" * Running on http://127.0.0.1:{server.port}"]
    assert not any("Probe/1.0" in line for line in lines)


def test_log_level_must_be_one_python_knows(tmp_path):
    assert load(tmp_path, {"SANCTUARY_ENV": "development", "LOG_LEVEL": "debug"})[
        "LOG_LEVEL"] == "DEBUG"
    assert load(tmp_path, {"SANCTUARY_ENV": "development"})["LOG_LEVEL"] == ""
    with pytest.raises(ConfigError, match="LOG_LEVEL must be empty or one of DEBUG"):
        load(tmp_path, {"SANCTUARY_ENV": "development", "LOG_LEVEL": "loud"})
