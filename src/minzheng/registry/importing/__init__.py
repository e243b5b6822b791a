"""Bulk import of people, households and houses from CSV or XLSX files (issue 3, item 3).

Entry points: :func:`services.import_batch_submit` (the page: the job worker runs it),
:func:`services.import_file` (``minzheng import persons|households|houses FILE``), both ending in
:func:`pipeline.import_batch_run`. Files: :mod:`readers` (formats and encodings), :mod:`columns`
(headers), :mod:`values` (cell parsing), one module per kind (row rules and SQL checks),
:mod:`support` (staging table, issue spool, ``INSERT … SELECT``).
"""

from __future__ import annotations

from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.pipeline import ImportBatchStateError, Importer


def importer_for(kind: str) -> type[Importer]:
    from minzheng.registry.importing.households import HouseholdImporter
    from minzheng.registry.importing.houses import HouseImporter
    from minzheng.registry.importing.persons import PersonImporter

    return {"persons": PersonImporter, "households": HouseholdImporter, "houses": HouseImporter}[kind]


__all__ = ["ImportBatchStateError", "ImportFileError", "importer_for"]
