"""The scenario format: what a trainer writes in YAML, as strict pydantic models.

Unknown keys are rejected everywhere so a typo ("exmaples") is an error with a location,
not a silently ignored field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=80)]
# Two or more targets, one of which each call takes.
Pool = Annotated[list[Id], Field(min_length=2)]
Scalar = int | float | bool | str

CRITERIA = ("needs_discovery", "politeness", "objection_handling", "closing")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(StrEnum):
    cold_call = "cold_call"
    gatekeeper = "gatekeeper"
    inbound = "inbound"
    objection = "objection"
    complaint = "complaint"
    follow_up = "follow_up"
    vip = "vip"
    closing = "closing"


class ObjectionType(StrEnum):
    price = "price"
    timing = "timing"
    send_info = "send_info"
    incumbent = "incumbent"
    not_interested = "not_interested"
    authority = "authority"
    stall = "stall"
    trust = "trust"
    sold_out = "sold_out"
    complaint = "complaint"


class Persona(Strict):
    name: str = Field(min_length=1)
    role: str = ""
    company: str = ""
    patience: int = Field(
        default=4, ge=1, le=20, description="Bad replies tolerated before hanging up."
    )
    mood: int = Field(default=0, ge=-10, le=10, description="Starting mood; -10 hostile, 10 warm.")


class PersonaChange(Strict):
    """What a variant changes in the persona; unset fields keep the persona's own."""

    role: str | None = None
    patience: int | None = Field(default=None, ge=1, le=20)
    mood: int | None = Field(default=None, ge=-10, le=10)


class Variant(Strict):
    """The same prospect in another temper: a hurried, a friendly or a sceptical buyer."""

    label: str = Field(min_length=1, description="Shown to the trainee, e.g. 'Hurried'.")
    description: str = ""
    persona: PersonaChange = Field(default_factory=PersonaChange)


class Seller(Strict):
    """The trainee's side: filled into `{company}` and `{product}` placeholders."""

    company: str = Field(min_length=1)
    product: str = ""
    facts: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        default_factory=list, max_length=12,
        description="What the trainee may rely on in the call (prices, stock, delivery terms, "
        "policies), shown as the seller brief before and during the call. The model answers "
        "should use only these facts and what the prospect says.",
    )


class Ladder(Strict):
    """What the prospect says about a need at each SPIN rung, in order; each line is said once.

    A discovery question about the need gets the rung its kind asks for if that is still
    unsaid, else the next unsaid rung."""

    situation: str | None = Field(default=None, min_length=1)
    problem: str | None = Field(default=None, min_length=1)
    implication: str | None = Field(default=None, min_length=1)
    need_payoff: str | None = Field(default=None, min_length=1)

    def rungs(self) -> list[tuple[str, str]]:
        return [(k, v) for k in RUNGS if (v := getattr(self, k)) is not None]


RUNGS = ("situation", "problem", "implication", "need_payoff")


class Need(Strict):
    id: Id
    fact: str = Field(min_length=1, description="What the prospect says once asked well.")
    cues: list[str] = Field(min_length=1, description="Words a good question about this need uses.")
    ladder: Ladder | None = Field(
        default=None, description="Lines for later questions about the need, per SPIN rung."
    )


class Compare(Strict):
    eq: Scalar | None = None
    ne: Scalar | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None


class VisitsCondition(Compare):
    node: Id


class VarCondition(Compare):
    var: Id


class Condition(Strict):
    """Structured condition: exactly one key. Never evaluated as code."""

    need: Id | None = Field(default=None, description="True once this need is revealed.")
    var: VarCondition | None = None
    visits: VisitsCondition | None = None
    mood: Compare | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        set_keys = [
            k
            for k in ("need", "var", "visits", "mood", "all", "any", "not_")
            if getattr(self, k) is not None
        ]
        if len(set_keys) != 1:
            raise ValueError(
                "a condition needs exactly one of need, var, visits, mood, all, any, not"
                f" (got {', '.join(k.rstrip('_') for k in set_keys) or 'none'})"
            )
        return self


class Line(Strict):
    """One thing the prospect can say; plain strings in YAML become a Line."""

    text: str = Field(min_length=1)
    once: bool = Field(default=False, description="Said at most once per call.")
    when: Condition | None = None
    variant: list[Id] | None = Field(
        default=None, min_length=1,
        description="Said only when one of these persona variants plays; default: by all.",
    )


Say = str | list[str | Line]


class Effects(Strict):
    mood: int = Field(default=0, ge=-10, le=10)
    patience: int = Field(default=0, ge=-10, le=10)
    set: dict[Id, Scalar] = Field(default_factory=dict)
    add: dict[Id, float] = Field(default_factory=dict)
    reveal: list[Id] = Field(default_factory=list)


class Branch(Strict):
    intent: Id
    examples: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    acts: list[str] = Field(
        default_factory=list,
        description="What a reply on this branch does (spin.implication, close.meeting, ...).",
    )
    about: list[Id] = Field(
        default_factory=list, description="Needs the acts must be about to count."
    )
    clarify: str | None = Field(
        default=None,
        min_length=1,
        description="The prospect's clarifying question when a reply is close to this branch.",
    )
    when: Condition | None = None
    effects: Effects = Field(default_factory=Effects)
    say: Say | None = Field(default=None, description="The prospect's reaction before moving on.")
    goto: Id

    @model_validator(mode="after")
    def _has_matcher(self) -> Branch:
        if not self.examples and not self.keywords and not self.acts:
            raise ValueError(
                f"branch '{self.intent}' needs examples, keywords or acts to be matched"
            )
        return self


class Fallback(Strict):
    say: Say
    retries: int = Field(default=2, ge=0, le=10)
    then: Id
    effects: Effects = Field(default_factory=Effects)


