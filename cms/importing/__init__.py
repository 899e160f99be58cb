"""Importing policies from an old site: a file's lines as records (``records``), each
checked and resolved (``parsing``), written one by one (``importer``, with the import's
options and counts) or new policies a batch at a time (``bulk``, its rows written by
``batch_write``); spreadsheets, attachments, and resumable runs of a whole file (``runs``)."""
