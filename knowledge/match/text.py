"""Text normalization shared by the matcher's index and the questions it reads: fold, split, stem.

The same functions process knowledge-base phrases and questions, so both sides agree on every word: text is
NFKC-normalized and case-folded, split into words (hyphenated words kept together, apostrophes dropped), and
each word is reduced by a light suffix stemmer (plurals, -ing, -ed, -ation, -ization, -ment, -ly), enough for
"labelling", "labeled" and "labels" to meet at "label" without a linguistic library.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

_APOSTROPHE_S: Final = re.compile(r"['\u2019`\u00b4]s\b")
_APOSTROPHE: Final = re.compile(r"['\u2019`\u00b4]")
"""The apostrophes (straight, curly, backtick, acute accent): `fold` checks for the same four."""
_WORD: Final = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
_WORD_BYTES: Final = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyz-")
_SEPARATE: Final = bytes(byte if byte in _WORD_BYTES else ord(" ") for byte in range(256))
"""A `bytes.translate` table that turns every byte `_WORD` cannot hold into a space."""

# (suffix, replacement, shortest stem left): the first that applies wins. Stems only need to agree with each
# other, not to be words: "integration", "integrate" and "integrated" all become "integrat".
_SUFFIXES: Final[tuple[tuple[str, str, int], ...]] = (
    ("ization", "iz", 3),
    ("isation", "iz", 3),
    ("ation", "at", 3),
    ("ness", "", 3),
    ("ment", "", 4),
    ("ized", "iz", 3),
    ("ised", "iz", 3),
    ("izing", "iz", 3),
    ("ising", "iz", 3),
    ("ize", "iz", 3),
    ("ise", "iz", 3),
    ("ing", "", 3),
    ("ed", "", 3),
    ("ly", "", 4),
)
_UNDOUBLE_AFTER: Final = frozenset({"ing", "ed"})
_VOWELS: Final = frozenset("aeiouy")
_SHORT: Final = 3
"""Words this short are never stemmed (abbreviations like "ops", "swe", "mle")."""


def fold(text: str) -> str:
    """NFKC, case-folded, possessive 's and apostrophes removed ("what's" -> "what", "don't" -> "dont")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # Most questions hold no apostrophe: four substring tests cost a tenth of the two substitutions.
    if "'" in text or "\u2019" in text or "`" in text or "\u00b4" in text:
        return _APOSTROPHE.sub("", _APOSTROPHE_S.sub("", text))
    return text


def words(text: str) -> list[str]:
    """The words of already folded text; a hyphenated word ("on-call") is one item, hyphens kept."""
    if not text.isascii():
        return _WORD.findall(text)
    # The same as the pattern, three times faster: every byte that is no letter, digit or hyphen becomes a
    # space, and the text is split there. A run with a hyphen may still be malformed ("-a", "a--b"): the
    # pattern reads those few.
    runs = text.encode("ascii").translate(_SEPARATE).decode("ascii").split()
    if "-" not in text:
        return runs
    return [word for run in runs for word in (_WORD.findall(run) if "-" in run else (run,))]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light suffix-stripping stem of one lowercase word (a bounded cache keeps it cheap)."""
    if len(word) <= _SHORT or not word.isalpha():
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix, replacement, shortest in _SUFFIXES:
        if not w.endswith(suffix):
            continue
        base = w[: -len(suffix)]
        if len(base) < shortest or not _VOWELS.intersection(base):
            continue
        w = base + replacement
        if suffix in _UNDOUBLE_AFTER and len(w) > 2 and w[-1] == w[-2] and w[-1] not in "aeious":
            w = w[:-1]
        break
    if len(w) >= 4 and w.endswith("e") and not w.endswith("ee"):
        w = w[:-1]
    return w


_ADDED: Final = frozenset({"y"} | {replacement for _, replacement, _ in _SUFFIXES if replacement})
"""What `stem` may write after the part of a word it keeps: the "y" of "-ies", a suffix's replacement."""
_CUTS: Final = frozenset(
    {"lies"}  # "-ies" read as "-y", then "-ly" cut: "friendlies" -> "friendly" -> "friend"
    | {cut + plural for cut in ("", *(rule[0] for rule in _SUFFIXES)) for plural in ("", "s", "es", "ies")}
)
"""What `stem` may cut: a suffix (or none), then the plural ending it read first ("-s", the "es" of "-sses",
"-ies"), or none."""
STEM_CUT_ENDINGS: Final = frozenset(cut[i:] for cut in _CUTS for i in range(len(cut)))
"""Every non-empty ending of what `stem` may cut from a word (see `stem_heads`)."""


def stem_heads(stems: Iterable[str]) -> frozenset[str]:
    """Every non-empty beginning of the part `stem` keeps of the words that stem to one of `stems`.

    With `STEM_CUT_ENDINGS`, this rejects most pairs of words `a`, `b` for which `stem(a + b)` cannot be one
    of `stems`, without joining them. `stem(w)` is always `w[:p] + added`, `added` empty or in `_ADDED`: the
    plural step keeps a beginning of `w` (or writes "y" after it), a suffix step keeps a beginning of that
    (or writes its replacement: when the plural step wrote "y", only "-ly" ends in "y" and is cut with it),
    and the last step cuts one letter (a doubled consonant or an "e") of what was kept. So what is cut,
    `w[p:]`, is at most one letter, then a suffix of `_SUFFIXES` (or none), then a plural ending (or none),
    or one letter then "lies". If `stem(a + b)` is in `stems`, then either `a` is a beginning of the kept part
    `w[:p]` (in the returned set), or the cut reaches into `a` and `b` is an ending of the cut (in
    `STEM_CUT_ENDINGS`)."""
    kept = {*stems} | {s[: -len(added)] for s in stems for added in _ADDED if s.endswith(added)}
    return frozenset(word[:i] for word in kept for i in range(1, len(word) + 1))
