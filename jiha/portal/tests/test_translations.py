"""Every user-facing string is translated to French and Arabic, and the compiled catalogues
shipped with the code match their sources."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

import jiha

LOCALE = Path(jiha.__file__).parent / "locale"


def read_po(path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for each entry of a .po file, header excluded."""
    entries: list[tuple[str, list[str], bool]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[current or ""] += ast.literal_eval(line)
                continue
            key, _, value = line.partition(" ")
            current = key
            fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            # A msgid with a context is compiled under "context\x04msgid" (gettext's key).
            context = fields.get("msgctxt")
            msgid = f"{context}\x04{fields['msgid']}" if context else fields["msgid"]
            entries.append((msgid, strs, fuzzy))
    return entries


def test_the_reader_sees_untranslated_and_fuzzy_entries(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr "h"\n\nmsgid "A"\nmsgstr ""\n\n#, fuzzy\nmsgid "B"\nmsgstr "b"\n'
    )
    assert read_po(po) == [("A", [""], False), ("B", ["b"], True)]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_message_is_translated(language: str) -> None:
    entries = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    missing = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert missing == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_compiled_catalogue_is_up_to_date(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalogue = compiled._catalog  # type: ignore[attr-defined]
    stale = [
        msgid
        for msgid, strs, _fuzzy in read_po(folder / "django.po")
        if catalogue.get(msgid, catalogue.get((msgid.split("\x00")[0], 0))) != strs[0]
        and not any(isinstance(k, tuple) and k[0] == msgid for k in catalogue)
    ]
    assert stale == [], "run: jiha compilemessages"
