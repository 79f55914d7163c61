"""Framework-free computation cores (rules, composite indicators, tables, matching).

Nothing under this package may import Django or the Jiha apps: engines are usable from a
notebook and tested without a database. ``tests/test_engines_are_framework_free.py`` and a
ruff banned-import rule enforce it.
"""
