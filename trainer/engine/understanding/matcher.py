"""Which branch a reply means, by wording, meaning and what it does.

Three kinds of evidence add up to one 0-100 score per branch, and every one is named in the
match result:
- wording: fuzzy similarity to the branch examples, of the raw words and of the canonical
  words (casual typing, inflection, synonyms and compounds set aside), whichever is higher;
- keywords: the author's key phrases, found in raw or canonical form;
- acts: what the reply does (an implication question, a dated proposal, an apology) when the
  branch declares it, optionally about one of the scenario's needs.

The verdict keeps the router's rules (a threshold and a margin over the best other intent)
and adds a band under the threshold where the prospect asks a short clarifying question
instead of treating the reply as a miss.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from scoring.lexicon import get_lexicon
from trainer.engine.needs import cue_matches
from trainer.engine.router import SET_WEIGHT, SORT_WEIGHT
from trainer.engine.scenario_cache import ScenarioCache
from trainer.engine.text import fill, normalise
from trainer.engine.understanding import act_model
from trainer.engine.understanding.canon import Canoniser
from trainer.engine.understanding.heard import Heard
from trainer.engine.understanding.node_words import NodeWords, terms
from trainer.scenario.models import Branch, Scenario, lines_of

KEYWORD_BONUS = 8.0
KEYWORD_EXTRA = 4.0
KEYWORD_CAP = 16.0
KEYWORD_ONLY_BASE = 70.0
ACT_BONUS = 8.0
# Weight of the cosine to the branch's centroid among the node's distinguishing words.
NODE_WORDS_WEIGHT = 50.0
ACT_ONLY_BASE = 66.0
# Calibrated per language on the paraphrase files and half of the natural-reply set
# (benchmarks/bench_routing.py prints them); a scenario's `match_threshold` overrides.
THRESHOLD = {"en": 65.0, "nb": 67.0}
MARGIN = {"en": 8.0, "nb": 6.0}
# How far under the threshold a reply still earns a clarifying question, not a miss.
CLARIFY_BAND = 10.0
UNRELATED_FACTOR = 0.8
# Acts that say how, not what: they count only for a reply that shares a word with the branch.
TOPICAL_ACTS: frozenset[str] = frozenset()
# Acts almost any reply has at some node (a question; ignoring an objection is what every
# off-topic reply does): they support a branch but do not stand in for its words.
WEAK_ACTS = frozenset(
    {
        "question",
        "question.open",
        "question.closed",
        "greeting",
        "thanks",
        "close",
        "objection.ignore",
    }
)
NO_CLARIFY = frozenset({"pitch", "pressure", "rude"})
# Poor moves the library-trained model recognises in any words, and how sure it must be:
# the least sure that keeps the calibration half within the thresholds' rule (at most 1 %
# wrong, 90 % of no-branch replies held); bench_routing.py prints the sweep.
LEARNED_ACTS = frozenset(act_model.ACTS)
LEARNED_P = 0.9
DISCOVERY = "spin."
PROPOSAL = "close.meeting"


@dataclass(frozen=True, slots=True)
class Branchlet:
    """One branch, compiled for matching."""

    index: int
    intent: str
    examples: tuple[str, ...]
    canon_examples: tuple[str, ...]
    keywords: tuple[str, ...]
    canon_keywords: tuple[tuple[str, ...], ...]
    acts: frozenset[str]
    about: tuple[tuple[tuple[str, ...], ...], ...]  # per need: its cues as canonical words
    clarify: str | None
    content: frozenset[str]  # canonical content words of its examples and keywords
    node_words: NodeWords | None = None  # the node's distinguishing words, shared by siblings


@dataclass(frozen=True, slots=True)
class Scored:
    branch: Branchlet
    score: float
    why: tuple[str, ...]
    # The words that set the branch apart and their cosine, put into words by `explain` only
    # for the branches a verdict shows: quoting them as typed costs more than scoring them.
    telling: tuple[str, ...] = ()
    apart: float = 0.0


@dataclass(frozen=True, slots=True)
class Verdict:
    winner: Scored | None
    best: Scored | None
    runner_up: Scored | None
    # None when a branch won; else "below_threshold" | "ambiguous" | "no_branches"
    reason: str | None
    clarify: bool = False  # close enough to ask what the trainee meant
    denied: bool = False  # the trainee said the clarifying question guessed wrong


class Understanding:
    """Everything matching needs of one scenario, computed once."""

    def __init__(self, scenario: Scenario, values: Mapping[str, Any]) -> None:
        self.scenario = scenario
        texts: list[str] = []
        for node in scenario.nodes.values():
            texts += [fill(line.text, values) for line in lines_of(node.say)]
            for b in node.branches:
                texts += [fill(x, values) for x in (*b.examples, *b.keywords)]
        for need in scenario.needs:
            texts += [need.fact, *need.cues]
        self.canoniser = Canoniser(scenario.language, texts)
        # Sibling branches often share their telling words: quoted once per reply.
        self._quotes = lru_cache(maxsize=64)(self._telling_quotes)
        # The learned model reads words as it was trained: without this scenario's vocabulary.
        self.plain = Canoniser(scenario.language)
        raw_stopwords = get_lexicon(scenario.language).stopwords
        self.stopwords = frozenset(
            w for s in raw_stopwords for w in self.canoniser.words(s)
        )
        self.all_stopwords = self.stopwords | raw_stopwords
        self.threshold = (
            scenario.settings.match_threshold
            if scenario.settings.match_threshold is not None
            else THRESHOLD.get(scenario.language, THRESHOLD["en"])
        )
        self.margin = (
            scenario.settings.margin
            if scenario.settings.margin is not None
            else MARGIN.get(scenario.language, MARGIN["en"])
        )
        self.nodes: dict[str, tuple[Branchlet, ...]] = {}
        for node_id, node in scenario.nodes.items():
            words = NodeWords.build([
                [terms(normalise(t), self.canoniser.words(t), self.all_stopwords)
                 for t in (fill(x, values) for x in (*b.examples, *b.keywords))]
                for b in node.branches
            ])
            self.nodes[node_id] = tuple(
                self._compile(i, b, values, words) for i, b in enumerate(node.branches)
            )

    def _compile(
        self, index: int, branch: Branch, values: Mapping[str, Any], words: NodeWords
    ) -> Branchlet:
        examples = tuple(e for e in (normalise(fill(x, values)) for x in branch.examples) if e)
        filled = [fill(x, values) for x in branch.keywords]
        filled = [k for k in filled if normalise(k)]
        canon = self.canoniser
        about = []
        for need_id in branch.about:
            need = self.scenario.need(need_id)
            if need is not None:
                about.append(tuple(w for w in (canon.words(c) for c in need.cues) if w))
        return Branchlet(
            index=index,
            intent=branch.intent,
            examples=examples,
            canon_examples=tuple(canon.text(fill(x, values)) for x in branch.examples),
            keywords=tuple(normalise(k) for k in filled),
            canon_keywords=tuple(canon.words(k) for k in filled),
            acts=frozenset(branch.acts),
            about=tuple(about),
            clarify=branch.clarify,
            content=frozenset(
                w
                for x in (*branch.examples, *filled)
                for w in canon.words(fill(x, values))
                if w not in self.stopwords
            ),
            node_words=words,
        )

    # -- scoring -------------------------------------------------------------------------
    def score(self, heard: Heard, branches: Sequence[Branchlet]) -> list[Scored]:
        """Every branch scored, each with all its reasons."""
        return [self.explain(heard, s) for s in self._scores(heard, branches)]

    def explain(self, heard: Heard, s: Scored) -> Scored:
        """`s` with the words that set its branch apart named as the trainee typed them."""
        if not s.telling:
            return s
        said = f"words that set it apart {self._quotes(heard.norm, s.telling)}"
        return Scored(s.branch, s.score, (*s.why, f"{said} ({100 * s.apart:.0f})"))

    def _scores(self, heard: Heard, branches: Sequence[Branchlet]) -> list[Scored]:
        raw = _best_similarity(heard.norm, [b.examples for b in branches])
        canon = _best_similarity(heard.canon, [b.canon_examples for b in branches])
        reply_terms = terms(heard.norm, heard.words, self.all_stopwords)
        vectors: dict[int, dict[str, float]] = {}
        for b in branches:
            if b.node_words is not None and id(b.node_words) not in vectors:
                vectors[id(b.node_words)] = b.node_words.reply_vector(reply_terms)
        return [
            self._score_one(heard, b, r, c, vectors.get(id(b.node_words), {}))
            for b, r, c in zip(branches, raw, canon, strict=True)
        ]

    def _score_one(
        self,
        heard: Heard,
        b: Branchlet,
        raw: tuple[float, int],
        canon: tuple[float, int],
        vector: dict[str, float] | None = None,
    ) -> Scored:
        why: list[str] = []
        score: float | None = None
        if b.examples:
            similar, which = max(raw, canon)
            score = similar
            form = "canonical words" if canon > raw else "words"
            why.append(f"{form} like example {which + 1} ({similar:.0f})")
        hits = _keyword_hits(heard, b)
        if hits:
            if score is None:
                score = KEYWORD_ONLY_BASE + KEYWORD_EXTRA * (len(hits) - 1)
            else:
                score += min(KEYWORD_CAP, KEYWORD_BONUS + KEYWORD_EXTRA * (len(hits) - 1))
            why.append("keywords " + ", ".join(
                f"“{self._as_said(heard.norm, k, self.canoniser.words(k))}”" for k in hits))
        act = self._act(heard, b)
        overlap = bool(b.content & set(heard.words))
        if act is not None and act[0] in TOPICAL_ACTS and not overlap and not b.about:
            # A question is this branch's question only if it is about the same things.
            act = None
        weak = act is not None and act[0] in WEAK_ACTS
        if (act is None or weak) and score is not None and not overlap:
            # Not one content word in common with anything the author wrote, and not the act
            # the branch stands for: a similar sentence shape is not the same meaning.
            score *= UNRELATED_FACTOR
            why.append("no words in common")
        if act is not None:
            bonus = ACT_BONUS / 2 if weak else ACT_BONUS
            score = ACT_ONLY_BASE if score is None else score + bonus
            name, words = act
            why.append(f"act {name}" + (f" (“{words}”)" if words else ""))
        cosine, telling = (0.0, ())
        if vector and b.node_words is not None:
            # Words a keyword hit already counted are not counted twice.
            counted = {" ".join(k) for k, raw in zip(b.canon_keywords, b.keywords, strict=True)
                       if raw in hits} | set(hits)
            cosine, telling = b.node_words.similarity(vector, b.index, counted)
        if score is not None and cosine > 0:
            score += NODE_WORDS_WEIGHT * cosine
        else:
            telling = ()
        return Scored(b, round(min(100.0, score or 0.0), 1), tuple(why), telling, cosine)

    def _telling_quotes(self, norm: str, telling: tuple[str, ...]) -> str:
        said = [self._as_said(norm, t, t.split()) for t in telling]
        # "fjellvask" says nothing "fra fjellvask" does not.
        said = [q for i, q in enumerate(said) if q not in said[:i]
                and not any(q != o and f" {q} " in f" {o} " for o in said)]
        return ", ".join(f"“{q}”" for q in said)

    def _as_said(self, norm: str, phrase: str, canonical: Sequence[str]) -> str:
        """A keyword or a telling word found in canonical form, quoted as the trainee typed
        it ("mail" for the author's "e-post", "tekstilservicen" for the stem): the note must
        never quote words the trainee did not write."""
        if f" {phrase} " in f" {norm} ":
            return phrase
        typed = self.canoniser.typed(norm)
        said: list[str] = []
        for word in canonical:
            token = typed.get(word)
            if token is None:
                return phrase
            if not said or said[-1] != token:
                said.append(token)
        return " ".join(said)

    def _act(self, heard: Heard, b: Branchlet) -> tuple[str, str] | None:
        if not b.acts:
            return None
        name = next((a for a in sorted(b.acts) if a in heard.acts), None)
        if name is None:
            return None
        if name == "close" and PROPOSAL in heard.acts:
            # A dated proposal is the clearest close there is: it answers a branch that asks
            # for any close as fully as one that names the technique.
            name = PROPOSAL
        if b.about and not any(cue_matches(cue, heard.words) for cues in b.about for cue in cues):
            return None
        return name, heard.acts[name][:80]

    # -- the verdict ---------------------------------------------------------------------
    def decide(self, heard: Heard, branches: Sequence[Branchlet]) -> Verdict:
        if not branches:
            return Verdict(None, None, None, "no_branches")
        scored = sorted(self._scores(heard, branches), key=lambda s: (-s.score, s.branch.index))
        best = self.explain(heard, scored[0])
        # The runner-up is the best OTHER intent: two branches sharing an intent never compete.
        runner = next((s for s in scored[1:] if s.branch.intent != best.branch.intent), None)
        runner = self.explain(heard, runner) if runner is not None else None
        gap = best.score - runner.score if runner else 100.0
        if best.score >= self.threshold and gap >= self.margin:
            return Verdict(best, best, runner, None)
        learned = self._poor_move(heard, scored)
        if learned is not None:
            return Verdict(learned, learned, runner, None)
        reason = "below_threshold" if best.score < self.threshold else "ambiguous"
        # Pushing, pitching or rudeness is not a misunderstanding worth asking about, unless
        # the nearest branch is a move of another kind ("it's about back-up plant hire, we
        # guarantee …" answers "what is it regarding?", with some pitch in it).
        pushy = NO_CLARIFY & heard.acts.keys()
        clarify = best.score >= self.threshold - CLARIFY_BAND and not (
            pushy and (not best.branch.acts or best.branch.acts & NO_CLARIFY)
        )
        return Verdict(None, best, runner, reason, clarify)


    def _poor_move(self, heard: Heard, scored: Sequence[Scored]) -> Scored | None:
        """The one branch of the node that stands for a poor move (pitching, pushing, arguing,
        discounting, a vague follow-up) the reply clearly makes in words the author did not
        write, by the library-trained model; None when no branch or more than one would claim
        it."""
        model = act_model.load(self.scenario.language)
        if model is None or any(a.startswith(DISCOVERY) for a in heard.acts) or _just_asks(heard):
            # A question, and a discovery question above all, is no pitch however it is worded.
            return None
        claims: dict[str, list[Scored]] = {}
        for s in scored:
            for act in s.branch.acts & LEARNED_ACTS:
                claims.setdefault(act, []).append(s)
        words: tuple[str, ...] | None = None
        found: list[tuple[Scored, str, float]] = []
        for act, owners in sorted(claims.items()):
            if len({o.branch.intent for o in owners}) != 1:
                continue  # two branches do it: the words must tell them apart
            words = words if words is not None else self.plain.words(heard.text)
            p = model.probability(words, act)
            if p >= LEARNED_P:
                found.append((owners[0], act, p))
        if len({s.branch.intent for s, _, _ in found}) != 1:
            return None
        s, act, _ = found[0]
        typed = self._as_typed(heard.text, model.evidence(words or (), act, count=5))[:3]
        said = " (" + ", ".join(f"“{f}”" for f in typed) + ")" if typed else ""
        return Scored(s.branch, s.score, (*self.explain(heard, s).why, f"act {act}{said}"))


    def _as_typed(self, text: str, found: Sequence[str]) -> list[str]:
        """The model's canonical features as the trainee typed them ("veld" -> "veldig")."""
        typed = self.plain.typed(normalise(text))
        # A feature made of words not typed as such is left out.
        return [" ".join(typed[w] for w in f.split()) for f in found
                if all(w in typed for w in f.split())]


def _just_asks(heard: Heard) -> bool:
    """One sentence, and a question."""
    text = heard.text.strip()
    return text.endswith("?") and not any(mark in text[:-1] for mark in ".!?")


def _best_similarity(text: str, groups: Sequence[tuple[str, ...]]) -> list[tuple[float, int]]:
    """(best score, index of the example) per group: one batch over every example, since
    rapidfuzz's `process.extract` loops in C."""
    flat = [e for g in groups for e in g]
    combined = [0.0] * len(flat)
    if text and flat:
        for weight, scorer in (
            (SET_WEIGHT, fuzz.token_set_ratio),
            (SORT_WEIGHT, fuzz.token_sort_ratio),
        ):
            for _, score, index in process.extract(text, flat, scorer=scorer, limit=None):
                combined[index] += weight * score
    out = []
    start = 0
    for group in groups:
        end = start + len(group)
        if end > start:
            part = combined[start:end]
            best = max(range(len(part)), key=part.__getitem__)
            out.append((part[best], best))
        else:
            out.append((0.0, -1))
        start = end
    return out


def _keyword_hits(heard: Heard, b: Branchlet) -> list[str]:
    padded = f" {heard.norm} "
    canon = f" {heard.canon} "
    hits: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for raw, words in zip(b.keywords, b.canon_keywords, strict=True):
        # "minute", "minutes" and "moment" are one concept: one hit, not three.
        if words in seen:
            continue
        if f" {raw} " in padded or (words and f" {' '.join(words)} " in canon):
            hits.append(raw)
            seen.add(words)
    return hits


_CACHE: ScenarioCache[Understanding] = ScenarioCache(Understanding)


def understanding(scenario: Scenario, values: Mapping[str, Any]) -> Understanding:
    return _CACHE.get(scenario, values)
