"""An event's coordinates in the admin: its first host member's position as the default."""

from __future__ import annotations

from members.location import LocationAdminMixin
from members.models import Member

# More hosts than any event has; a hostile form cannot make the query long.
MAX_HOSTS = 50


class EventLocationAdminMixin(LocationAdminMixin):
    def default_position(self, request, obj):
        """The first host member (by name) with a position: the hosts chosen in the form
        once it was submitted, the stored hosts before."""
        if request.method == "POST":
            ids = [pk for pk in request.POST.getlist("hosts")[:MAX_HOSTS] if pk.isdigit()]
            hosts = Member.objects.filter(pk__in=ids)
        elif obj is not None:
            hosts = obj.hosts.all()
        else:
            return None
        located = hosts.filter(latitude__isnull=False, longitude__isnull=False)
        host = located.order_by("name").first()
        if host is None:
            return None
        return host.name, host.latitude, host.longitude
