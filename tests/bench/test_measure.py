from bench import measure


def test_latencies_stop_at_the_cases_budget(monkeypatch):
    """Regression: each request overwrote the case's start, so the budget never applied."""
    clock = {"now": 0.0}

    def slow_fetch(url, headers=None):
        clock["now"] += 1.0
        return 200, {}, b""

    monkeypatch.setattr(measure, "fetch", slow_fetch)
    monkeypatch.setattr(measure.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(measure.time, "perf_counter", lambda: clock["now"])
    times = measure.latencies("http://x/", runs=50, warmup=0, budget=3)
    assert len(times) == 5  # at least five, then stopped: the case has run past its 3 s
    assert times == [1000.0] * 5


def test_the_bare_project_answers_under_the_portals_gunicorn_settings():
    """benchmark_http's yardstick is served with the portal's gunicorn.conf.py, hooks and
    all (network_portal.warmup after each worker starts): it boots and says hello."""
    with measure.bare_hello(workers=1) as url:
        status, _headers, body = measure.fetch(url)
    assert status == 200
    assert body
