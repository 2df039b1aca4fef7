"""Who may do what, in one place.

Network staff hold their rights as Django permissions through the "Network staff" group; the
admin and the services check the same permissions. A coordinator's reach is a scoped
queryset of the app (``Member.objects.editable_by``, ``Practice.objects.visible_to``).
Nothing else reads ``is_staff``: the admin's own gate is :func:`can_use_admin`.
"""


def can_use_admin(user) -> bool:
    """The Django admin's own entry rule (``AdminSite.has_permission``)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


NETWORK_STAFF_GROUP = "Network staff"


def grant_to_network_staff(*app_labels: str):
    """A data-migration operation giving the "Network staff" group every permission of the
    apps ``app_labels`` (each app's migration grants its own, so no app names another)."""
    from django.db import migrations

    def grant(apps, schema_editor):
        from django.contrib.auth.management import create_permissions

        # Permissions are normally created after the migrations; create them now.
        for label in app_labels:
            config = apps.get_app_config(label)
            config.models_module = True
            create_permissions(config, apps=apps, verbosity=0)
            config.models_module = None
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        group, _created = group_model.objects.get_or_create(name=NETWORK_STAFF_GROUP)
        group.permissions.add(
            *permission_model.objects.filter(content_type__app_label__in=app_labels)
        )

    def revoke(apps, schema_editor):
        group_model = apps.get_model("auth", "Group")
        for group in group_model.objects.filter(name=NETWORK_STAFF_GROUP):
            group.permissions.remove(
                *group.permissions.filter(content_type__app_label__in=app_labels)
            )

    return migrations.RunPython(grant, revoke)