class Advance(Strict):
    needs: list[Id] = Field(min_length=1)
    goto: Id


class Node(Strict):
    say: Say
    pick: Literal["random", "cycle", "sequence"] = "random"
    objection: ObjectionType | None = None
    model_answer: str | None = None
    hint: str | None = None
    branches: list[Branch] = Field(default_factory=list)
    fallback: Fallback | None = None
    goto: Id | Pool | None = Field(
        default=None,
        description="Move on without a reply (a bridge line). A list is a pool: each call "
        "takes one of them, chosen by its seed, so objections can differ between plays.",
    )
    discovery: bool = Field(
        default=True, description="Questions here may uncover needs and climb their ladders."
    )
    advance: Advance | None = Field(
        default=None, description="Move on once the needs this node waits for are out."
    )


class Result(StrEnum):
    win = "win"
    loss = "loss"
    neutral = "neutral"


class Outcome(Strict):
    result: Result
    say: str = ""
    summary: str = ""


class Rubric(Strict):
    weights: dict[Literal["needs_discovery", "politeness", "objection_handling", "closing"], int]
    pass_mark: int = Field(default=70, ge=0, le=100)
    must: list[str] = Field(default_factory=list)


class Settings(Strict):
    match_threshold: float | None = Field(
        default=None, ge=0, le=100, description="Default: calibrated per language."
    )
    margin: float | None = Field(default=None, ge=0, le=100, description="Default: 6.")
    max_turns: int = Field(default=30, ge=2, le=200)
    hang_up: Id = Field(default="hang_up", description="Outcome used when patience runs out.")
    timeout: Id | None = Field(
        default=None, description="Outcome when max_turns is hit; default hang_up."
    )


class Expect(Strict):
    outcome: Id | None = None
    path: list[Id] | None = None
    min_score: float | None = Field(default=None, ge=0, le=100)
    max_score: float | None = Field(default=None, ge=0, le=100)
    passed: bool | None = None


class PlaythroughTest(Strict):
    name: str = Field(min_length=1)
    replies: list[str] = Field(min_length=1)
    seed: int = 0
    trainee: str = "Sam"
    variant: Id | None = Field(default=None, description="Default: the one the seed picks.")
    expect: Expect


class Scenario(Strict):
    id: Id
    version: int = Field(ge=1)
    title: str = Field(min_length=1)
    language: Literal["en", "nb"]
    kind: Kind
    difficulty: int = Field(ge=1, le=5)
    tags: list[str] = Field(default_factory=list)
    duties: list[Annotated[int, Field(ge=1, le=11)]] = Field(
        default_factory=list, max_length=11,
        description="Which of an account manager's eleven duties the call drills (1 studying "
        "buyers and their needs, 2 attracting clients and a strategy to close, 3 building the "
        "client base, 4 judging solvency, 5 contract documents, 6 new clients and their needs, "
        "7 concluding transactions, 8 following up, 9 VIP clients, 10 complaints, 11 studying "
        "competitors); `list --matrix` prints the coverage.",
    )
    sector: str = Field(default="", max_length=60,
                        description="The line of business, e.g. car parts, windows.")
    description: str = ""
    objective: str = ""
    seller: Seller
    persona: Persona
    variables: dict[Id, Scalar] = Field(default_factory=dict)
    variants: dict[Id, Variant] = Field(
        default_factory=dict,
        description="Tempers of the prospect; each call plays one, by seed or by choice.",
    )
    needs: list[Need] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    start: Id
    nodes: dict[Id, Node] = Field(min_length=1)
    outcomes: dict[Id, Outcome] = Field(min_length=1)
    rubric: Rubric
    tests: list[PlaythroughTest] = Field(default_factory=list)

    def need(self, need_id: str) -> Need | None:
        return next((n for n in self.needs if n.id == need_id), None)

    def is_outcome(self, target: str) -> bool:
        return target in self.outcomes


def pool(goto: str | list[str] | None) -> list[str]:
    """A node's goto as a list: empty, one target, or a pool to pick from."""
    if goto is None:
        return []
    return [goto] if isinstance(goto, str) else list(goto)


def lines_of(say: Say | None) -> list[Line]:
    """Normalise the `say` shorthand (a string, or a list of strings and Lines) to Lines."""
    if say is None:
        return []
    if isinstance(say, str):
        return [Line(text=say)]
    return [Line(text=item) if isinstance(item, str) else item for item in say]


# A block parameter's name, as written inside `${…}` in a block's text.
ParamName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=80)]


class Use(Strict):
    """One shared block copied into the scenario's nodes when it is loaded (see README)."""

    file: str = Field(min_length=1, description="The block file, relative to this scenario "
                      "file, inside its folder or its parent folder: ../blocks/common.yaml.")
    block: Id = Field(description="The block's name in that file.")
    with_: dict[ParamName, Any] = Field(
        default_factory=dict, alias="with",
        description="Parameter values; `${name}` in the block's text is replaced by them. A "
        "value written alone (\"${examples}\") may be a list or mapping.",
    )
    prefix: str = Field(default="", pattern=r"^([a-z0-9][a-z0-9_\-]*)?$", max_length=40,
                        description="Put before the block's node ids, to use a block twice.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def schema_dict() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True)
    # `use:` is expanded by the loader before the Scenario model sees the file, so it is
    # described here rather than as a field the rest of the app would carry around.
    schema.setdefault("$defs", {})["Use"] = Use.model_json_schema(by_alias=True)
    schema["properties"]["use"] = {
        "type": "array", "items": {"$ref": "#/$defs/Use"}, "title": "Use",
        "description": "Shared blocks whose nodes are copied into `nodes` (ids unchanged "
        "unless a prefix is given).",
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sales-call-trainer.invalid/scenario.schema.json"
    return schema
