"""The directory's map: the 14 regions from members/data/cz-regions.geojson drawn as SVG paths,
with member points projected the same way. Rendered on the server; no tiles, no scripts.

The projection is equirectangular with the longitude scaled by cos(mean latitude), which at the
size of the Czech Republic is indistinguishable from a proper conformal projection.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from django.utils.safestring import mark_safe

DATA = Path(__file__).parent / "data" / "cz-regions.geojson"
WIDTH = 800
PADDING = 8
# Region outlines: name-suggestion-index (BSD-3-Clause), © OpenStreetMap contributors (ODbL).
ATTRIBUTION = (
    "Region outlines: name-suggestion-index (BSD-3-Clause), "
    "derived from © OpenStreetMap contributors (ODbL)"
)


@dataclass(frozen=True)
class Projection:
    west: float
    north: float
    x_scale: float
    y_scale: float
    width: int
    height: int

    def __call__(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = PADDING + (float(longitude) - self.west) * self.x_scale
        y = PADDING + (self.north - float(latitude)) * self.y_scale
        return round(x, 1), round(y, 1)

    def contains(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height


@dataclass(frozen=True)
class RegionShape:
    nuts3: str
    name_cs: str
    name_en: str
    path: str


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


@cache
def _load() -> tuple[Projection, tuple[RegionShape, ...]]:
    features = json.loads(DATA.read_text(encoding="utf-8"))["features"]
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    west = min(p[0] for p in points)
    east = max(p[0] for p in points)
    south = min(p[1] for p in points)
    north = max(p[1] for p in points)
    x_per_degree = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * PADDING) / ((east - west) * x_per_degree)
    height = round((north - south) * scale + 2 * PADDING)
    projection = Projection(west, north, scale * x_per_degree, scale, WIDTH, height)
    shapes = []
    for feature in features:
        rings = []
        for ring in _rings(feature["geometry"]):
            coords = [projection(lon, lat) for lon, lat in ring]
            rings.append("M" + "L".join(f"{x},{y}" for x, y in coords) + "Z")
        props = feature["properties"]
        shapes.append(
            RegionShape(props["nuts3"], props["name_cs"], props["name_en"], "".join(rings))
        )
    return projection, tuple(shapes)


def projection() -> Projection:
    return _load()[0]


def region_shapes() -> tuple[RegionShape, ...]:
    return _load()[1]


@dataclass(frozen=True)
class MapPoint:
    name: str
    url: str
    x: float
    y: float


def map_points(rows) -> list[MapPoint]:
    """Points for (name, url, latitude, longitude) rows; rows without a location are
    skipped, so the list below the map stays the complete (and accessible) alternative."""
    project = projection()
    points = []
    for name, url, latitude, longitude in rows:
        if latitude is None or longitude is None:
            continue
        x, y = project(longitude, latitude)
        if project.contains(x, y):
            points.append(MapPoint(name, url, x, y))
    return points


def points_markup(points: list[MapPoint]) -> str:
    """The SVG links of the points, built in one pass: with 2,000 members a template loop (or
    format_html per point) costs several times more than the database."""
    # Smaller dots when the whole register is shown, so the regions stay readable.
    radius = 6 if len(points) <= 300 else 4
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'<a href="{escape(p.url)}" aria-label="{escape(p.name)}"><title>{escape(p.name)}'
            f'</title><circle class="member-map__hit" cx="{p.x}" cy="{p.y}" r="{HIT_RADIUS}">'
            f'</circle><circle cx="{p.x}" cy="{p.y}" r="{radius}"></circle></a>'
            for p in points
        )
    )


# The invisible circle around each point that takes the tap or click: 24 CSS pixels across
# (WCAG 2.2 target size) even on the narrowest screen, where the map is under 288 px wide
# (280 leaves room for its border). Where points crowd, their targets overlap; the list of
# members is the full alternative.
HIT_RADIUS = round(12 * WIDTH / 280, 1)

# Above this many points the map shows one circle per region instead (the list stays the
# complete alternative): 2,000 point links were most of a 315 KB page.
MAX_POINTS = 300


@dataclass(frozen=True)
class MapCluster:
    """The located members of one region: a circle at their mean position, sized by count,
    linking to the list filtered to that region."""

    name: str
    url: str
    count: int
    x: float
    y: float
    radius: float


def region_clusters(rows) -> list[MapCluster]:
    """Clusters for (region name, url, count, mean latitude, mean longitude) rows."""
    project = projection()
    rows = [row for row in rows if row[2]]
    largest = max((row[2] for row in rows), default=1)
    clusters = []
    for name, url, count, latitude, longitude in rows:
        x, y = project(longitude, latitude)
        radius = round(10 + 22 * math.sqrt(count / largest), 1)
        clusters.append(MapCluster(name, url, count, x, y, radius))
    return clusters


def clusters_markup(clusters: list[MapCluster], label) -> str:
    """The SVG links of the region circles; ``label(cluster)`` is the link's accessible name."""
    parts = []
    for cluster in clusters:
        name = escape(label(cluster))
        parts.append(
            f'<a href="{escape(cluster.url)}" aria-label="{name}"><title>{name}</title>'
            f'<circle class="member-map__hit" cx="{cluster.x}" cy="{cluster.y}" '
            f'r="{max(cluster.radius, HIT_RADIUS)}"></circle>'
            f'<circle cx="{cluster.x}" cy="{cluster.y}" r="{cluster.radius}"></circle>'
            f'<text x="{cluster.x}" y="{cluster.y}" aria-hidden="true">{cluster.count}</text></a>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped here
