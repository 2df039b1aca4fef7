"""A stand-in for ``network_portal.ratelimit`` (being written on another branch) with the same
signature; switch the import in ``events.views`` when it lands and delete this module.

A fixed window counted in Django's cache: good enough for one process, approximate for
several (each has its own local-memory cache unless CACHES points at a shared one).
"""

from datetime import timedelta
from hashlib import sha256

from django.core.cache import cache
from django.utils import timezone


def rate_limit_exceeded(*, scope: str, key: str, limit: int, period: timedelta) -> bool:
    """Count one attempt for ``key`` in ``scope``; True when more than ``limit`` attempts fell
    into the current window of length ``period``."""
    seconds = max(int(period.total_seconds()), 1)
    window = int(timezone.now().timestamp()) // seconds
    digest = sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    name = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(name, 0, timeout=seconds)
    try:
        count = cache.incr(name)
    except ValueError:
        cache.set(name, 1, timeout=seconds)
        count = 1
    return count > limit
