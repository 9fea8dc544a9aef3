"""Ports for the servers the tests start (PostgreSQL, SMTP, the live app).

Binding port 0 and closing the socket finds a free port but reserves nothing: two xdist workers
could be handed the same one before either server binds it. So each worker takes ports from its
own range, below Linux's ephemeral range (32768 and up, where outgoing connections get theirs),
and moves on round the range, skipping any port that something already holds.
"""
import itertools
import os
import socket

FIRST_PORT = 20000
PORTS_PER_WORKER = 400


def worker_number():
    """0 for the first xdist worker ('gw0') and for a run without xdist, 1 for 'gw1', and so on."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))


_cycle = None


def free_port():
    """A port on 127.0.0.1 that nothing holds now and that no other worker will be given."""
    global _cycle
    if _cycle is None:  # on first use: xdist names the worker before any test runs
        first = FIRST_PORT + worker_number() * PORTS_PER_WORKER
        _cycle = itertools.cycle(range(first, first + PORTS_PER_WORKER))
    for _ in range(PORTS_PER_WORKER):
        port = next(_cycle)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError(f"No free port in this worker's range ({PORTS_PER_WORKER} tried)")
