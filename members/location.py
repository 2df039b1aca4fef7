"""Coordinates typed by hand in the admin, checked on the portal's own map (members.maps):
the change form shows the point (the typed one after "Preview", the stored one otherwise),
and a record may offer a default position that one submit button fills in, unsaved."""

from __future__ import annotations

from decimal import Decimal

from members import maps
from network_portal.admin import PREVIEW, DescriptionPreviewMixin

USE_DEFAULT = "_use_default_position"
# A small map in the admin: the directory's drawing, scaled down by the browser.
MAP_WIDTH = 360
POINT_RADIUS = 9


class LocationAdminMixin(DescriptionPreviewMixin):
    """For a model with ``latitude`` and ``longitude``: the point on the member map below
    the fields, and the offer of ``default_position`` while both coordinates are empty."""

    no_save_buttons = (PREVIEW, USE_DEFAULT)

    def default_position(self, request, obj) -> tuple[str, Decimal, Decimal] | None:
        """(whose position, latitude, longitude) to offer, or None."""
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and USE_DEFAULT in request.POST:
            default = self.default_position(request, None)
            if default:
                _, latitude, longitude = default
                request.POST = request.POST.copy()
                request.POST["latitude"], request.POST["longitude"] = str(latitude), str(longitude)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if "adminform" in context:
            context["location"] = self.location(request, context["adminform"].form, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def location(self, request, form, obj) -> dict:
        if form.is_bound:
            if form.errors.get("latitude") or form.errors.get("longitude"):
                return {"invalid": True}
            data = getattr(form, "cleaned_data", {})
            latitude, longitude = data.get("latitude"), data.get("longitude")
        else:
            latitude, longitude = form.instance.latitude, form.instance.longitude
        projection = maps.projection()
        shown = {
            "width": projection.width,
            "height": projection.height,
            "display_width": MAP_WIDTH,
            "display_height": round(MAP_WIDTH * projection.height / projection.width),
            "regions": maps.region_shapes(),
            "radius": POINT_RADIUS,
        }
        if latitude is None or longitude is None:
            offer = None
            if latitude is None and longitude is None:
                offer = self.default_position(request, obj)
            return {**shown, "offer": offer}
        x, y = projection(longitude, latitude)
        return {
            **shown,
            "latitude": latitude,
            "longitude": longitude,
            "point": (x, y) if projection.contains(x, y) else None,
            "outside": not projection.contains(x, y),
        }
