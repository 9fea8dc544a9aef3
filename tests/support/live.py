"""The app served for real (gunicorn on 127.0.0.1) for the browser tests, with a resettable database."""
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .postgres import free_port

ROOT = Path(__file__).resolve().parents[2]


class LiveServer:
    def __init__(self, workdir, template_db, smtp_port):
        self.workdir = Path(workdir)
        self.template_db = template_db
        self.db_path = self.workdir / "live.db"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.smtp_port = smtp_port
        self.process = None

    def reset_database(self):
        """A fresh copy of the migrated database; the server holds no connection between requests."""
        for suffix in ("-wal", "-shm"):
            Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template_db, self.db_path)
        shutil.rmtree(self.workdir / "instance" / "dev-mailbox", ignore_errors=True)

    def start(self):
        self.reset_database()
        env = {
            **os.environ,
            "SANCTUARY_ENV": "development",
            "SANCTUARY_INSTANCE_PATH": str(self.workdir / "instance"),
            "SECRET_KEY": "browser-tests",
            "DATABASE_URL": f"sqlite:///{self.db_path}",
            "PUBLIC_BASE_URL": self.url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.smtp_port),
            "QUICK_EXIT_URL": "https://www.bbc.co.uk/weather",
        }
        self.log = open(self.workdir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--threads", "4", "--log-level", "warning", "app:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The live server exited: {(self.workdir / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("The live server did not start within 30 seconds")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()
