"""A throwaway PostgreSQL cluster, started from the installed server binaries, on 127.0.0.1."""
import glob
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import psycopg

from .ports import free_port


def find_bindir():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    candidates = [c for c in candidates if os.path.exists(os.path.join(c, "initdb"))]
    return candidates[-1] if candidates else None


def _open_temporary_folder():
    folder = tempfile.gettempdir()
    return folder if os.stat(folder).st_mode & stat.S_IXOTH else "/tmp"


class Cluster:
    """initdb refuses to run as root, so as root the server runs as the `postgres` user."""

    def __init__(self, bindir):
        self.bindir = bindir
        self.port = free_port()
        # In a temporary folder every user may enter (/dev/shm under the tests, else /tmp): the
        # postgres user must be able to reach the cluster's folder.
        self.root = Path(tempfile.mkdtemp(prefix="sanctuary-pg-", dir=_open_temporary_folder()))
        self.data = self.root / "data"
        self.as_user = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args):
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True)

    def start(self):
        self._run(f"{self.bindir}/initdb", "-D", str(self.data), "-U", "postgres",
                  "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(f"{self.bindir}/pg_ctl", "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "server.log"), "-w", "start")
        return self

    def stop(self):
        try:
            self._run(f"{self.bindir}/pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def admin(self, sql):
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name, template=None):
        suffix = f" TEMPLATE {template}" if template else ""
        self.admin(f"CREATE DATABASE {name}{suffix}")
        return self.url(name)

    def drop_database(self, name):
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
