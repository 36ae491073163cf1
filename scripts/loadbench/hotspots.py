"""Where a page's time goes, from py-spy's collapsed stacks (run.py --profile).

    python scripts/loadbench/hotspots.py var/loadbench/profile-15000-06.collapsed

Each sample (a worker busy in Python; idle workers are not sampled) is counted
- by its layer, from the innermost frame that belongs to one (SQL in the driver, the ORM,
  templates, translation, the app's own code, ...): the layers add up to 100 %;
- for every stage its stack passes through (the view, template rendering, the session,
  the policy, each middleware, context processors...): inclusive, they overlap;
and the functions with the most samples of their own are listed.
"""

import sys
from collections import Counter
from pathlib import Path

# Innermost match wins: (name, substrings of "function (file:line)").
LAYERS = [
    ("SQL: driver (psycopg) and network wait", ("psycopg/", "psycopg_binary", "psycopg_pool")),
    ("SQL: Django backend (cursor, execute, convert)", ("django/db/backends/",)),
    ("ORM: query building, model instances", ("django/db/models/",)),
    ("templates: Django template engine", ("django/template/", "django/templatetags/")),
    ("i18n: gettext, formats", ("django/utils/translation", "gettext.py", "django/utils/formats")),
    (
        "sessions, auth, CSRF, messages",
        (
            "django/contrib/sessions/",
            "django/contrib/auth/",
            "django/middleware/csrf",
            "django/contrib/messages/",
        ),
    ),
    ("xlsx writing (openpyxl / XlsxWriter)", ("openpyxl/", "xlsxwriter/", "et_xmlfile")),
    ("app: renluyen's own Python", ("renluyen/",)),
    (
        "middleware: other (CSP, axes, security, whitenoise...)",
        (
            "csp/",
            "axes/",
            "whitenoise/",
            "django/middleware/",
        ),
    ),
    ("Django: request/response, URLs, handlers", ("django/",)),
    ("gunicorn: HTTP parsing, socket writes", ("gunicorn/",)),
]
VIEW = "_get_response (django/core/handlers/base.py"
# Outside the view (middleware before and after it, the handler, gunicorn): innermost wins.
OUTSIDE = [
    ("CSP middleware (csp/)", ("csp/",)),
    ("axes middleware", ("axes/",)),
    ("whitenoise", ("whitenoise/",)),
    ("renluyen middleware (CleanInput, Language, NoStore)", ("core/middleware.py",)),
    ("sessions (save, cookie)", ("django/contrib/sessions/",)),
    ("messages", ("django/contrib/messages/",)),
    ("CSRF middleware", ("django/middleware/csrf",)),
    ("other Django middleware (security, common, clickjacking)", ("django/middleware/",)),
    ("Django handler, request/response objects", ("django/",)),
    ("gunicorn (parse, write, accept)", ("gunicorn/",)),
]
STAGES = [
    ("template rendering (render, render_to_string)", ("render (django/template/",)),
    (
        "SQL executed (cursor.execute / fetch)",
        (
            "execute (django/db/backends/utils",
            "_execute_with_wrappers",
        ),
    ),
    ("policy look-ups (core/policy.py, core/access.py)", ("core/policy.py", "core/access.py")),
    ("session load/save", ("django/contrib/sessions/",)),
    ("user load (auth middleware, get_user)", ("get_user (django/contrib/auth",)),
    ("context processors", ("context_processors",)),
    (
        "model instances from rows (from_db, Model.__init__)",
        ("from_db (django/db/models", "__init__ (django/db/models/base"),
    ),
    ("gettext / translation", ("django/utils/translation",)),
]


def parse(path: Path):
    for line in path.read_text(errors="replace").splitlines():
        stack, _sep, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        yield stack.split(";"), int(count)


def _innermost(frames, table, default) -> str:
    for frame in reversed(frames):
        for name, keys in table:
            if any(k in frame for k in keys):
                return name
    return default


def layer_of(frames) -> str:
    return _innermost(frames, LAYERS, "other (stdlib, interpreter)")


def report(path: Path, top: int = 12) -> str:
    layers, stages, own, views = Counter(), Counter(), Counter(), Counter()
    outside = Counter()
    total = 0
    for frames, count in parse(Path(path)):
        total += count
        layers[layer_of(frames)] += count
        for name, keys in STAGES:
            if any(any(k in f for k in keys) for f in frames):
                stages[name] += count
        own[frames[-1]] += count
        if not any(VIEW in f for f in frames):
            outside[_innermost(frames, OUTSIDE, "other")] += count
        for f in frames:
            if "renluyen/" in f and "/views" in f:
                views[f.split(" (")[0] + " (" + f.split("renluyen/")[-1]] += count
                break
    if not total:
        return "  (no samples)"

    def pct(n):
        return f"{100 * n / total:5.1f} %"

    out = [f"  {total} samples"]
    out.append("  by layer (innermost):")
    out += [f"    {pct(n)}  {name}" for name, n in layers.most_common()]
    out.append("  stages (inclusive, overlap):")
    out += [f"    {pct(n)}  {name}" for name, n in stages.most_common() if n]
    out.append(f"  outside the view (middleware, handler, gunicorn): {pct(sum(outside.values()))}")
    out += [f"    {pct(n)}  {name}" for name, n in outside.most_common()]
    out.append("  own time, top functions:")
    out += [f"    {pct(n)}  {name}" for name, n in own.most_common(top)]
    if views:
        out.append("  app view frames (outermost renluyen view in the stack):")
        out += [f"    {pct(n)}  {name}" for name, n in views.most_common(5)]
    return "\n".join(out)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"# {arg}\n{report(Path(arg))}")
