from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class NetworkPortalConfig(AppConfig):
    name = "network_portal"
    verbose_name = _("Portal")

    def ready(self):
        from network_portal import pagecache

        # Every write to the portal's content invalidates the cached pages.
        connection_created.connect(pagecache.install, dispatch_uid="pagecache.install")
        pre_migrate.connect(pagecache.migration_started, dispatch_uid="pagecache.pre_migrate")
        post_migrate.connect(pagecache.migration_finished, dispatch_uid="pagecache.post_migrate")

        from network_portal import search

        # Rows already there when a section's search columns were added get their vectors.
        post_migrate.connect(search.fill_missing, sender=self, dispatch_uid="search.fill_missing")

        from network_portal import patches

        patches.install()
