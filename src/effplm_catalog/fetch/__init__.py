"""Metadata from the arXiv API, Crossref, Semantic Scholar, DBLP and the ACL Anthology.

:mod:`.http` is the one way out to the network: timeouts, retries that honour
``Retry-After``, per-host pacing, a size limit, an on-disk cache, and checks that
a 200 answer is what the API promises. One module per provider turns answers
into :class:`~.metadata.Metadata`; :mod:`.resolve` combines them.
"""
