"""Free-text skill extraction against the taxonomy labels (rapidfuzz, no downloaded model).

How a CV or an offer in French or English is read (ADR 0017):

1. the text and every label are cut into words (letters, digits and the ``+ # .`` of
   "C++", "C#", "Node.js") and normalised: accents removed, case folded, so "Développement"
   and "developpement" are the same word;
2. for a label of n words, every window of n consecutive words of the text is compared
   with it by ``rapidfuzz.process.cdist``: ``fuzz.ratio`` on the characters, or for several
   words the better of it and ``fuzz.token_sort_ratio`` (word order); a window scoring at
   least ``threshold`` (0..100) is a mention. Labels of four characters or fewer ("SQL",
   "Java", "R") must match exactly: one typo there is another word;
3. overlapping mentions are resolved by the best score (then the longer span, the earlier
   position); each remaining occurrence is returned, in text order.

Example:
    >>> labels = {"python": ["Python"], "data-analysis": ["analyse de données", "data analysis"],
    ...           "sql": ["SQL"]}
    >>> text = "Stage : analyse de donnees avec Pyhton et SQL (PostgreSQL)."
    >>> [(m.skill, m.text) for m in extract_skills(text, labels, threshold=80)]
    [('data-analysis', 'analyse de donnees'), ('python', 'Pyhton'), ('sql', 'SQL')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from .errors import MatchingError
from .types import Mention

__all__ = ["extract_skills", "normalise"]

_WORD = re.compile(r"\w[\w+#]*(?:\.\w[\w+#]*)*")
_EXACT_ONLY = 4  # labels this short (normalised characters) must match exactly
_MAX_CHARS = 2_000_000


def normalise(text: str) -> str:
    """Accents removed, case folded (for French, English and Arabic alike).

    Example:
        >>> normalise("Développement Réseau")
        'developpement reseau'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(normalise(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise MatchingError(
            "this is not text; paste the text of the CV or offer, or upload a text or PDF "
            "file converted to text",
            code="not_text",
        )
    if not text.strip():
        raise MatchingError(
            "the text is empty; paste the text of the CV or offer", code="empty_text"
        )
    if len(text) > _MAX_CHARS:
        raise MatchingError(
            "the text is too long (more than two million characters); shorten it",
            code="text_too_long",
        )
    odd = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs", "Co") and not ch.isspace())
    )
    if "\x00" in text or odd > 0.05 * len(text):
        raise MatchingError(
            "this does not look like text (a binary file?); paste the text of the CV or "
            "offer, or upload it as plain text",
            code="not_text",
        )
    return text


def extract_skills(
    text: str, labels: Mapping[str, Sequence[str]], *, threshold: float = 88.0
) -> list[Mention]:
    """The skills mentioned in ``text`` (a CV or an offer, French or English), in text order.

    ``labels`` maps a skill code to its labels (fr/en/ar). A text that is not text (binary,
    empty) raises ``MatchingError`` with a message saying what to do.

    Example:
        >>> extract_skills("Je maîtrise le développement web.",
        ...                {"web-dev": ["developpement web"]})[0].score
        100.0
    """
    _check_text(text)
    if not 0 <= threshold <= 100:
        raise MatchingError("the threshold must be between 0 and 100", code="bad_threshold")
    words = _words(text)
    by_length: dict[int, list[tuple[str, str, str]]] = {}  # n words -> (norm, skill, label)
    for skill, names in labels.items():
        for label in names:
            tokens = [w for w, _, _ in _words(label)]
            if tokens:
                by_length.setdefault(len(tokens), []).append((" ".join(tokens), skill, label))
    found: list[tuple[float, int, int, str, str]] = []  # score, first word, end word, ...
    for n, entries in by_length.items():
        if n > len(words):
            continue
        windows = [" ".join(w for w, _, _ in words[k : k + n]) for k in range(len(words) - n + 1)]
        targets = [norm for norm, _, _ in entries]
        scores = process.cdist(
            windows, targets, scorer=fuzz.ratio, score_cutoff=threshold, workers=1
        )
        if n > 1:
            by_order = process.cdist(
                windows, targets, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, workers=1
            )
            scores = scores.clip(min=by_order)
        for k, e in zip(*scores.nonzero(), strict=True):
            norm, skill, label = entries[int(e)]
            if len(norm) <= _EXACT_ONLY and windows[int(k)] != norm:
                continue
            found.append((float(scores[k, e]), int(k), int(k) + n, skill, label))
    found.sort(key=lambda f: (-f[0], -(f[2] - f[1]), f[1], f[3], f[4]))
    taken = [False] * len(words)
    mentions = []
    for score, first, end, skill, label in found:
        if any(taken[first:end]):
            continue
        taken[first:end] = [True] * (end - first)
        start, stop = words[first][1], words[end - 1][2]
        mentions.append(Mention(skill, label, text[start:stop], start, stop, score))
    mentions.sort(key=lambda m: (m.start, m.skill))
    return mentions
