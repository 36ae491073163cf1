"""Where each page's time goes, in one process, one request at a time (run.py calls it
with the world it built; it needs the manifest world.py wrote and DATABASE_URL).

    python scripts/loadbench/breakdown.py var/loadbench/manifest-15000.json

A sampling profile taken under load on a busy 2-core machine blames whatever a worker
was doing when the kernel took the CPU away from it (socket writes, query sends); this
measures each page alone instead, after one warm-up request, REPEAT times:

- wall time and this process's CPU time per request (CPU time does not grow when other
  processes take the cores, wall time does);
- SQL: queries, their total wall time, and the slowest statement (first 160 characters);
- template rendering (Template.render of the outermost template, wall);
- cProfile of two more requests (it slows Python, so timed apart): the functions with
  the most time of their own, and the renluyen functions with the most time in total.

Writes var/loadbench/breakdown-<members>.json and prints a summary per page.
"""

import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
REPEAT = int(os.environ.get("LOADBENCH_BREAKDOWN_REPEAT", "5"))


def main(manifest_path: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renluyen.settings")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    import django

    django.setup()
    from django.db import connection
    from django.template import base as template_base
    from django.test import Client

    manifest = json.loads(Path(manifest_path).read_text())
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            cursor.execute("SELECT pg_stat_statements_reset()")
            server_side = True
        except Exception:  # noqa: BLE001 - not preloaded: wall times only
            server_side = False

    def server_times():
        """(total ms, [(ms per call, calls, statement)]) since the last call; resets."""
        if not server_side:
            return None, []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT total_exec_time, calls, query FROM pg_stat_statements "
                "WHERE query NOT LIKE '%%pg_stat_statements%%' "
                "AND query NOT LIKE 'SELECT version FROM registrations_registration%%' "
                "ORDER BY total_exec_time DESC"
            )
            rows = cursor.fetchall()
            cursor.execute("SELECT pg_stat_statements_reset()")
        return sum(r[0] for r in rows), rows[:3]

    sql = []
    renders = []
    depth = [0]

    def wrapper(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql.append((time.perf_counter() - started, statement))

    original_render = template_base.Template.render

    def render(self, context):
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original_render(self, context)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                renders.append(time.perf_counter() - started)

    template_base.Template.render = render
    results = []
    for page in manifest["pages"]:
        request = page["requests"][0]
        client = Client()
        for part in request["cookie"].split("; "):
            name, _sep, value = part.partition("=")
            client.cookies[name] = value
        is_post = page.get("method") == "POST"
        expect = page.get("expect", 200)

        def send(version=None, request=request, client=client, is_post=is_post):
            if is_post:
                body = request["body"].replace("{version}", str(version))
                return client.generic(
                    "POST",
                    request["path"],
                    body,
                    content_type="application/x-www-form-urlencoded",
                    secure=True,
                    headers={"referer": f"https://testserver{request['path']}"},
                )
            return client.get(request["path"], secure=True)

        def version(request=request, is_post=is_post):
            if not is_post:
                return None
            with connection.cursor() as cursor:
                pk = int(request["path"].strip("/").split("/")[-1])
                cursor.execute(
                    "SELECT version FROM registrations_registration WHERE enrollment_id = %s",
                    [pk],
                )
                return cursor.fetchone()[0]

        def consume(response):
            if hasattr(response, "streaming_content"):
                return sum(len(chunk) for chunk in response.streaming_content)
            return len(response.content)

        consume(send(version()))  # warm-up
        repeat = 1 if page.get("export") else REPEAT
        walls, cpus, sizes = [], [], []
        sql.clear()
        renders.clear()
        server_times()
        for _ in range(repeat):
            v = version()
            started, cpu = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(wrapper):
                response = send(v)
                size = consume(response)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            sizes.append(size)
            if response.status_code != expect:
                raise SystemExit(f"{page['name']}: HTTP {response.status_code}")
        render_ms = 1000 * sum(renders) / repeat
        pg_total, pg_top = server_times()
        # cProfile on its own runs: it slows Python code down, not SQL.
        profiler = cProfile.Profile()
        profiled = 1 if page.get("export") else 2
        for _ in range(profiled):
            v = version()
            profiler.enable()
            consume(send(v))
            profiler.disable()
        statements = sorted(sql, key=lambda pair: -pair[0])
        per = len(sql) / repeat
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        own, total = [], []
        for (filename, line, name), (_cc, _nc, tt, ct, _callers) in stats.stats.items():
            where = filename.split("site-packages/")[-1].split("issue-14/")[-1]
            label = f"{name} ({where}:{line})"
            own.append((tt / profiled, label))
            if "renluyen/" in filename:
                total.append((ct / profiled, label))
        own.sort(reverse=True)
        total.sort(reverse=True)
        row = dict(
            name=page["name"],
            wall_ms=1000 * statistics.median(walls),
            cpu_ms=1000 * statistics.median(cpus),
            queries=per,
            sql_ms=1000 * sum(s for s, _ in sql) / repeat,
            render_ms=render_ms,
            pg_exec_ms=pg_total / repeat if pg_total is not None else None,
            pg_slowest=[
                (round(ms / repeat, 2), calls // repeat, " ".join(q.split())[:160])
                for ms, calls, q in pg_top
            ],
            kib=statistics.median(sizes) / 1024,
            slowest_sql=[
                (round(1000 * s, 1), " ".join(q.split())[:160]) for s, q in statements[:3]
            ],
            own=[(round(1000 * t, 1), label) for t, label in own[:10]],
            total=[(round(1000 * t, 1), label) for t, label in total[:10]],
        )
        results.append(row)
        print(
            f"\n### {row['name']}: wall {row['wall_ms']:.0f} ms, CPU {row['cpu_ms']:.0f} ms, "
            f"{row['queries']:.0f} queries {row['sql_ms']:.0f} ms, template render "
            f"{row['render_ms']:.0f} ms, {row['kib']:.0f} KiB"
        )
        for ms, text in row["slowest_sql"]:
            print(f"    sql {ms:7.1f} ms  {text}")
        if row["pg_exec_ms"] is not None:
            print(f"  PostgreSQL execution (pg_stat_statements): {row['pg_exec_ms']:.1f} ms")
            for ms, calls, text in row["pg_slowest"]:
                print(f"    pg  {ms:7.2f} ms x{calls}  {text}")
        print("  own time (cProfile, per request):")
        for ms, label in row["own"][:8]:
            print(f"    {ms:7.1f} ms  {label}")
        print("  renluyen functions, total time:")
        for ms, label in row["total"][:8]:
            print(f"    {ms:7.1f} ms  {label}")
    out = HERE.parent.parent / "var" / "loadbench" / f"breakdown-{manifest['members']}.json"
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(
        f"\n{'page':<50} {'wall':>7} {'CPU':>7} {'SQL':>7} {'PG exec':>7} {'render':>7} "
        f"{'queries':>7}  (ms per request)"
    )
    for r in results:
        pg = f"{r['pg_exec_ms']:7.1f}" if r["pg_exec_ms"] is not None else "      -"
        print(
            f"{r['name']:<50} {r['wall_ms']:7.0f} {r['cpu_ms']:7.0f} {r['sql_ms']:7.0f} {pg} "
            f"{r['render_ms']:7.0f} {r['queries']:7.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
