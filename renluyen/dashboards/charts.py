"""Charts drawn on the server as SVG: no script, no library, nothing from a CDN.

Each chart is drawn in a 340-unit-wide box and scales to its container, so its text
stays readable on a 360-px phone and grows on a desktop (CSS caps the width). Every chart
has a title and a description for screen readers, and the page shows its table beside
it: the chart is for looking, the table for reading.
"""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 340
FONT = 11
# Colours that stay apart for the common colour blindnesses (Okabe–Ito), then grey.
COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#9aa4ad"]


@dataclass
class Series:
    label: str
    colour: str


def _short(text: str, limit: int = 48) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _percent(value: float) -> str:
    return f"{number_format(value, decimal_pos=1)} %"


def _legend(series: list[Series]) -> str:
    """The legend in HTML, so it wraps on a phone like any text."""
    items = "".join(
        f'<li><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" '
        f'fill="{item.colour}"/></svg> {escape(item.label)}</li>'
        for item in series
    )
    return f'<ul class="legend">{items}</ul>' if items else ""


def _svg(title: str, height: float, body: list[str], series: list[Series]) -> SafeString:
    """The chart: its legend, then the drawing with a title for screen readers."""
    parts = [
        '<figure class="chart-figure">',
        _legend(series),
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}" font-family="system-ui, sans-serif">',
        f"<title>{escape(title)}</title>",
        *body,
        "</svg></figure>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def bars(title: str, rows: list[tuple[str, list[float]]], series: list[Series]) -> SafeString:
    """Horizontal bars, one group per row (a unit), one bar per series, each a
    percentage (0–100) written at its end."""
    top = 0.0
    bar, gap, label_h = 9.0, 2.0, 14.0
    group = label_h + len(series) * (bar + gap) + 6
    body = []
    for index, (label, values) in enumerate(rows):
        y = top + 4 + index * group
        body.append(
            f'<text x="0" y="{y + 10:.1f}" font-weight="600">{escape(_short(label))}</text>'
        )
        for n, (value, item) in enumerate(zip(values, series, strict=True)):
            by = y + label_h + n * (bar + gap)
            width = max(0.0, min(100.0, value)) * (WIDTH - 52) / 100
            body.append(
                f'<rect x="0" y="{by:.1f}" width="{WIDTH - 52}" height="{bar}" fill="#eef1f4"/>'
                f'<rect x="0" y="{by:.1f}" width="{width:.1f}" height="{bar}" '
                f'fill="{item.colour}"><title>{escape(item.label)}: {_percent(value)}'
                "</title></rect>"
                f'<text x="{WIDTH - 48}" y="{by + 8.5:.1f}" font-size="9">{_percent(value)}</text>'
            )
    height = top + 4 + len(rows) * group
    return _svg(title, height, body, series)


def stacked(title: str, rows: list[tuple[str, list[int]]], series: list[Series]) -> SafeString:
    """One bar per row split into the series' shares (counts), 100 % wide."""
    top = 0.0
    label_h, bar = 14.0, 12.0
    group = label_h + bar + 8
    body = []
    for index, (label, counts) in enumerate(rows):
        y = top + 4 + index * group
        body.append(
            f'<text x="0" y="{y + 10:.1f}" font-weight="600">{escape(_short(label))}</text>'
        )
        total = sum(counts)
        x = 0.0
        by = y + label_h
        if not total:
            body.append(f'<rect x="0" y="{by:.1f}" width="{WIDTH}" height="{bar}" fill="#eef1f4"/>')
            continue
        for count, item in zip(counts, series, strict=True):
            width = WIDTH * count / total
            if width <= 0:
                continue
            share = 100 * count / total
            body.append(
                f'<rect x="{x:.1f}" y="{by:.1f}" width="{width:.1f}" height="{bar}" '
                f'fill="{item.colour}"><title>{escape(item.label)}: {count} '
                f"({_percent(share)})</title></rect>"
            )
            x += width
    height = top + 4 + len(rows) * group
    return _svg(title, height, body, series)


def line(
    title: str,
    weeks: list,
    values: list[list[float]],
    series: list[Series],
    marks: list[tuple] = (),
) -> SafeString:
    """Percentages (0–100) week by week, one line per series, with the deadlines
    (`marks`: (day, label)) as dashed vertical lines."""
    top = 6.0
    left, right, bottom = 30.0, 6.0, 30.0
    plot_h = 150.0
    height = top + plot_h + bottom
    body = []
    for percent in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - percent / 100)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#d8dde3"/>'
            f'<text x="{left - 4}" y="{y + 3.5:.1f}" text-anchor="end" font-size="9">'
            f"{percent}%</text>"
        )
    days = sorted({*weeks, *(day for day, _label in marks)})
    if not days:
        return _svg(title, height, body, series)
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)

    def x_of(day) -> float:
        return left + (WIDTH - left - right) * (day - first).days / span

    for day, label in marks:
        x = x_of(day)
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#5b6570" '
            f'stroke-dasharray="3 3"><title>{escape(label)}: '
            f"{escape(date_format(day, 'SHORT_DATE_FORMAT'))}</title></line>"
        )
    for item, points in zip(series, values, strict=True):
        coords = " ".join(
            f"{x_of(week):.1f},{top + plot_h * (1 - min(value, 100) / 100):.1f}"
            for week, value in zip(weeks, points, strict=True)
        )
        if coords:
            body.append(
                f'<polyline points="{coords}" fill="none" stroke="{item.colour}" '
                f'stroke-width="2"><title>{escape(item.label)}</title></polyline>'
            )
            # Dots too, so a single week still shows.
            for week, value in zip(weeks, points, strict=True):
                cx, cy = x_of(week), top + plot_h * (1 - min(value, 100) / 100)
                body.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.5" fill="{item.colour}">'
                    f"<title>{escape(item.label)}: {_percent(value)}</title></circle>"
                )
    for day in (first, last):
        anchor = "start" if day == first else "end"
        x = x_of(day)
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 14:.1f}" text-anchor="{anchor}" '
            f'font-size="9">{escape(date_format(day, "SHORT_DATE_FORMAT"))}</text>'
        )
    return _svg(title, height, body, series)
