"""Words for the grader's ids: evidence rules, criteria, must-rules, missing-criterion lines.

The grader names what it found with stable ids ("spin_problem", "need_found:late_deliveries",
"missing:closing"); a screen shows them in the trainee's language and an attempt keeps the id.
"""

from __future__ import annotations

from trainer.i18n.catalog import Messages


def words_of(identifier: str) -> str:
    return identifier.replace("_", " ")


def criterion(t: Messages, name: str) -> str:
    key = f"criteria.{name}"
    return t(key) if t.has(key) else words_of(name)


def must_rule(t: Messages, name: str) -> str:
    key = f"must.{name}"
    return t(key) if t.has(key) else words_of(name)


def rule(t: Messages, rule_id: str) -> str:
    head, _, detail = rule_id.partition(":")
    if head == "need_found":
        return t("rule.need_found", need=words_of(detail))
    if head == "missing":
        return t("rule.missing", criterion=criterion(t, detail))
    if head == "must_broken":
        return t("rule.must_broken", rule=must_rule(t, detail))
    if head == "premature_close":
        return t("rule.premature_close")
    if head in ("close_not_agreed", "objection_not_overcome"):
        return t(f"rule.{head}")
    key = f"rule.{rule_id}"
    return t(key) if t.has(key) else words_of(rule_id)


def evidence_quote(t: Messages, rule_id: str, quote: str) -> str:
    """The quoted words; for a missing criterion the grader's sentence, in the language."""
    head, _, detail = rule_id.partition(":")
    key = f"missing.{detail}"
    if head == "missing" and t.has(key):
        return t(key)
    return quote


def kind_words(t: Messages, kind: str) -> str:
    key = f"kind.{kind}"
    return t(key) if t.has(key) else words_of(kind)
