"""Who may do what, in one place.

Network staff hold their rights as Django permissions through the "Network staff" group; the
admin and the services check the same permissions. A coordinator's reach is a scoped
queryset of the app (``Member.objects.editable_by``, ``Practice.objects.visible_to``).
Nothing else reads ``is_staff``: the admin's own gate is :func:`can_use_admin`.
"""


def can_use_admin(user) -> bool:
    """The Django admin's own entry rule (``AdminSite.has_permission``)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)
