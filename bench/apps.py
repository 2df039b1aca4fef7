from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """Synthetic data at realistic volumes and the benchmarks: development only.

    Production settings do not install this app, so no command there can fill the public
    register with generated members.
    """

    name = "bench"
    verbose_name = _("Benchmarks")
