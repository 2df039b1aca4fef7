"""Helpers shared by tests of several apps."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.test import TestCase
from django.utils import timezone
from procrastinate import utils as procrastinate_utils
from procrastinate.contrib.django import app

# What the layout of every page reads (pages.section.footer): the footer's editable text and
# the network's pages in the navigation. Pinned query counts of whole pages add it.
LAYOUT_QUERIES = 2


def built_once(build):
    """A module-scoped fixture of the records ``build()`` makes (and returns): built once per
    test module inside a transaction rolled back when the module ends; each test runs in a
    savepoint of it (pytest-django's ``db``), so no test sees another's changes. The records
    are there for every test of the module after the first that asks for them: for modules
    whose tests all use them, and without transactional tests (they commit and flush)."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                built = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    fixture.__doc__ = build.__doc__
    return fixture


def run_jobs(connector, *, task_name=None) -> int:
    """Run the due jobs of the in-memory queue (the ``queue`` fixture) now, in this thread (so
    inside the test's transaction), the way the worker would; return how many ran. Beside a
    running event loop (Playwright's, in browser tests) they run in a thread of their own:
    a job that queues another may not call the queue synchronously inside a loop."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_jobs(connector, task_name=task_name)
    result = {}

    def run():
        try:
            result["ran"] = _run_jobs(connector, task_name=task_name)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["ran"]


def _run_jobs(connector, *, task_name=None) -> int:
    ran = 0
    while True:
        now = procrastinate_utils.utcnow()
        due = [
            job
            for job in connector.jobs.values()
            if job["status"] == "todo"
            and (job["scheduled_at"] is None or job["scheduled_at"] <= now)
            and (task_name is None or job["task_name"] == task_name)
        ]
        if not due:
            return ran
        job = due[0]
        job["status"] = "doing"
        # The worker runs a job in a transaction of its own: what the job queues on commit
        # (a message written by a job) is queued when it ends, not at the test's end.
        with TestCase.captureOnCommitCallbacks(execute=True):
            app.tasks[job["task_name"]].func(**job["args"])
        job["status"] = "succeeded"
        ran += 1


def admin_form_data(response) -> dict:
    """The POST data an admin change form would send back unchanged, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
            else:
                data[bound.html_name] = str(getattr(value, "pk", value))
    return data


def body(response) -> bytes:
    """The whole body of a response, streamed (exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def race(work, count: int) -> list:
    """Start ``count`` threads at the same moment, each with its own database connection, each
    calling ``work(number)``; return what each returned or raised (for concurrency tests)."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(number):
        try:
            barrier.wait()
            results[number] = work(number)
        except Exception as error:  # collected and checked by the test
            results[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def pdf_qr_codes(pdf: bytes) -> list[str]:
    """What a phone would read from a printed PDF: each page drawn as an image and every QR
    code on it decoded (the certificates draw their QR code as vector graphics)."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            barcode.text
            for pdf_page in document
            for barcode in zxingcpp.read_barcodes(pdf_page.render(scale=3).to_pil())
            if barcode.format == zxingcpp.BarcodeFormat.QRCode
        ]
    finally:
        document.close()


def far_from_midnight() -> datetime:
    """Tomorrow at ten in the portal's time zone: a start for tests that travel in time. No
    cache entry is kept past midnight, so a test started a few minutes before one would see
    its entries expire early."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time(10)))


def asked_to_wait(response, message: str) -> str:
    """``response`` is a visitor limit's answer (network_portal.ratelimit.VISITOR_LIMITS): 429,
    try again in a minute, saying ``message``. Returns the body for further checks."""
    text = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert message in text
    return text
