"""Demo subscribers (confirmed, one per language) and a draft announcement; idempotent."""

from django.utils import timezone

from members.models import Region
from newsletter.models import Announcement, Subscriber
from newsletter.tokens import new_nonce

SUBSCRIBERS = [
    ("odberatel.plzen@example.org", "cs", ["news", "events", "goodpractice"], ["CZ032"]),
    ("subscriber@example.org", "en", ["news", "goodpractice"], []),
]


def load(stdout) -> None:
    now = timezone.now()
    for email, language, sections, regions in SUBSCRIBERS:
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "sections": sections,
                "token_nonce": new_nonce(),
                "confirmed_at": now,
                "digest_until": now,
            },
        )
        if created:
            subscriber.regions.set(Region.objects.filter(nuts3__in=regions))
    Announcement.objects.get_or_create(
        subject="Jarní škola Zdravých měst",
        defaults={
            "body": "Zveme vás na jarní Školu Zdravých měst. Program a přihlášky najdete na "
            "portálu sítě."
        },
    )
    stdout.write(f"newsletter: {len(SUBSCRIBERS)} demo subscribers, a draft announcement\n")
