"""A record's public page (an example, a project, an article): its body drawn once and shared.

Everything the template wraps in ``{% shared_body %}…{% endshared_body %}`` is drawn from
:meth:`RecordView.body_context` the first time the address is asked for, and kept
(``pagecache.Part``) for every later visitor of the same address with the same permissions,
logged in or not, until a write to a table read while working it out (the record's own table
among them, read by ``get_queryset``) or a scheduled change of one. A visitor who meets it
drawn runs one query: ``get_queryset``'s, which decides whether the visitor may see the record
at all (a draft is a 404 to the public) and gives the page's title and description.

So the body must show nothing about the visitor beyond the permissions: what depends on who the
visitor is (the links to work on the record, an author's "edit" and "submit" buttons, a form
with its CSRF token) goes before ``{% shared_body %}`` or after ``{% endshared_body %}``.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.views.generic import DetailView

from network_portal import pagecache


class RecordView(DetailView):
    """A record's page: ``get_queryset`` (run for every visitor) says who sees which record;
    ``body_lookups`` (``prefetch_related`` lookups) and :meth:`body_context` are what only the
    body needs, worked out when it is drawn."""

    body_lookups: tuple = ()

    def get(self, request, *args, **kwargs):
        self.body_part = part = pagecache.Part(
            "record-body", request.get_host(), request.path, *self.body_vary()
        )
        with part.recording():
            self.object = self.get_object()
        context = self.get_context_data(object=self.object)
        if part.found:
            context["shared_body"] = part.value
            return self.render_to_response(context)
        body = {}
        with part.recording():
            prefetch_related_objects([self.object], *self.body_lookups)
            context.update(self.body_context(), shared_body=body, shared_body_part=part)
        response = self.render_to_response(context)
        response.render()
        if "html" in body:  # a template without {% shared_body %} keeps nothing
            part.keep(body)
        return response

    def body_vary(self) -> tuple:
        """What the body depends on besides the address: the visitor's permissions (staff see
        more of some records). A page whose body shows more of the visitor adds it here."""
        user = self.request.user
        permissions = user.get_all_permissions() if user.is_active else ()
        return (",".join(sorted(permissions)),)

    def body_context(self) -> dict:
        """What the body shows besides the record (its related records, notices)."""
        return {}
