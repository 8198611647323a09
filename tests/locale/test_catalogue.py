"""The English catalogue is complete and compiled, and every Korean word on the pages is marked."""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

SRC = Path(__file__).resolve().parents[2] / "src" / "sori"
PO = SRC / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Apps whose templates must be fully marked (registry, text, alloc and reports are checked by their owners).
MARKED_APPS = ("core", "engagement", "voices", "policy", "feedback")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]|\{\w+\}")
# The brand and the name of the Korean language stay in Korean on purpose.
KEPT = {"소리", "한국어"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """Return the entries of a .po file (header included), reading only what these tests need."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("msgid", 0)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            target = ("msgstr", int(match[1])) if match else (keyword, 0)
            if keyword == "msgstr":
                target = ("msgstr", 0)
            _set(entry, target, ast.literal_eval(value))
    return [e for e in entries if e.msgid or e.msgstr]


def _set(entry: Entry, target: tuple[str, int], value: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = value
    else:
        setattr(entry, name, value)


def _append(entry: Entry, target: tuple[str, int], value: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] += value
    else:
        setattr(entry, name, (getattr(entry, name) or "") + value)


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    entries = read_po(PO)
    assert entries and entries[0].msgid == "", "the .po file has no header"
    return entries


def test_the_header_declares_english_with_two_plural_forms(catalogue: list[Entry]) -> None:
    header = catalogue[0].msgstr[0]
    assert "Language: en\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "charset=UTF-8" in header
    assert "fuzzy" not in catalogue[0].flags


def test_every_message_is_translated_and_none_is_fuzzy(catalogue: list[Entry]) -> None:
    messages = catalogue[1:]
    assert len(messages) > 500
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in messages if not all(e.msgstr.values())]
    plurals_incomplete = [
        e.msgid for e in messages if e.msgid_plural is not None and sorted(e.msgstr) != [0, 1]
    ]
    assert fuzzy == []
    assert untranslated == []
    assert plurals_incomplete == []


def test_every_marked_message_is_in_the_catalogue(tmp_path: Path) -> None:
    # a message marked in code or a template but never added to the .po shows in Korean to English readers
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed (apt-get install gettext)")
    copy = tmp_path / "sori"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sori.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    fresh = read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")[1:]
    # makemessages fills a message new to the .po with a "fuzzy" guess from a similar one, which the compiled
    # catalogue leaves out: such a message is as missing as an empty one
    missing = [e.msgid for e in fresh if not all(e.msgstr.values()) or "fuzzy" in e.flags]
    assert missing == [], "add these to src/sori/locale/en/LC_MESSAGES/django.po and compile it"


def test_translations_keep_every_placeholder(catalogue: list[Entry]) -> None:
    broken = [
        (e.msgid, text)
        for e in catalogue[1:]
        for text in e.msgstr.values()
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(e.msgid))
    ]
    assert broken == []


def test_the_compiled_catalogue_matches_the_po_file(catalogue: list[Entry]) -> None:
    # a .mo older than its .po would silently show the old (or no) English
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for e in catalogue[1:]:
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            got = compiled._catalog.get(key)
            if got != e.msgstr[0]:
                stale.append(e.msgid)
        elif compiled._catalog.get((key, 1)) != e.msgstr[1]:
            stale.append(e.msgid)
    assert stale == [], "run `sori compilemessages` from src/sori"


def unmarked_korean(template: Path) -> list[str]:
    """Return the Korean a template shows outside {% translate %} and {% blocktranslate %}."""
    found: list[str] = []
    inside = ""  # the end tag of the translate or comment block we are in
    for token in Lexer(template.read_text(encoding="utf-8")).tokenize():
        words = token.split_contents() if token.token_type == TokenType.BLOCK else []
        tag = words[0] if words else ""
        if inside:
            inside = "" if tag == inside else inside
            continue
        if tag in ("blocktranslate", "blocktrans", "comment"):
            inside = "end" + tag
            continue
        if tag in ("translate", "trans") or token.token_type == TokenType.COMMENT:
            continue
        text = re.sub(r"_\((['\"]).*?\1\)", "", token.contents)  # _("…") arguments are marked too
        text = re.sub(r"<[^>]*>", "\n", text)
        for piece in re.findall(r"[\uac00-\ud7a3][^<>{}\n]*", text):
            if piece.strip() not in KEPT:
                found.append(f"{template.relative_to(SRC)}:{token.lineno}: {piece.strip()}")
    return found


def test_templates_of_the_marked_apps_have_no_unmarked_korean() -> None:
    templates = [
        path
        for app in MARKED_APPS
        for path in sorted((SRC / app / "templates").rglob("*"))
        if path.suffix in (".html", ".txt")
    ]
    assert templates
    leftovers = [line for path in templates for line in unmarked_korean(path)]
    assert leftovers == []
