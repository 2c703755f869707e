"""Per-language cue lists, read once from `scoring/lexicons/<lang>.yaml` and compiled to regexes.

Adding a language is adding a YAML file with the same keys; no code names a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from scoring.types import ScoringInputError

try:  # the C loader is several times faster; the pure one is always there
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STAR = re.compile(r"(?<=\w)\*")
_INFLECT = re.compile(r"(?<=\w)~")
# Bokmål noun and adjective endings (ordre~ -> ordren, ordrer, ordrene; møte~ -> møtet): one
# suffix rule instead of listing every inflected form.
_ENDINGS = "(?:ene|ne|en|et|er|a|e|n|t|r)?"
_SPACE = re.compile(r" +")
INTENSIFIER_SLOT = "{INT}"


def _body(phrase: str) -> str:
    body = _STAR.sub(r"\\w*", phrase)
    body = _INFLECT.sub(lambda _: _ENDINGS, body)
    body = _APOSTROPHE.sub(_apostrophe, body)
    return _SPACE.sub(r"\\s+", body)


# Casual typing drops apostrophes ("thats fair", "youre right", "dont worry"): in a phrase the
# apostrophe is optional, except where dropping it spells another common word (we'll/well,
# we're/were, he'll/hell, she'll/shell, we'd/wed, I'd/id).
_APOSTROPHE = re.compile(r"(?i)(\b\w+)?'(\w*)")
_KEEP = frozenset(
    {("we", "ll"), ("we", "re"), ("he", "ll"), ("she", "ll"), ("we", "d"), ("i", "d")}
)


def _word_forms(words: list[str]) -> frozenset[str]:
    """Single words as typed with a curly apostrophe or none ("whats", "hows"), except where
    dropping it spells another word (well, were, hell)."""
    out = set(words)
    for word in words:
        before, _, after = word.partition("'")
        if after:
            out.add(f"{before}’{after}")
            if (before.lower(), after.lower()) not in _KEEP:
                out.add(before + after)
    return frozenset(out)


def _apostrophe(m: re.Match[str]) -> str:
    before, after = (m.group(1) or ""), m.group(2)
    optional = "" if (before.lower(), after.lower()) in _KEEP else "?"
    return f"{before}['’]{optional}{after}"


def _phrase_pattern(phrase: str) -> str:
    """A lexicon phrase as a regex: words whole, `word*` any ending, spaces any whitespace."""
    if phrase.startswith("re:"):
        return phrase[3:]
    return rf"(?<!\w)(?:{_body(phrase)})(?!\w)"


def _literal_prefix(body: str) -> int:
    """Length of the plain-letter start of a regex body that a trie may share."""
    depth = 0
    for ch in body:  # a top-level "|" would change meaning once factored: share nothing
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            return 0
    n = 0
    while n < len(body) and body[n].isalnum():
        n += 1
    if n < len(body) and body[n] in "*+?{":
        n -= 1  # the last letter carries a quantifier
    return max(n, 0)


def _split_lead(body: str) -> list[str]:
    """ "(shall|can) i send" -> ["shall i send", "can i send"]: a phrase that opens with a plain
    group shares no letters with the trie and would be tried at every word, so it is spread
    into one branch per option."""
    if not body.startswith("(") or body.startswith("(?"):
        return [body]
    depth = 0
    escaped = False
    for i, ch in enumerate(body):
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                inner, rest = body[1:i], body[i + 1 :]
                if "(" in inner or rest[:1] in ("?", "*", "+", "{"):
                    return [body]
                return [option + rest for option in inner.split("|")]
    return [body]


def _trie_pattern(bodies: list[str]) -> str:
    """Alternation as a prefix trie: at each position the engine tries a handful of branches,
    not every phrase — the difference between ~150 us and ~15 us per list on a 40-word reply."""
    trie: dict[str, Any] = {}
    for body in (option for b in bodies for option in _split_lead(b)):
        n = _literal_prefix(body)
        node = trie
        for ch in body[:n].lower():
            node = node.setdefault(ch, {})
        node.setdefault("", []).append(body[n:])

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        rests = sorted(set(node.get("", [])), key=len, reverse=True)
        # Longer continuations first so "thank you" is preferred to "thank" at one position.
        options = branches + [r for r in rests if r]
        if "" in rests:
            options.append("")
        return "(?:" + "|".join(options) + ")"

    return emit(trie)


def _alternation(phrases: list[str]) -> str:
    # One word-start check for all plain phrases, then a trie: the engine skips mid-word
    # positions at once and tries only the phrases that share the letters seen so far.
    ordered = sorted((str(p) for p in phrases), key=len, reverse=True)
    plain = [_body(p) for p in ordered if not p.startswith("re:")]
    raw = [p[3:] for p in ordered if p.startswith("re:")]
    # Raw patterns that begin at a word boundary share the same word-start check.
    at_word = [r[2:] for r in raw if r.startswith(r"\b")]
    anywhere = [r for r in raw if not r.startswith(r"\b")]
    inner = []
    if plain:
        inner.append(rf"(?:{_trie_pattern(plain)})(?!\w)")
    inner += [f"(?:{r})" for r in at_word]
    parts = [rf"(?<!\w)(?:{'|'.join(inner)})"] if inner else []
    return "|".join(parts + [f"(?:{r})" for r in anywhere])


def compile_any(phrases: list[str], *, cased: bool = False) -> re.Pattern[str] | None:
    """One alternation for a whole list (one scan per reply, not one per phrase)."""
    if not phrases:
        return None
    flags = 0 if cased else re.IGNORECASE
    try:
        return re.compile(_alternation(phrases), flags)
    except re.error:
        for p in phrases:  # name the phrase that broke, for whoever edits the lexicon
            try:
                re.compile(_phrase_pattern(p), flags)
            except re.error as exc:
                raise ScoringInputError(f"bad lexicon phrase {p!r}: {exc}") from exc
        raise


# Stress accents ("én", "idé", "café") carry no meaning the lexicons depend on: text and
# patterns fold them to the plain letter, one character for one, so offsets still hold.
ACCENTS = str.maketrans("éèêóòôáàíì", "eeeoooaaii")


def _lower_source(source: str) -> str:
    """Regex source with its letters lower-cased, escapes (\\W, \\S, \\B…) left alone."""
    out: list[str] = []
    escaped = False
    for ch in source:
        out.append(ch if escaped else ch.lower().translate(ACCENTS))
        escaped = not escaped and ch == "\\"
    return "".join(out)


# Keyed by id, holding the pattern too (so the id stays taken): hashing a compiled pattern
# hashes its whole program, which costs more than the match it is meant to speed up.
_FOLDED: dict[int, re.Pattern[str]] = {}  # lower-cased patterns, for lower-cased text only
_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def compile_folded(phrases: list[str]) -> re.Pattern[str] | None:
    """`compile_any` for text lower-cased by `text.fold`: case-sensitive matching is about
    twice as fast as IGNORECASE in Python's engine. Match it through `pick`/`search`, which
    fall back to a case-insensitive twin when a text cannot be folded."""
    if not phrases:
        return None
    try:
        regex = re.compile(_lower_source(_alternation(phrases)))
    except re.error:
        compile_any(phrases)  # raises the error that names the broken phrase
        raise
    _FOLDED[id(regex)] = regex
    return regex


def _twin(regex: re.Pattern[str], source: str, flags: int) -> re.Pattern[str]:
    pair = _TWINS.get(id(regex))
    if pair is None:
        pair = _TWINS[id(regex)] = (regex, re.compile(source, flags))
    return pair[1]


def lowered(regex: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern to run on lower-cased text (see `text.fold`)."""
    if id(regex) in _FOLDED or not regex.flags & re.IGNORECASE:
        return regex
    return _twin(regex, _lower_source(regex.pattern), regex.flags & ~re.IGNORECASE)


