"""``network_portal.recent.Recent``: what a process keeps of what it worked out last."""

import threading

from network_portal.recent import Recent


def test_the_least_recently_used_value_goes_first():
    kept = Recent(2)
    kept.keep("a", 1)
    kept.keep("b", 2)
    assert kept.get("a") == 1  # "a" used again: "b" is now the oldest
    kept.keep("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    assert len(kept) == 2


def test_a_value_is_made_once_per_key_and_kept_even_when_empty():
    kept, made = Recent(4), []

    def make():
        made.append(1)
        return []

    assert kept.get_or_make("k", make) == [] and kept.get_or_make("k", make) == []
    assert len(made) == 1


def test_threads_keep_at_most_the_size():
    kept = Recent(50)

    def fill(offset):
        for number in range(2000):
            kept.keep((offset, number), number)
            kept.get((offset, number // 2))

    threads = [threading.Thread(target=fill, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 50
