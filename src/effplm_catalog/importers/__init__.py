"""Importers: source lists and bibliographies → candidate records, with an anomaly report.

Each importer turns one kind of source into :class:`~.entries.Entry` objects
(what the source says, unjudged); :mod:`.convert` turns entries into records
through the vocabularies, and :mod:`.merge` joins entries that are one paper.
"""