def insensitive(regex: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern to run on text as typed: a folded pattern's case-insensitive twin."""
    if id(regex) not in _FOLDED:
        return regex
    return _twin(regex, regex.pattern, regex.flags | re.IGNORECASE)


def pick(regex: re.Pattern[str], text: str, low: str | None) -> tuple[re.Pattern[str], str]:
    """(pattern, text to run it on): the folded pair when `low` is there, else the original."""
    return (lowered(regex), low) if low is not None else (insensitive(regex), text)


def search(regex: re.Pattern[str] | None, text: str, low: str | None) -> re.Match[str] | None:
    """`regex.search(text)`, on `low` (text lower-cased, same offsets) when there is one."""
    if regex is None:
        return None
    pattern, target = pick(regex, text, low)
    return pattern.search(target)


def compile_start(phrases: list[str]) -> re.Pattern[str] | None:
    """Matches when a text starts (after punctuation) with one of the phrases."""
    if not phrases:
        return None
    return re.compile(rf"^[\W_]*(?:{_alternation(phrases)})", re.IGNORECASE)


@dataclass(frozen=True)
class MarkerRule:
    name: str
    mode: str  # "any" (anywhere), "start" (sentence start), "cased" (case-sensitive), "words"
    regex: re.Pattern[str] | None
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per language
class Lexicon:
    lang: str
    abbreviations: frozenset[str]
    stopwords: frozenset[str]
    negators: frozenset[str]
    pronouns: frozenset[str]
    acronyms: frozenset[str]
    wh: frozenset[str]
    aux: frozenset[str]
    subordinate: frozenset[str]
    relative: frozenset[str]
    consequence: frozenset[str]
    factual: re.Pattern[str] | None
    skip: re.Pattern[str] | None
    open_starters: re.Pattern[str] | None
    leading: re.Pattern[str] | None
    confirming: re.Pattern[str] | None
    proposal: re.Pattern[str] | None
    not_discovery: re.Pattern[str] | None
    tag: re.Pattern[str] | None
    choice: re.Pattern[str]
    clarify: re.Pattern[str] | None
    spin: dict[str, re.Pattern[str] | None]
    spin_all: re.Pattern[str] | None
    markers: dict[str, MarkerRule]
    closing: dict[str, re.Pattern[str] | None]
    objection: dict[str, re.Pattern[str] | None]
    arguing_start: re.Pattern[str] | None
    pitch: re.Pattern[str] | None
    # Lower-case strings one of which every self-introduction contains; empty: always look.
    intro_anchors: tuple[str, ...] = ()
    # Words between a name and the seller's company that make an introduction ("from", "fra").
    intro_linkers: tuple[str, ...] = ()
    # Number words a buyer says ("six percent") and their digits, to hear a figure said back.
    number_words: tuple[tuple[str, str], ...] = ()
    # Ranges that only estimate ("a year or two", "et år eller to"): no choice offered.
    approximate: re.Pattern[str] | None = None
    # What a prospect says when the rep has not listened ("that's not what I said").
    not_heard: re.Pattern[str] | None = None
    # What a prospect says when a reply put them off ("thanks for nothing").
    put_off: re.Pattern[str] | None = None
    # Words a number with a full stop stands before as an ordinal ("15. mai", "3. etasje").
    ordinal_words: frozenset[str] = frozenset()

    def marker(self, name: str) -> MarkerRule | None:
        return self.markers.get(name)

    def offers_choice(self, text: str) -> re.Match[str] | None:
        """Where `text` offers options ("Tuesday or Thursday?"), same offsets as `text`."""
        if self.approximate is not None:
            text = self.approximate.sub(lambda m: " " * len(m.group()), text)
        return self.choice.search(text)


def _list(section: dict[str, Any], key: str) -> list[str]:
    value = section.get(key) or []
    odd = [v for v in value if not isinstance(v, str)]
    if odd:  # YAML reads a bare no/yes/on as a boolean: the phrase must be quoted
        raise ScoringInputError(f"lexicon list '{key}' has non-text items {odd!r}; quote them")
    return list(value)


def _with_intensifiers(value: Any, slot: str) -> Any:
    if isinstance(value, str):
        return value.replace(INTENSIFIER_SLOT, slot)
    if isinstance(value, list):
        return [_with_intensifiers(v, slot) for v in value]
    if isinstance(value, dict):
        return {k: _with_intensifiers(v, slot) for k, v in value.items()}
    return value


def build(data: dict[str, Any]) -> Lexicon:
    # "{INT}" in a phrase stands for up to two degree words ("that makes total sense", "det er
    # virkelig leit"), so each phrase covers its intensified forms without listing them.
    ints = _list(data, "intensifiers")
    if ints:
        words_re = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ints)
        data = _with_intensifiers(data, rf"(?:(?:{words_re})\s+){{0,2}}")
    q = data.get("questions", {})
    spin = data.get("spin", {})
    markers: dict[str, MarkerRule] = {}
    for name, spec in (data.get("politeness") or {}).items():
        ((mode, phrases),) = spec.items()
        if mode == "words":  # single words, looked up in a set rather than matched
            regex = None
            phrases = [str(w).lower() for w in phrases or []]
        elif mode == "start":
            regex = compile_start(phrases or [])
        elif mode == "cased":
            regex = compile_any(phrases or [], cased=True)
        else:
            regex = compile_folded(phrases or [])
        markers[name] = MarkerRule(name, mode, regex, tuple(str(p) for p in phrases or ()))
    closing = {k: compile_folded(v or []) for k, v in (data.get("closing") or {}).items()}
    objection_data = data.get("objection") or {}
    objection = {
        k: compile_folded(v or []) for k, v in objection_data.items() if k != "arguing_start"
    }
    choice_word = str(q.get("choice", "or"))
    return Lexicon(
        lang=str(data["lang"]),
        abbreviations=frozenset(_list(data, "abbreviations")),
        stopwords=frozenset(_list(data, "stopwords")),
        negators=frozenset(_list(data, "negators")),
        pronouns=frozenset(_list(data, "pronouns")),
        acronyms=frozenset(_list(data, "acronyms")),
        wh=_word_forms(_list(q, "wh")),
        aux=_word_forms(_list(q, "aux")),
        subordinate=frozenset(_list(q, "subordinate")),
        relative=frozenset(_list(q, "relative")),
        consequence=frozenset(_list(q, "consequence")),
        factual=compile_start(_list(q, "factual")),
        skip=compile_start(_list(q, "skip")),
        open_starters=compile_start(_list(q, "open_starters")),
        leading=compile_folded(_list(q, "leading")),
        confirming=compile_folded(_list(q, "confirming")),
        proposal=compile_start(_list(q, "proposal")),
        not_discovery=compile_folded(_list(q, "not_discovery")),
        tag=compile_folded([str(q["tag"])]) if q.get("tag") else None,
        choice=re.compile(rf"(?<!\w){re.escape(choice_word)}(?!\w)", re.IGNORECASE),
        clarify=compile_folded(_list(q, "clarify")),
        spin={
            kind: compile_folded(_list(spin, kind))
            for kind in ("situation", "problem", "implication", "need_payoff")
        },
        spin_all=compile_folded([p for kind in spin.values() for p in (kind or [])]),
        markers=markers,
        closing=closing,
        objection=objection,
        arguing_start=compile_start(_list(objection_data, "arguing_start")),
        pitch=compile_folded(_list(data, "pitch")),
        intro_anchors=tuple(a.lower() for a in _list(data, "intro_anchors")),
        intro_linkers=tuple(a.lower() for a in _list(data, "intro_linkers")),
        number_words=tuple((str(k).lower(), str(v)) for k, v in
                           (data.get("number_words") or {}).items()),
        approximate=compile_any(_list(q, "approximate")),
        not_heard=compile_folded(_list(data, "not_heard")),
        put_off=compile_folded(_list(data, "put_off")),
        ordinal_words=frozenset(w.lower() for w in _list(data, "ordinal_words")),
    )


def available_languages() -> tuple[str, ...]:
    folder = resources.files("scoring.lexicons")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@cache
def get_lexicon(lang: str) -> Lexicon:
    if not isinstance(lang, str) or lang not in available_languages():
        raise ScoringInputError(
            f"unsupported language {lang!r}; expected one of {', '.join(available_languages())}"
        )
    text = resources.files("scoring.lexicons").joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_Loader)
    return build(data)
