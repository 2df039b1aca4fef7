from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network_portal.text import CleanCharField, CleanEmailField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address: network staff or a municipal coordinator."""

    email = CleanEmailField(_("e-mail"), unique=True)
    first_name = CleanCharField(_("first name"), max_length=150, blank=True)
    last_name = CleanCharField(_("last name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Network staff: may log in to the administration."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class RateLimitBucket(models.Model):
    """The recent hits of one key of one rate limit (see network_portal.ratelimit)."""

    scope = CleanCharField(_("scope"), max_length=100)
    key_hash = CleanCharField(_("key (HMAC)"), max_length=64)
    hits = ArrayField(models.DateTimeField(), verbose_name=_("recent hits"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        ordering = ["scope", "expires_at"]
        verbose_name = _("rate limit")
        verbose_name_plural = _("rate limits")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key_hash"], name="ratelimit_scope_key"),
        ]

    def __str__(self):
        return f"{self.scope}: {len(self.hits)}"


class TranslatedQuerySet(models.QuerySet):
    """The English state of translated records (:class:`TranslatedContent`) as filters: a
    translated model's own queryset extends this one."""

    def english_missing(self):
        """Records without one of the model's ``ENGLISH_REQUIRED`` fields."""
        required = self.model.ENGLISH_REQUIRED
        if not required:
            return self.none()
        missing = models.Q()
        for name in required:
            missing |= models.Q(**{name: ""}) | models.Q(**{f"{name}__isnull": True})
        return self.filter(missing)

    def english_outdated(self):
        """Records with English whose Czech changed after it."""
        return self.exclude(pk__in=self.english_missing().values("pk")).filter(
            TranslatedContent.outdated_condition()
        )

    def english_needs_work(self):
        """Records whose English is missing or outdated."""
        return self.filter(
            models.Q(pk__in=self.english_missing().values("pk"))
            | models.Q(pk__in=self.english_outdated().values("pk"))
        )


class TranslatedContent(models.Model):
    """A record written in Czech and translated into English (both in the record, through
    django-modeltranslation): when each language's text last changed, and so whether the
    English translation is complete, missing or outdated.

    ``ENGLISH_REQUIRED`` names the English fields without which the record counts as not
    translated (the page then shows the Czech text with ``lang="cs"``). ``TRANSLATED_TEXTS``
    names the texts (without the language suffix) whose change in one language makes the other
    one outdated. The admin side is ``network_portal.admin.TranslatedContentAdminMixin``.
    """

    class TranslationStatus(models.TextChoices):
        COMPLETE = "complete", _("complete")
        MISSING = "missing", _("missing")
        OUTDATED = "outdated", _("outdated")

    ENGLISH_REQUIRED: tuple[str, ...] = ()
    TRANSLATED_TEXTS: tuple[str, ...] = ()

    cs_changed_at = models.DateTimeField(_("Czech text changed"), null=True, blank=True)
    en_changed_at = models.DateTimeField(_("English text changed"), null=True, blank=True)

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def text_fields(cls, language: str) -> tuple[str, ...]:
        """The fields of ``TRANSLATED_TEXTS`` in ``language`` (``title_cs``...)."""
        return tuple(f"{name}_{language}" for name in cls.TRANSLATED_TEXTS)

    def new_text_fields(self) -> list[str]:
        """What a new record's texts count as changed: every Czech one, and the English ones
        only if one is written (a record created without English has no English stamp)."""
        english = self.text_fields("en")
        return [
            *self.text_fields("cs"),
            *(english if any(getattr(self, n) for n in english) else ()),
        ]

    def stamp_text_changes(self, changed, *, now=None) -> None:
        """Set when each language's texts changed, from the names of the changed fields; the
        English is outdated when the Czech changed after it. Sets, does not save."""
        changed = set(changed)
        now = now or timezone.now()
        if changed & set(self.text_fields("cs")):
            self.cs_changed_at = now
        if changed & set(self.text_fields("en")):
            self.en_changed_at = now

    @staticmethod
    def outdated_condition() -> models.Q:
        """The filter for records whose Czech changed after their English (or with no English
        change recorded); combine it with the model's ``english_missing()``."""
        return models.Q(cs_changed_at__isnull=False) & (
            models.Q(en_changed_at__isnull=True)
            | models.Q(cs_changed_at__gt=models.F("en_changed_at"))
        )

    @property
    def has_english(self) -> bool:
        return all(getattr(self, name) for name in self.ENGLISH_REQUIRED)

    @property
    def translation_status(self) -> str:
        if not self.has_english:
            return self.TranslationStatus.MISSING
        if self.cs_changed_at and (
            self.en_changed_at is None or self.cs_changed_at > self.en_changed_at
        ):
            return self.TranslationStatus.OUTDATED
        return self.TranslationStatus.COMPLETE
