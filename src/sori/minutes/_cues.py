"""Sentence splitting and the cues that make a sentence a proposal, or a procedural remark.

Rules over surface endings rather than a parser: minutes are formal written Korean, the endings that ask
(``~해 주기 바란다``, ``~해 달라``, ``~부탁드린다``), suggest (``~이 필요하다``, ``~해야 한다``) and complain
(``~어렵다``, ``애로``) are few, and a regex pass reads a 200-page file in well under a second where a
morphological sentence splitter (Kiwi) takes several.
"""

from __future__ import annotations

import re

__all__ = ["Kind", "classify", "classify_written", "is_procedural", "split_sentences"]

Kind = str  # "request" | "suggestion" | "complaint"

# A sentence ends at . ? ! (or 。) after a Hangul syllable, bracket or quote; never inside "2025. 11.".
_SENTENCE = re.compile(r"(?<=[가-힣)\]\"'”’」』%])[.?!。]+[\"'”’」』)]*(?=\s|$)|(?<=[가-힣])\s*[…]+(?=\s|$)")

_REQUEST = re.compile(
    r"주(?:기|시기)\s*바(?:란다|랍니다|람)|(?:해|해|어|아|여)\s*달라|해\s*주십시오|주세요|주시면|줄\s*것|"
    r"부탁(?:드린다|드립니다|합니다|한다|드려요)|요청(?:한다|합니다|드립니다|드린다|했다|하였다)|"
    r"건의(?:한다|합니다|드립니다|드린다|했다|하였다)|바랍니다|바란다|해\s*주었으면|주셨으면"
)
_SUGGESTION = re.compile(
    r"필요하다|필요합니다|필요해요|필요하겠|필요가\s*있|필요성|야\s*(?:한다|합니다|하겠|할\s*것)|"
    r"면\s*(?:한다|합니다|해요|좋겠)|좋겠(?:다|습니다|어요)|제안(?:한다|합니다|드립니다|드린다)|"
    r"바람직|요망|시급|절실|검토해\s*주|고려해\s*(?:주|야)|방안이\s*있"
)
# Nouns that make a written suggestion ("GPU 사용기간 확대"); only table rows are read with these, since in
# speech they also describe what a company already does.
_NOMINAL = re.compile(r"개선|마련|확대|강화|신설|도입|지원|완화|연장|지정|간소화|확충|육성|연계|허용")
_COMPLAINT = re.compile(
    r"애로|어렵다|어렵습니다|어려움|어려운\s*실정|힘들다|힘듭니다|부족하다|부족합니다|부족한\s*실정|떨어진다|떨어집니다|"
    r"불편|문턱이\s*높|까다롭|지연되|못하고\s*있|없는\s*실정|없습니다|없다|안\s*된다|되지\s*않|끊기|끊깁니다|"
    r"번거롭|부담이\s*크|부담스럽"
)
# Remarks that run the meeting or promise to act: not proposals, whoever says them.
_PROCEDURAL = re.compile(
    r"감사(?:합니다|드립니다|하다|드린다|의|를)|고맙|안녕하|반갑|수고|환영|인사(?:말|를|드)|"
    r"말씀해\s*주|발언해\s*주|소개해\s*주|말씀\s*부탁|발표해\s*주|이어서|다음(?:은|으로)|"
    r"시작하겠|마치겠|마무리하겠|이상으로|이상입니다|개회|폐회|"
    r"(?:전달|노력|검토|반영|정리|확인|추진|보고|공유|협의|답변|챙기|살펴보|논의|지원)(?:하|드리|해\s*드리)겠|"
    r"반영되도록|반영될\s*수\s*있도록|피드백하는\s*것이|역할(?:입니다|이다)|"
    r"(?<![야요])\s*하겠(?:습니다|다|어요)|되겠습니다|잘\s*알겠|참석해\s*주|함께해\s*주|자리를?\s*마련해\s*주"
)
# Sentences that only introduce the speaker ("㈜아이티앱스 대표 조춘호입니다").
_SELF_INTRO = re.compile(r"(?:입니다|이다|라고\s*합니다)\s*[.!]?\s*$")
_CUE_WORDS = re.compile(r"필요|건의|요청|개선|애로|바란|부탁|주시|주세요|해야|좋겠|어렵|부족")
# The volitional "-겠-" of a promise, not the "should" of "해야 하겠다" or "필요하겠다".
_SHOULD = re.compile(r"(?:야\s*하겠|필요하겠|좋겠|있겠|없겠|어렵겠|되겠는지)")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text``; a text with no sentence ending is one sentence."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE.finditer(text):
        piece = text[start : match.end()].strip()
        if piece:
            out.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def is_procedural(sentence: str) -> bool:
    """Return whether ``sentence`` runs the meeting (greets, thanks, gives the floor) or promises to act."""
    if _PROCEDURAL.search(sentence):
        # "검토해야 하겠습니다" and "필요하겠습니다" are suggestions, not promises.
        stripped = _SHOULD.sub("", sentence)
        if _PROCEDURAL.search(stripped):
            return True
    return bool(_SELF_INTRO.search(sentence)) and not _CUE_WORDS.search(sentence)


def classify(sentence: str) -> Kind | None:
    """Return ``request``, ``suggestion`` or ``complaint`` for a sentence that voices one, else None.

    A request asks someone to act (``~해 주기 바란다``, ``건의합니다``), a suggestion says what should be
    (``~이 필요하다``, ``~해야 한다``, ``개선``), a complaint states a difficulty (``애로``, ``~어렵다``).
    When several appear, asking wins over suggesting and suggesting over complaining.
    """
    if _REQUEST.search(sentence):
        return "request"
    if _SUGGESTION.search(sentence):
        return "suggestion"
    if _COMPLAINT.search(sentence):
        return "complaint"
    return None


def classify_written(text: str) -> Kind:
    """Return the kind of a written suggestion (a table row): as :func:`classify`, else a suggestion."""
    kind = classify(text)
    if kind:
        return kind
    return "suggestion"


def has_nominal_cue(text: str) -> bool:
    """Return whether a short written text names an action (개선, 확대, 신설 …)."""
    return bool(_NOMINAL.search(text))
