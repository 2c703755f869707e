"""Canonical words: what a reply says once casual typing, inflection, synonyms and compounds
are set aside.

"whats it costing you when theyre late?" and "What does the delay cost you?" share little
wording but the same canonical words (`what is it price you when they are delay`,
`what do the delay price you`), so a fuzzy comparison of canonical forms generalises where
one of the raw texts does not. The same canoniser is applied to the author's examples and to
the trainee's reply, so both sides always meet in one vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from trainer.engine.text import normalise
from trainer.engine.understanding.lang_data import LanguageData, language


def casual(text: str, lang: LanguageData) -> str:
    """Lower-cased text with contractions and chat spellings written out."""
    text = text.casefold().replace("’", "'")
    if lang.casual_any is None:
        return text
    rules = lang.casual

    def rewrite(match: re.Match[str]) -> str:
        which = int(match.lastgroup[1:]) if match.lastgroup else -1
        pattern, replacement = rules[which]
        return pattern.sub(replacement, match.group())

    return lang.casual_any.sub(rewrite, text)


# A compound's known last part must be this long to stand for the word on its own.
TAIL_MIN = 5


class Canoniser:
    """Turns text into canonical words for one language and one scenario's vocabulary.

    The vocabulary (stems of every word the scenario uses) lets Norwegian compounds be split
    into parts the scenario knows, and a linking s/e be added or dropped ("byggehøyde" meets
    "bygghøyde"); a word the scenario never uses is left alone."""

    def __init__(self, code: str, texts: Iterable[str] = ()) -> None:
        self.lang = language(code)
        vocab: set[str] = set(self.lang.concept_words)
        vocab.update(self.lang.numbers)
        for text in texts:
            for word in normalise(casual(text, self.lang)).split():
                vocab.add(self.lang.stem(word))
        self.vocab = frozenset(vocab)
        self._words = lru_cache(maxsize=4096)(self._word)
        self._stems = lru_cache(maxsize=4096)(self._stem_word)
        self._token_words = lru_cache(maxsize=4096)(self.words)
        # One reply is quoted for every branch of a node: its typed words once.
        self.typed = lru_cache(maxsize=8)(self._typed)

    def stems(self, text: str) -> tuple[str, ...]:
        """Canonical words without concept classes: for need cues, where "cost" asking about
        one problem must not reveal another whose cue is "pay"."""
        tokens = normalise(casual(text, self.lang)).split()
        return tuple(w for t in tokens for w in self._stems(t))

    def words(self, text: str) -> tuple[str, ...]:
        lang = self.lang
        tokens = normalise(casual(text, lang)).split()
        out: list[str] = []
        i = 0
        while i < len(tokens):
            # Longest multi-word concept first ("out of action", "går i stykker").
            for size in range(min(lang.longest_phrase, len(tokens) - i), 1, -1):
                concept = lang.concept_phrases.get(tuple(tokens[i : i + size]))
                if concept is not None:
                    out.append(concept)
                    i += size
                    break
            else:
                out.extend(self._words(tokens[i]))
                i += 1
        return tuple(out)

    def text(self, text: str) -> str:
        return " ".join(self.words(text))

    def _typed(self, norm: str) -> dict[str, str]:
        """Canonical word -> the words of the normalised reply that say it ("beats" for
        `superior`, "a sec" for `minute`): what a note quotes, never the canonical form."""
        lang = self.lang
        typed: dict[str, str] = {}
        for token in norm.split():
            for word in self._token_words(token):
                typed.setdefault(word, token)
        # A concept typed in several words: "a sec", "out of action", "hvordan ser det ut".
        tokens = normalise(casual(norm, lang)).split()
        for size in range(2, lang.longest_phrase + 1):
            for i in range(len(tokens) - size + 1):
                concept = lang.concept_phrases.get(tuple(tokens[i : i + size]))
                if concept is not None:
                    typed.setdefault(concept, " ".join(tokens[i : i + size]))
        return typed

    # -- one word ------------------------------------------------------------------------
    def _word(self, word: str) -> tuple[str, ...]:
        lang = self.lang
        number = lang.numbers.get(word)
        if number is not None:
            return (number,)
        stem = lang.stem(word)
        concept = lang.concept_words.get(stem)
        if concept is not None:
            return (concept,)
        if stem in self.vocab or not lang.compound_min_part or word.isdigit():
            return (stem,)
        return self._compound(word) or (stem,)

    def _stem_word(self, word: str) -> tuple[str, ...]:
        lang = self.lang
        number = lang.numbers.get(word)
        if number is not None:
            return (number,)
        stem = lang.stem(word)
        if stem in self.vocab or not lang.compound_min_part or word.isdigit():
            return (stem,)
        return self._compound(word, concepts=False) or (stem,)

    def _known(self, part: str, concepts: bool = True) -> tuple[str, ...] | None:
        lang = self.lang
        if part in lang.numbers:
            return (lang.numbers[part],)
        stem = lang.stem(part)
        if concepts and stem in lang.concept_words:
            return (lang.concept_words[stem],)
        return (stem,) if stem in self.vocab else None

    def _compound(self, word: str, concepts: bool = True) -> tuple[str, ...] | None:
        lang = self.lang
        least = lang.compound_min_part
        # A linking letter dropped or added: "byggehøyde" ~ "bygghøyde", "leveringstid" ~
        # "leveringtid".
        for i in range(least, len(word) - least + 1):
            if word[i] in lang.compound_linkers:
                known = self._known(word[:i] + word[i + 1 :], concepts)
                if known is not None:
                    return known
            for linker in lang.compound_linkers:
                if linker:
                    known = self._known(word[:i] + linker + word[i:], concepts)
                    if known is not None:
                        return known
        # Two parts the scenario knows: "femtonns" = "fem" + "tonns" = "5 tonn". The longest
        # known head wins, so "lastebilsjåfør" splits after "lastebil", not after "last".
        for i in range(len(word) - least, least - 1, -1):
            head = self._known(word[:i], concepts)
            if head is None:
                continue
            rest = word[i:]
            for linker in lang.compound_linkers:
                if not rest.startswith(linker) or len(rest) - len(linker) < least:
                    continue
                tail = self._known(rest[len(linker) :], concepts)
                if tail is not None:
                    return head + tail
        # The last part of a Bokmål compound carries its meaning ("høstsesongen" is a season):
        # a known tail of some length is kept even when the first part is a word the scenario
        # never uses.
        for i in range(least, len(word) - TAIL_MIN + 1):
            tail = self._known(word[i:], concepts)
            if tail is not None:
                return (lang.stem(word[:i]), *tail)
        return None
