"""A process's memory of what it worked out last: at most ``size`` values, the least recently
used one forgotten first, shared safely by the process's threads (gunicorn's gthread workers).
The key must name everything the value depends on: nothing here ever goes stale by itself."""

import threading
from collections import OrderedDict


class Recent:
    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            value = self._values.get(key, default)
            if key in self._values:
                self._values.move_to_end(key)
            return value

    def keep(self, key, value) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def get_or_make(self, key, make):
        """The value kept for ``key``, or ``make()`` kept (made outside the lock: two threads
        may both make it; the same value either way)."""
        value = self.get(key)
        if value is None:
            value = make()
            self.keep(key, value)
        return value

    def __getitem__(self, key):
        with self._lock:
            return self._values[key]

    def __len__(self) -> int:
        return len(self._values)
