"""Chinese full-text search over policies and their interpretations (docs/architecture.md#search).

One index document per public policy (``documents``), text normalized in Python before
any engine sees it (``text``), and two backends behind one interface (``backends``):
Elasticsearch or OpenSearch with the Elasticsearch DSL, and an embedded Tantivy index.
"""
