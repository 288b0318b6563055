"""Charts as inline SVG for the report's PDF, so WeasyPrint draws vectors and fetches nothing.

Every text drawn comes from user data or translations and is escaped here,
because the result is marked safe for the template.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAND_COLOURS = {"low": "#c8e6c9", "medium": "#fff59d", "high": "#ffcc80", "critical": "#ef9a9a"}
CELL = 34
LABEL_WIDTH = 110


def heat_map_svg(rows: list[dict], *, basis: str, likelihood_title: str, impact_title: str) -> SafeString:
    """Draw the likelihood x impact grid, each cell coloured by band and labelled with its number of risks."""
    if not rows:
        return mark_safe("")
    columns = len(rows[0]["cells"])
    width = LABEL_WIDTH + columns * CELL + 10
    height = len(rows) * CELL + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans" font-size="9">']
    for index, row in enumerate(rows):
        y = index * CELL
        parts.append(f'<text x="{LABEL_WIDTH - 4}" y="{y + CELL / 2 + 3}" text-anchor="end">'
                     f'{escape(row["label"][:20])} ({row["level"]})</text>')
        for column, cell in enumerate(row["cells"]):
            x = LABEL_WIDTH + column * CELL
            colour = BAND_COLOURS.get(cell["band"], "#eeeeee")
            count = cell[basis]
            parts.append(f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" fill="{colour}" '
                         f'stroke="#666" stroke-width="0.5"/>')
            if count:
                parts.append(f'<text x="{x + CELL / 2 - 1}" y="{y + CELL / 2 + 3}" text-anchor="middle" '
                             f'font-weight="bold">{count}</text>')
    base = len(rows) * CELL
    for column in range(columns):
        parts.append(f'<text x="{LABEL_WIDTH + column * CELL + CELL / 2 - 1}" y="{base + 12}" '
                     f'text-anchor="middle">{column + 1}</text>')
    parts.append(f'<text x="{LABEL_WIDTH + columns * CELL / 2}" y="{base + 28}" text-anchor="middle">'
                 f'{escape(impact_title)}</text>')
    parts.append(f'<text x="4" y="{base + 28}">{escape(likelihood_title)} ↑</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_svg(points: list[dict], *, series: list[tuple[str, str, str]]) -> SafeString:
    """Draw one polyline per series over the quarters in ``points``.

    ``series`` lists (key in each point, legend text, colour); a point without
    a value for a key leaves a gap in that line.
    """
    if not points:
        return mark_safe("")
    width, height, left, bottom, top = 460, 170, 40, 30, 10
    plot_width, plot_height = width - left - 10, height - bottom - top - 20
    peak = max([point.get(key) or 0 for point in points for key, _label, _colour in series] + [1])
    step = plot_width / max(len(points) - 1, 1)

    def x_of(index: int) -> float:
        return left + index * step if len(points) > 1 else left + plot_width / 2

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * value / peak

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans" font-size="9">',
             f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" y2="{top + plot_height}" '
             f'stroke="#666" stroke-width="0.5"/>',
             f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{peak}</text>',
             f'<text x="{left - 4}" y="{top + plot_height}" text-anchor="end">0</text>']
    for index, point in enumerate(points):
        parts.append(f'<text x="{x_of(index):.1f}" y="{top + plot_height + 12}" text-anchor="middle">'
                     f'{escape(point["label"])}</text>')
    for number, (key, label, colour) in enumerate(series):
        coordinates = [(x_of(index), y_of(point[key])) for index, point in enumerate(points)
                       if point.get(key) is not None]
        if coordinates:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
            for x, y in coordinates:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{colour}"/>')
        legend_x = left + number * 150
        parts.append(f'<rect x="{legend_x}" y="{height - 10}" width="8" height="8" fill="{colour}"/>'
                     f'<text x="{legend_x + 12}" y="{height - 3}">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
