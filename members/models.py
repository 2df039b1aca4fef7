from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

CZECH = settings.CZECH_COLLATION


class Region(models.Model):
    """One of the 14 Czech regions (kraje); reference data loaded by a migration."""

    nuts3 = models.CharField(_("NUTS3 code"), max_length=5, unique=True)
    iso = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100, db_collation=CZECH)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def public(self):
        """Members shown in the public directory: former members stay in the data only."""
        return self.exclude(status=Member.Status.FORMER)

    def editable_by(self, user):
        """The members whose public profile ``user`` may edit: staff all, coordinators theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(coordinators=user)


class Member(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("town / city")
        STATUTORY_CITY = "statutory_city", _("statutory city")
        MUNICIPALITY = "municipality", _("municipality")
        CITY_DISTRICT = "city_district", _("city district")
        REGION = "region", _("region")
        MICROREGION = "microregion", _("microregion / union of municipalities")
        LOCAL_ACTION_GROUP = "lag", _("local action group")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        FORMER = "former", _("former")

    name = models.CharField(_("name"), max_length=200, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator accounts"),
        related_name="coordinated_members",
        blank=True,
        help_text=_("Accounts that may edit this member's public profile."),
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:detail", kwargs={"slug": self.slug})
