#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for the test suite.

    python scripts/pg_cluster.py bindir          # print where initdb/pg_ctl are, or exit 1
    python scripts/pg_cluster.py run -- CMD ...  # run CMD with DATABASE_URL set to a fresh cluster

`run` makes a temporary folder, `initdb`s a cluster in it (trust auth, user `postgres`),
starts it on a free port listening only on 127.0.0.1 with its unix socket inside the
folder, creates the database `renluyen`, runs CMD with
DATABASE_URL=postgres://postgres@127.0.0.1:PORT/renluyen, then always stops the cluster
and removes the folder, whether CMD passed, failed or was interrupted.

`initdb` refuses to run as root (CI runs as root), so as root the cluster belongs to the
unprivileged `postgres` system user: the folder is chowned to it and every PostgreSQL
command runs through `runuser -u postgres --` (or `su`). Only the standard library is used.
"""

import argparse
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_USER = "postgres"
DB_NAME = "renluyen"
# Durability is worthless for a cluster that lives for one test run.
SERVER_OPTIONS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "shared_buffers": "64MB",
    "log_min_messages": "warning",
}


class ClusterError(RuntimeError):
    pass


def find_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl: PATH first, then the newest Debian install."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        here = Path(initdb).resolve().parent
        if (here / "pg_ctl").exists():
            return here
        return Path(initdb).parent

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.split("/")[-2]))

    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if os.access(f"{bindir}/initdb", os.X_OK) and os.access(f"{bindir}/pg_ctl", os.X_OK):
            return Path(bindir)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _traversable_by_others(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


class Cluster:
    def __init__(self, bindir: Path, options: dict | None = None):
        self.bindir = bindir
        # Server settings over SERVER_OPTIONS (the load benchmark gives a larger cache).
        self.options = dict(SERVER_OPTIONS, **(options or {}))
        self.as_root = os.geteuid() == 0
        self.tmp: Path | None = None
        self.port: int | None = None
        self.started = False

    # -- helpers -----------------------------------------------------------------------
    def _cmd(self, *args: str) -> list[str]:
        """A PostgreSQL command, run as the `postgres` user when we are root."""
        if not self.as_root:
            return list(args)
        if shutil.which("runuser"):
            return ["runuser", "-u", PG_USER, "--", *args]
        return ["su", PG_USER, "-s", "/bin/sh", "-c", shlex.join(args)]

    def _run(self, *args: str, timeout: int = 120) -> None:
        result = subprocess.run(
            self._cmd(*args),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            cwd=self.tmp,
        )
        if result.returncode != 0:
            raise ClusterError(f"{' '.join(args)} failed:\n{result.stdout}{self._log_tail()}")

    def _log_tail(self) -> str:
        log = self.tmp / "server.log" if self.tmp else None
        if log and log.exists():
            return "\n--- server.log ---\n" + log.read_text(errors="replace")[-3000:]
        return ""

    @property
    def url(self) -> str:
        return f"postgres://{PG_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        base = Path(tempfile.gettempdir())
        if self.as_root:
            try:
                pg = pwd.getpwnam(PG_USER)
            except KeyError as exc:
                raise ClusterError(
                    "running as root, and initdb refuses root, but there is no "
                    f"'{PG_USER}' system user to run the cluster as"
                ) from exc
            if not _traversable_by_others(base):
                # The postgres user must be able to walk down to its data directory.
                base = Path("/tmp")
                if not _traversable_by_others(base):
                    raise ClusterError(f"no temporary folder that '{PG_USER}' can reach")
        self.tmp = Path(tempfile.mkdtemp(prefix="renluyen-pg-", dir=base))
        if self.as_root:
            os.chown(self.tmp, pg.pw_uid, pg.pw_gid)
        data = self.tmp / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            PG_USER,
            "--auth=trust",
            "--encoding=UTF8",
            *_locale_args(),
            "--no-sync",
        )
        options = dict(self.options, unix_socket_directories=str(self.tmp))
        for attempt in range(5):
            self.port = free_port()
            opts = " ".join(f"-c {k}={v}" for k, v in options.items()) + f" -c port={self.port}"
            try:
                self._run(
                    str(self.bindir / "pg_ctl"),
                    "start",
                    "-D",
                    str(data),
                    "-l",
                    str(self.tmp / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    opts,
                )
                break
            except ClusterError:
                # Another process may have taken the port between probing and starting.
                if attempt == 4:
                    raise
                time.sleep(0.2)
        self.started = True
        createdb = self.bindir / "createdb"
        if createdb.exists():
            self._run(
                str(createdb), "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, DB_NAME
            )

    def stop(self) -> None:
        """Stop the server (if it started) and remove the folder; never raises."""
        if self.started:
            subprocess.run(
                self._cmd(
                    str(self.bindir / "pg_ctl"),
                    "stop",
                    "-D",
                    str(self.tmp / "data"),
                    "-m",
                    "immediate",
                    "-w",
                    "-t",
                    "30",
                ),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=self.tmp,
                check=False,
            )
            self.started = False
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def _locale_args() -> list[str]:
    """C.UTF-8 when the system has it, so upper()/lower() know Vietnamese letters."""
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    except OSError:
        names = ""
    available = {n.strip().lower().replace("-", "") for n in names.splitlines()}
    if "c.utf8" in available:
        return ["--locale=C.UTF-8"]
    return ["--no-locale"]


def _raise_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def run(command: list[str]) -> int:
    bindir = find_bindir()
    if bindir is None:
        print("SKIPPED PostgreSQL run: initdb not found", file=sys.stderr)
        return 3
    # A terminated run must still stop its server and remove its folder.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_on_signal)
    cluster = Cluster(bindir)
    try:
        cluster.start()
        print(f"PostgreSQL {bindir.parent.name} cluster at {cluster.url} (in {cluster.tmp})")
        return subprocess.run(command, env=dict(os.environ, DATABASE_URL=cluster.url)).returncode
    except ClusterError as exc:
        print(f"PostgreSQL cluster failed: {exc}", file=sys.stderr)
        return 2
    finally:
        cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("bindir", help="print the PostgreSQL bin directory or exit 1")
    run_p = sub.add_parser("run", help="run a command against a throwaway cluster")
    run_p.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.what == "bindir":
        bindir = find_bindir()
        if bindir is None:
            print("initdb not found (PATH, /usr/lib/postgresql/*/bin)", file=sys.stderr)
            return 1
        print(bindir)
        return 0
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command after --")
    return run(command)


if __name__ == "__main__":
    sys.exit(main())
