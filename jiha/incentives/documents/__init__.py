"""Documents of a dossier (checked, scanned, versioned), decision letters and payment batches.

``models`` (re-exported by ``jiha.incentives.models``), ``services`` (writes: uploads, scans,
letters), ``payments`` (payment batches), ``selectors`` (reads), ``letters`` (the PDF),
``tasks`` (background scans and letters), ``views``/``api`` (pages and API). Files live in the
private storage (``jiha.lib.uploads``), scanned by clamd (``jiha.lib.virusscan``); see
docs/decisions/0011-virus-scanning-and-documents.md and 0012-letters-and-verification-codes.md.
"""
