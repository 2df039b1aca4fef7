from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo content: each installed app contributes through its demo.load(stdout). "
        "Idempotent: running it again updates the same records. Demo accounts (with the "
        "password from DEMO_PASSWORD) are only created when DEBUG is on."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                self.stdout.write(f"{config.verbose_name}:")
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
