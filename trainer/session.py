"""Recording a call into the store while it is played, the same way for the TUI and scripts.

The engine knows nothing of the store; an `AttemptRecorder` is the observer it is given, and
writes each transcript entry as it happens, flags rewound turns and stores the scorecard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from trainer.scenario.loader import LoadedScenario
from trainer.store import Store, StoreError

if TYPE_CHECKING:
    from trainer.engine import Call


class _Scored(Protocol):
    def scorecard(self) -> Any: ...


# Keys of a trainee entry that go into the turn's meta; `analysis` drops its copy of the text.
_ENTRY_META = ("objection", "revealed", "hint_used", "match", "fallback")


def entry_meta(entry: Any) -> dict[str, Any]:
    """What a transcript entry knows beyond speaker, text and node, as JSON-able data."""
    data: dict[str, Any] = entry.to_dict()
    meta = {key: data.get(key) for key in _ENTRY_META}
    analysis = data.get("analysis")
    if isinstance(analysis, dict):
        meta["analysis"] = {k: v for k, v in analysis.items() if k != "text"}
    else:
        meta["analysis"] = None
    return meta


class AttemptRecorder:
    """A call observer that keeps one attempt in the store up to date, turn by turn.

    If the store fails mid-call (a PostgreSQL server gone away, a full disk), the error is
    raised from the engine call that caused it, unless `on_error` is given: then it is told
    once, recording stops, and the attempt stays as far as it got ("in progress"), so a UI can
    let the trainee finish the call unrecorded instead of crashing.
    """

    def __init__(
        self,
        store: Store,
        attempt_id: str,
        call: _Scored | None = None,
        on_error: Callable[[StoreError], None] | None = None,
    ) -> None:
        self.store = store
        self.attempt_id = attempt_id
        # Set once the call exists: the call needs the recorder to be built, and the
        # recorder needs the call only at the end, for its scorecard.
        self.call = call
        self.on_error = on_error
        self.error: StoreError | None = None
        self.finished = False

    @property
    def recording(self) -> bool:
        return self.error is None and not self.finished

    def _guard(self, write: Callable[[], None]) -> None:
        if self.error is not None:
            return
        try:
            write()
        except StoreError as exc:
            if self.on_error is None:
                raise
            self.error = exc
            self.on_error(exc)

    def on_entry(self, entry: Any) -> None:
        self._guard(
            lambda: self.store.add_turn(
                self.attempt_id,
                entry.index,
                entry.speaker,
                entry.text,
                entry.node,
                entry_meta(entry),
            )
        )

    def on_rewind(self, removed: list[Any]) -> None:
        indices = [entry.index for entry in removed]
        self._guard(lambda: self.store.mark_rewound(self.attempt_id, indices))

    def on_end(self, outcome: Any) -> None:
        if self.finished:
            return
        if self.call is None:
            raise RuntimeError("AttemptRecorder.call must be set before the call ends")
        scorecard = self.call.scorecard().to_dict()
        self._guard(
            lambda: self.store.finish_attempt(
                self.attempt_id, outcome.id, outcome.result, scorecard
            )
        )
        self.finished = True


def start_recorded_call(
    loaded: LoadedScenario,
    trainee: str,
    mode: str,
    store: Store,
    seed: int = 0,
    call_factory: Callable[..., Any] | None = None,
    on_error: Callable[[StoreError], None] | None = None,
    variant: str | None = None,
) -> tuple[Call, str]:
    """A new attempt in the store and the call that fills it; returns (call, attempt_id).

    Nothing is said until the caller runs `call.start()`, which records the opening lines.
    The recorder is `call.observer`; see AttemptRecorder for `on_error`.
    """
    scenario = loaded.scenario
    # A shared database with roles records each user under their own database name; any
    # other name would be refused by the server, so the call goes by that name too.
    trainee = store.bound_user or trainee
    attempt_id = store.start_attempt(
        trainee,
        scenario.id,
        scenario.version,
        loaded.content_hash,
        scenario.title,
        scenario.language,
        mode,
        source_text=loaded.frozen_text,
    )
    if call_factory is None:
        from trainer.engine import Call

        call_factory = Call
    recorder = AttemptRecorder(store, attempt_id, on_error=on_error)
    chosen = {"variant": variant} if variant is not None else {}
    call = call_factory(scenario, trainee=trainee, seed=seed, observer=recorder, **chosen)
    recorder.call = call
    return call, attempt_id
