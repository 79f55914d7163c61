"""The digital incentive procedure: dossiers, their review and decision (issue 12).

``services`` holds every write (each locks the dossier, checks its version and appends to the
audit chain in the same transaction), ``selectors`` the reads, ``compute`` the bridge from a
dossier to the rules engine (through ``jiha.incentives.engine_io``). ``jiha.incentives.services``
and ``jiha.incentives.selectors`` re-export them: other apps use those faces.
"""
