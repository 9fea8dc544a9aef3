"""A throwaway redis-server (Debian's `redis-server` package) on 127.0.0.1, keeping nothing on disk:
the rate-limit storage that several instances of the app share."""
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from .ports import free_port

REDIS_SERVER = "/usr/bin/redis-server"


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.root = Path(tempfile.mkdtemp(prefix="sanctuary-redis-"))
        self.process = None

    def start(self):
        self.log = open(self.root / "redis.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.root)],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {(self.root / 'redis.log').read_text()}")
            try:
                self.client().ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start within 20 seconds")

    def client(self):
        return redis.Redis.from_url(self.url)

    def flush(self):
        self.client().flushall()

    def dump(self):
        """Every key and its value as text (strings, and the members of lists, sets, sorted
        sets and hashes), for tests that look for what must not be there."""
        client = self.client()
        readers = {b"string": client.get, b"list": lambda k: client.lrange(k, 0, -1),
                   b"set": client.smembers, b"zset": lambda k: client.zrange(k, 0, -1),
                   b"hash": client.hgetall}
        return {key.decode(): repr(readers[client.type(key)](key)) for key in client.keys("*")}

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)
