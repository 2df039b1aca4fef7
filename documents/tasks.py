"""The documents' jobs: reading the text of an uploaded PDF once, after the upload."""

from procrastinate.contrib.django import app

from documents import services


@app.task(name="documents_text_extract")
def text_extract(document_id: int) -> bool:
    """Read the text of the document's PDF (nothing when it was read already)."""
    return services.document_text_extract(document_id=document_id)


@app.periodic(cron="17 3 * * *", periodic_id="documents-texts")
@app.task(name="documents_texts_catch_up", queueing_lock="documents_texts_catch_up")
def texts_catch_up(timestamp: int) -> int:
    """Every night: read the documents whose text no job has read (moved from the old
    attachment tables, or a job that failed)."""
    return services.document_texts_catch_up()
