#!/usr/bin/env python3
"""The load benchmark (`make loadbench`): renluyen's pages under load, against a bare
Django "hello world" served the same way and measured in the same run.

For each size (15,000 members: 10 federations of 30 branches of 50; 150,000: 100
federations), on a throwaway PostgreSQL 15 cluster (scripts/pg_cluster.py):

1. builds the school with bulk inserts and signs its users in (world.py), counting each
   page's SQL queries once with Django's test client;
2. serves the app with gunicorn.conf.py (3 sync workers, DEBUG=0, the production settings,
   DB_CONN_MAX_AGE=60 as docs/deployment.md advises) on 127.0.0.1:8140 and the floor
   (scripts/loadbench/hello, Django's startproject with one view) the same way on :8141;
3. drives them with wrk (16 connections, 2 threads, requests.lua), interleaved: floor,
   page, floor, page, ..., floor; a page's share is its req/s over the mean of the floor
   runs just before and after it;
4. times the member-quality export over HTTP (one request at a time, then three at once)
   and, on the same rows read back from it, openpyxl (write-only) and XlsxWriter
   (constant_memory) writing them bare;
5. with --profile, records each page again under the same load with py-spy (all three
   workers) and prints where the time goes (profile.py); the collapsed stacks are kept
   under var/loadbench/.

    .venv/bin/python scripts/loadbench/run.py [--sizes 10,100] [--duration 8] [--profile]

Results: printed, and written to var/loadbench/results-<members>.json and .md.
Installs wrk with apt-get when it is missing (Debian's package, as root).
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

import pg_cluster  # noqa: E402

PY = sys.executable
# 8140-8149 are this worktree's; LOADBENCH_PORT moves both (a second run beside a first).
APP_PORT = int(os.environ.get("LOADBENCH_PORT", "8140"))
FLOOR_PORT = APP_PORT + 1
THREADS = 2
# gunicorn's workers and threads per worker, for both servers (--workers, --threads).
WORKERS = 3
GUNICORN_THREADS = 1
# A page that answers fewer times than this in a run is run again for longer (at most
# LONGEST seconds), so that its p95/p99 are a distribution, not the run's length.
MIN_REQUESTS, LONGEST = 40, 60
# pg_stat_statements: breakdown.py reads each page's server-side execution time from it.
SERVER_OPTIONS = {
    "shared_buffers": "256MB",
    "work_mem": "16MB",
    "shared_preload_libraries": "pg_stat_statements",
}
OUT = ROOT / "var" / "loadbench"


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: apt-get install wrk (Debian's package)")
    print("installing wrk (apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk")


def vacuum(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


class Server:
    """gunicorn with gunicorn.conf.py, as `make serve` runs it."""

    def __init__(self, name, port, env, app=None, chdir=None):
        self.name, self.port = name, port
        log = open(OUT / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        cmd = [str(Path(PY).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
        # Worker recycling (max_requests=2000) would restart the floor's workers every
        # second at its rate; off for both while measuring.
        cmd += ["--max-requests", "0"]
        if chdir:
            cmd += ["--chdir", str(chdir)]
        if app:
            cmd.append(app)
        env = dict(
            env,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=str(WORKERS),
            GUNICORN_THREADS=str(GUNICORN_THREADS),
            GUNICORN_ACCESS_LOG=str(OUT / f"{name}.access.log"),
        )
        self.proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=log)
        deadline = time.time() + 60
        while True:
            try:
                req = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz" if not app else f"http://127.0.0.1:{port}/",
                    headers={"X-Forwarded-Proto": "https"},
                )
                urllib.request.urlopen(req, timeout=5).read()
                break
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise SystemExit(f"{name} did not start: see {OUT / (name + '.log')}") from None
                time.sleep(0.3)

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def wrk_run(wrk, port, lines, duration, *, expect=200, connections=16) -> dict:
    """One wrk run over `lines` (method, path, cookie, version, body); its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for line in lines:
            f.write("\t".join(str(x) for x in line) + "\n")
    env = dict(
        os.environ,
        LOADBENCH_REQUESTS=f.name,
        LOADBENCH_EXPECT=str(expect),
        LOADBENCH_HOST=f"127.0.0.1:{port}",
        LOADBENCH_THREADS=str(min(THREADS, connections)),
    )
    out = subprocess.run(
        [
            wrk,
            f"-t{min(THREADS, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "60s",
            "-s",
            str(HERE / "requests.lua"),
            f"http://127.0.0.1:{port}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    os.unlink(f.name)
    for line in out.stdout.splitlines():
        if line.startswith("LOADBENCH "):
            result = json.loads(line[len("LOADBENCH ") :])
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise SystemExit(f"wrk said:\n{out.stdout}\n{out.stderr}")


PAGES: list[str] = []  # --pages: names containing one of these; all when empty


def wanted(page) -> bool:
    return not PAGES or any(p.lower() in page["name"].lower() for p in PAGES)


def drain(longest: int = 300) -> None:
    """Wait until the app's workers are free again: wrk stops sending at the end of a
    run, but requests already queued in gunicorn's backlog still run, and a slow page's
    backlog would otherwise be counted against the next page."""
    started = time.time()
    while time.time() - started < longest:
        began = time.perf_counter()
        try:
            req = urllib.request.Request(
                f"http://127.0.0.1:{APP_PORT}/healthz", headers={"X-Forwarded-Proto": "https"}
            )
            urllib.request.urlopen(req, timeout=longest).read()
        except OSError:
            pass
        if time.perf_counter() - began < 0.2:
            return
        time.sleep(0.5)


def lines_of(page) -> list[tuple]:
    method = page.get("method", "GET")
    return [
        (method, r["path"], r["cookie"], r.get("version", 0), r.get("body", ""))
        for r in page["requests"]
    ]


def measure_pages(wrk, manifest, duration, url) -> list[dict]:
    floor = [("GET", "/", "", 0, "")]
    rows = []
    floor_runs = [wrk_run(wrk, FLOOR_PORT, floor, duration)]
    for page in manifest["pages"]:
        if page.get("export") or not wanted(page):
            continue
        if page.get("method") == "POST":
            refresh_versions(page, url)
        lines = lines_of(page)
        expect = page.get("expect", 200)
        wrk_run(wrk, APP_PORT, lines, 2, expect=expect)  # warm-up
        drain()
        if page.get("method") == "POST":
            # The saves wrk left in flight finish first: then the versions are read.
            time.sleep(2)
            refresh_versions(page, url)
            lines = lines_of(page)
        result = wrk_run(wrk, APP_PORT, lines, duration, expect=expect)
        if result["requests"] < MIN_REQUESTS:
            # A slow page: too few answers for percentiles; run it long enough for them.
            longer = min(LONGEST, max(duration, int(MIN_REQUESTS / max(result["rps"], 0.7))))
            if page.get("method") == "POST":
                time.sleep(2)
                refresh_versions(page, url)
                lines = lines_of(page)
            drain()
            result = wrk_run(wrk, APP_PORT, lines, longer, expect=expect)
        drain()
        floor_runs.append(wrk_run(wrk, FLOOR_PORT, floor, duration))
        around = (floor_runs[-2]["rps"] + floor_runs[-1]["rps"]) / 2
        row = dict(
            name=page["name"],
            rps=result["rps"],
            p50=result["p50_us"] / 1000,
            p95=result["p95_us"] / 1000,
            p99=result["p99_us"] / 1000,
            share=result["rps"] / around,
            floor=around,
            queries=page["queries"],
            kib=result["bytes"] / max(result["requests"], 1) / 1024,
            bad=result["unexpected"] + result["errors"],
            requests=result["requests"],
        )
        rows.append(row)
        print(
            f"  {row['name']:<50} {row['rps']:8.1f} req/s  p50 {row['p50']:7.1f}  "
            f"p95 {row['p95']:7.1f}  p99 {row['p99']:7.1f} ms  {100 * row['share']:6.2f} % of "
            f"{around:,.0f}  {row['queries']:3d} q  {row['kib']:6.1f} KiB"
            + (f"  {row['bad']} UNEXPECTED" if row["bad"] else ""),
            flush=True,
        )
    return rows, [r["rps"] for r in floor_runs]


def refresh_versions(page, url) -> None:
    import psycopg

    ids = [int(r["path"].strip("/").split("/")[-1]) for r in page["requests"]]
    with psycopg.connect(url) as conn:
        versions = dict(
            conn.execute(
                "SELECT enrollment_id, version FROM registrations_registration "
                "WHERE enrollment_id = ANY(%s)",
                [ids],
            ).fetchall()
        )
    for r, pk in zip(page["requests"], ids, strict=True):
        r["version"] = versions[pk]


def fetch(path, cookie) -> tuple[float, bytes]:
    req = urllib.request.Request(
        f"http://127.0.0.1:{APP_PORT}{path}",
        headers={"X-Forwarded-Proto": "https", "Cookie": cookie},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as response:
        body = response.read()
    return time.perf_counter() - started, body


def measure_export(page, repeat) -> dict:
    import io
    from concurrent.futures import ThreadPoolExecutor

    import openpyxl
    import xlsxwriter

    path, cookie = page["requests"][0]["path"], page["requests"][0]["cookie"]
    times, body = [], b""
    for _ in range(repeat):
        seconds, body = fetch(path, cookie)
        times.append(seconds)
    failures = []

    def one(_n):
        try:
            return fetch(path, cookie)
        except OSError as error:  # HTTPError too: a worker killed at gunicorn's timeout
            failures.append(str(error))
            return None

    with ThreadPoolExecutor(3) as pool:
        started = time.perf_counter()
        list(pool.map(one, range(3)))
        three = time.perf_counter() - started
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    rows = sum(len(r) for r in sheets.values())

    def bare_openpyxl():
        wb = openpyxl.Workbook(write_only=True)
        for title, values in sheets.items():
            ws = wb.create_sheet(title)
            for r in values:
                ws.append(r)
        out = io.BytesIO()
        wb.save(out)

    def bare_xlsxwriter():
        out = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
        out.close()
        wb = xlsxwriter.Workbook(out.name, {"constant_memory": True})
        for title, values in sheets.items():
            ws = wb.add_worksheet(title[:31])
            for n, r in enumerate(values):
                ws.write_row(n, 0, r)
        wb.close()
        os.unlink(out.name)

    def timed(func):
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            func()
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    result = dict(
        rows=rows,
        kib=len(body) / 1024,
        http_s=statistics.median(times),
        three_at_once_s=three,
        three_failures=failures,
        openpyxl_s=timed(bare_openpyxl),
        xlsxwriter_s=timed(bare_xlsxwriter),
        queries=page["queries"],
    )
    best = min(result["openpyxl_s"], result["xlsxwriter_s"])
    result["vs_best"] = result["http_s"] / best
    print(
        f"  {page['name']:<50} {rows:,} rows, {result['kib']:,.0f} KiB: "
        f"{result['http_s']:.2f} s over HTTP (3 at once: {three:.2f} s"
        + (f", {len(failures)} failed: {failures[0]}" if failures else "")
        + "), bare openpyxl "
        f"write-only {result['openpyxl_s']:.2f} s, XlsxWriter constant_memory "
        f"{result['xlsxwriter_s']:.2f} s: {result['vs_best']:.1f}x the faster; "
        f"{page['queries']} queries",
        flush=True,
    )
    return result


def profile_pages(manifest, app, wrk, duration, url, tag) -> None:
    """Each page again under the same load, py-spy sampling the three workers."""
    import hotspots

    py_spy = shutil.which("py-spy") or str(Path(PY).parent / "py-spy")
    for n, page in enumerate(manifest["pages"]):
        if not wanted(page):
            continue
        if page.get("export"):
            lines = lines_of(page)
            connections = 1
        else:
            if page.get("method") == "POST":
                time.sleep(2)
                refresh_versions(page, url)
            lines, connections = lines_of(page), 16
        stacks = []
        procs = []
        for pid in app.workers():
            out = OUT / f"profile-{tag}-{n:02d}-{pid}.txt"
            stacks.append(out)
            procs.append(
                subprocess.Popen(
                    [py_spy, "record", "--pid", str(pid), "--duration", str(duration)]
                    + ["--rate", "200", "--format", "raw", "--output", str(out), "--nonblocking"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        time.sleep(0.5)
        wrk_run(
            wrk,
            APP_PORT,
            lines,
            duration - 1,
            expect=page.get("expect", 200),
            connections=connections,
        )
        for proc in procs:
            proc.wait()
        drain()
        merged = OUT / f"profile-{tag}-{n:02d}.collapsed"
        with open(merged, "w") as f:
            for s in stacks:
                if s.exists():
                    f.write(s.read_text())
                    s.unlink()
        print(f"\n### {page['name']} ({tag})")
        print(hotspots.report(merged))


def wait_quiet(level: float, longest: int) -> None:
    """Until the 1-minute load average (other people's tests, our own build) is below
    `level`, at most `longest` seconds."""
    started = time.time()
    while os.getloadavg()[0] >= level and time.time() - started < longest:
        print(f"  waiting for a quiet machine: load {os.getloadavg()[0]:.2f}", flush=True)
        time.sleep(15)


def run_size(federations, args, wrk, static_env) -> dict:
    bindir = pg_cluster.find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL (initdb) not found: apt-get install postgresql")
    cluster = pg_cluster.Cluster(bindir, SERVER_OPTIONS)
    app = floor = None
    try:
        cluster.start()
        members = federations * 30 * 50
        print(f"\n== {members:,} members, PostgreSQL {bindir.parent.name} at {cluster.url}")
        env = dict(static_env, DATABASE_URL=cluster.url)
        manifest_path = OUT / f"manifest-{members}.json"
        started = time.perf_counter()
        subprocess.run(
            [PY, str(HERE / "world.py"), str(manifest_path)],
            env=dict(env, RENLUYEN_BENCH_FEDERATIONS=str(federations)),
            check=True,
        )
        vacuum(cluster.url)
        built = time.perf_counter() - started
        print(f"built, signed in and counted in {built:.0f} s")
        manifest = json.loads(manifest_path.read_text())
        env = dict(env, DEBUG="0", DB_CONN_MAX_AGE="60")
        if args.breakdown_only:
            subprocess.run(
                [PY, str(HERE / "breakdown.py"), str(manifest_path)], env=env, check=True
            )
            return None
        wait_quiet(args.quiet, args.quiet_wait)
        app = Server("app", APP_PORT, env)
        floor = Server(
            "floor",
            FLOOR_PORT,
            dict(env, DJANGO_SETTINGS_MODULE="hello.settings"),
            app="hello.wsgi:application",
            chdir=HERE,
        )
        result_load = os.getloadavg()
        print(
            f"load: {result_load[0]:.2f}; wrk {THREADS} threads, 16 connections, "
            f"{args.duration} s a run, interleaved with the floor; gunicorn {WORKERS} "
            f"workers x {GUNICORN_THREADS} thread(s)"
        )
        rows, floors = measure_pages(wrk, manifest, args.duration, cluster.url)
        rss = worker_rss(app)
        print(f"app workers' resident memory: {', '.join(f'{m:.0f}' for m in rss)} MiB")
        export_page = next(p for p in manifest["pages"] if p.get("export"))
        export = None
        if wanted(export_page):
            export = measure_export(export_page, repeat=3 if federations <= 10 else 1)
        result = dict(
            members=members,
            branches=manifest["branches"],
            build_s=built,
            floor_rps=floors,
            pages=rows,
            export=export,
            load_before=result_load,
            load_after=os.getloadavg(),
            workers=WORKERS,
            threads=GUNICORN_THREADS,
            worker_rss_mib=rss,
        )
        (OUT / f"results-{members}{config_suffix()}.json").write_text(json.dumps(result, indent=1))
        subprocess.run([PY, str(HERE / "breakdown.py"), str(manifest_path)], env=env, check=True)
        if args.profile:
            profile_pages(manifest, app, wrk, args.profile_duration, cluster.url, members)
        return result
    finally:
        for server in (app, floor):
            if server:
                server.stop()
        cluster.stop()


def worker_rss(server) -> list[float]:
    """Resident memory of each gunicorn worker, in MiB."""
    out = []
    for pid in server.workers():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        out.append(kib / 1024)
    return out


def config_suffix() -> str:
    """'' for the default servers (3 sync workers), else e.g. '-w5t1', so that a run of
    another configuration keeps its own results file."""
    return "" if (WORKERS, GUNICORN_THREADS) == (3, 1) else f"-w{WORKERS}t{GUNICORN_THREADS}"


def table(results) -> str:
    sizes = [r["members"] for r in results]
    head = "| page | " + " | ".join(
        f"req/s, p50/p95/p99 ms, share of floor, queries ({m:,} members)" for m in sizes
    )
    lines = [head + " |", "|---" * (1 + len(sizes)) + "|"]
    for n, row in enumerate(results[0]["pages"]):
        cells = []
        for r in results:
            p = r["pages"][n]
            cells.append(
                f"{p['rps']:,.1f} req/s, {p['p50']:,.0f}/{p['p95']:,.0f}/{p['p99']:,.0f} ms, "
                f"{100 * p['share']:.2f} %, {p['queries']} q"
                + (f", {p['bad']} unexpected" if p["bad"] else "")
            )
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    cells = []
    for r in results:
        e = r["export"]
        if e is None:
            cells.append("not measured")
            continue
        cells.append(
            f"{e['rows']:,} rows: {e['http_s']:.2f} s (3 at once {e['three_at_once_s']:.2f} s); "
            f"bare openpyxl {e['openpyxl_s']:.2f} s, XlsxWriter {e['xlsxwriter_s']:.2f} s; "
            f"{e['vs_best']:.1f}x; {e['queries']} q"
        )
    lines.append("| member-quality export (.xlsx) | " + " | ".join(cells) + " |")
    floors = [f"{min(r['floor_rps']):,.0f}-{max(r['floor_rps']):,.0f} req/s" for r in results]
    lines.append("| floor (hello world), range of its runs | " + " | ".join(floors) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100", help="federations of 30 branches each")
    parser.add_argument("--duration", type=int, default=8, help="seconds of each wrk run")
    parser.add_argument("--profile", action="store_true", help="py-spy each page afterwards")
    parser.add_argument("--profile-duration", type=int, default=8)
    parser.add_argument("--pages", default="", help="comma-separated parts of page names")
    parser.add_argument(
        "--breakdown-only",
        action="store_true",
        help="build, then only each page alone in one process (breakdown.py), no load",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (both servers)")
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (gthread above 1)"
    )
    parser.add_argument("--quiet", type=float, default=1.5, help="load average to wait for")
    parser.add_argument("--quiet-wait", type=int, default=600, help="seconds to wait at most")
    args = parser.parse_args()
    global WORKERS, GUNICORN_THREADS  # noqa: PLW0603 - the servers' settings for this run
    WORKERS, GUNICORN_THREADS = args.workers, args.threads
    PAGES.extend(p.strip() for p in args.pages.split(",") if p.strip())
    wrk = ensure_wrk()
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    print(f"load average before: {os.getloadavg()}")
    var = Path(tempfile.mkdtemp(prefix="renluyen-loadbench-"))
    static_env = dict(
        os.environ,
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        RENLUYEN_VAR_DIR=str(var),
        LOG_LEVEL="ERROR",
    )
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, pg_cluster._raise_on_signal)
    try:
        subprocess.run(
            [PY, "manage.py", "collectstatic", "--no-input", "-v0"],
            env=dict(static_env, DEBUG="0"),
            cwd=ROOT,
            check=True,
        )
        results = [
            run_size(int(f), args, wrk, static_env) for f in args.sizes.split(",") if f.strip()
        ]
    finally:
        shutil.rmtree(var, ignore_errors=True)
    results = [r for r in results if r]
    if not results:
        return 0
    text = table(results)
    print("\n" + text)
    sizes = "-".join(str(r["members"]) for r in results)
    (OUT / f"table-{sizes}{config_suffix()}.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
