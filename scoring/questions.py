"""Finding questions in a reply, their form (open / closed / leading / choice) and SPIN kind.

Decision: factual wh-questions ("how many", "which", "when") count as CLOSED: they ask for a
number or a name, not a story. They are flagged `factual=True` and usually earn Situation credit.
"""

from __future__ import annotations

import re

from scoring.lexicon import Lexicon, search
from scoring.text import Sentence, clauses, fold, words
from scoring.types import Question, QuestionForm, SpinKind

# The listener a starter names before its question word: "tell me who", "si meg hvem".
_OBJECT = re.compile(r"^\s*(?:me|us|meg|oss|deg|dere)\b", re.IGNORECASE)
SPIN_ORDER: tuple[SpinKind, ...] = ("situation", "problem", "implication", "need_payoff")
_PRIORITY: tuple[SpinKind, ...] = ("need_payoff", "implication", "problem", "situation")


def _strip_skip(clause: str, lex: Lexicon) -> str:
    text = clause.strip()
    for _ in range(4):  # "So, okay, thanks — how …": peel a few leading fillers
        if lex.skip is None:
            break
        m = lex.skip.match(text)
        if not m or (m.end() < len(text) and text[m.end()].isalnum()):
            break
        rest = text[m.end() :]
        if lex.lang == "nb" and rest[:1] == " " and not clause.rstrip().endswith("?"):
            # Bokmål puts the verb second after a fronted word: "Takk skal du ha." and
            # "Da kan jeg sende det." are statements; only "Ok, skal vi …" peels the filler.
            break
        text = rest.lstrip(" ,.;:!-—–")
    return text


def _opener(clause: str, lex: Lexicon) -> tuple[str, str]:
    """('open_starter'|'wh'|'aux'|'', clause text with fillers removed)."""
    text = _strip_skip(clause, lex)
    if lex.open_starters is not None and lex.open_starters.match(text):
        return "open_starter", text
    tokens = words(text[:60])
    if not tokens:
        return "", text
    first = tokens[0].lower()
    if first in lex.wh:
        return "wh", text
    if first in lex.aux:
        return "aux", text
    return "", text


def _head(sentence: str, lex: Lexicon) -> tuple[str, str]:
    parts = clauses(sentence) or [sentence]
    last = len(parts) - 1
    for i, part in enumerate(parts):
        kind, text = _opener(part, lex)
        if not kind:
            continue
        head = [w.lower() for w in words(text[:30])]
        first = head[0]
        # "When parts are late, what happens?" — a leading when/if clause is not the question;
        # with the verb straight after ("When would you start looking, so I ring you then?",
        # "når trenger du delene, og …?") it is.
        if i < last and first in lex.subordinate and not (len(head) > 1 and head[1] in lex.aux):
            continue
        if kind == "aux" and i > 0 and not sentence.rstrip().endswith("?"):
            lead = words(_strip_skip(parts[0], lex)[:30])
            if lead and lead[0].lower() in lex.subordinate:
                # "Hvis du trenger deler, er det bare å ringe.": verb-first after a fronted
                # clause is plain word order, not a question.
                return "", text
        return kind, text
    return "", _strip_skip(parts[0], lex)


def _is_question(sentence: str, kind: str, head: str, lex: Lexicon) -> bool:
    if sentence.rstrip().endswith("?"):
        return True
    if kind == "open_starter":
        return True
    tokens = [t.lower() for t in words(head[:60])]
    if len(tokens) < 2:
        return False
    # Without "?", a wh-word or verb must be followed by a verb/pronoun to be a question:
    # "What we offer is…" and "Kan møte i morgen" are statements.
    if kind == "wh":
        # "Which is exactly why you plan now." carries on the sentence before: not a question.
        if f"{tokens[0]} {tokens[1]}" in lex.relative:
            return False
        if tokens[1] in lex.aux:
            return True
        # "How many mechanics do you have" — the verb comes after the factual phrase.
        factual = lex.factual is not None and lex.factual.match(head)
        return bool(factual) and any(
            t in lex.aux and nxt in lex.pronouns
            for t, nxt in zip(tokens[2:4], tokens[3:5], strict=False)
        )
    if kind == "aux":
        # "Vil du ha billig mat, så får du bare bli hos dem.": verb first and then "så" is a
        # condition ("if you want…"), the way "Should you need more, then call" is.
        later = [words(c[:20]) for c in clauses(sentence)[1:]]
        if any(w and w[0].lower() in lex.consequence for w in later):
            return False
        return tokens[1] in lex.pronouns
    return False


def _form(
    sentence: str, kind: str, head: str, lex: Lexicon, low: str | None = None
) -> tuple[QuestionForm, bool]:
    if search(lex.leading, sentence, low) or search(lex.tag, sentence, low):
        return "leading", False
    if kind == "open_starter":
        # "Could you tell me who looks after that?" / "kan du si meg hvem…": the starter asks
        # for a name or a number, a closed answer, as the bare wh-question would.
        starter = lex.open_starters.match(head) if lex.open_starters is not None else None
        rest = head[starter.end() :] if starter else ""
        rest = _OBJECT.sub("", rest, count=1) if lex.factual is not None else rest
        if lex.factual is not None and lex.factual.match(rest):
            return "closed", True
        return "open", False
    if search(lex.confirming, sentence, low):
        return "closed", False  # "So what you're saying is…?": checking, not asking
    factual = bool(kind == "wh" and lex.factual is not None and lex.factual.match(head))
    choice = lex.offers_choice(sentence)
    # "Morning or afternoon, what suits you?": options listed before the question word
    listed_first = choice is not None and head and choice.start() < sentence.find(head)
    if choice and (kind in ("aux", "") or factual or listed_first):
        return "choice", factual
    if kind == "wh":
        return ("closed" if factual else "open"), factual
    return "closed", False


def spin_of(sentence: str, lex: Lexicon, low: str | None = None) -> SpinKind | None:
    for kind in _PRIORITY:
        if search(lex.spin.get(kind), sentence, low):
            return kind
    return None


def find_questions(
    sentences: list[Sentence], lex: Lexicon, no_spin: re.Pattern[str] | None = None
) -> list[Question]:
    found: list[Question] = []
    for s in sentences:
        kind, head = _head(s.text, lex)
        if not _is_question(s.text, kind, head, lex):
            continue
        low = fold(s.text)
        form, factual = _form(s.text, kind, head, lex, low)
        # Asking for a minute is not discovery, whatever words it uses; nor is proposing a step.
        proposed = kind == "wh" and lex.proposal is not None and bool(lex.proposal.match(head))
        # "May I ask what makes it a no?" asks leave and the question at once: it is discovery.
        asks_leave = kind != "open_starter" and search(no_spin, s.text, low) is not None
        passed_on = search(lex.not_discovery, s.text, low) is not None
        spin = None if proposed or asks_leave or passed_on else spin_of(s.text, lex, low)
        # "So what you're saying is…?" checks what was heard: no new Situation question.
        checks = search(lex.confirming, s.text, low) is not None
        plain = kind in ("wh", "open_starter") and form in ("open", "closed") and not checks
        if spin is None and plain and not (proposed or passed_on):
            spin = "situation"
        found.append(Question(text=s.text, form=form, spin=spin, factual=factual))
    return found
