"""The ``Store``'s surface after its split into parts: every method the app and tests call is
still there, each is defined in exactly one part, and the old import paths still work."""

from __future__ import annotations

import inspect

from mockinterview.store import Store

# Every public method of ``Store`` when it was split into parts (December 2026). Removing or
# renaming one breaks callers; add new ones here as they come.
PUBLIC_METHODS = {
    "add_question",
    "all_tags",
    "audio_file",
    "audio_references",
    "close",
    "connection",
    "correct_transcript",
    "count_sessions",
    "create_session",
    "delete_session",
    "finish_session",
    "get_answer",
    "get_review_card",
    "get_session",
    "in_progress_sessions",
    "list_sessions",
    "mark_abandoned",
    "normalized_audio_path",
    "put_review_card",
    "question_bank_id",
    "rate_answer",
    "recent_bank_ids",
    "relative_path",
    "restore_session",
    "resume_session",
    "review_cards",
    "save_answer",
    "set_analysis",
    "set_question_audio",
    "set_tags",
    "topic_observations",
    "update_transcript",
}
# What the parts share; code in the store package (attempts, projects, unsaved) uses these too.
PLUMBING = {"__init__", "__enter__", "__exit__", "_tx", "_update", "_tags", "_resolved"}


def _defined_in(name: str) -> list[str]:
    return [cls.__qualname__ for cls in Store.__mro__ if name in vars(cls)]


def test_every_public_method_is_still_on_the_store() -> None:
    missing = sorted(n for n in PUBLIC_METHODS | PLUMBING if not callable(getattr(Store, n, None)))
    assert missing == []


def test_no_public_method_is_left_out_of_the_list() -> None:
    """A new public method gets added to ``PUBLIC_METHODS``, so the list stays the full surface."""
    public = {n for n, _ in inspect.getmembers(Store, callable) if not n.startswith("_")}
    assert public - PUBLIC_METHODS == set()


def test_each_method_is_defined_in_exactly_one_part() -> None:
    """Two parts defining one name would let the base-class order silently pick one of them."""
    twice = {n: _defined_in(n) for n in PUBLIC_METHODS | (PLUMBING - {"__init__"})}
    assert {n: where for n, where in twice.items() if len(where) != 1} == {}


def test_old_import_paths_still_work() -> None:
    from mockinterview.store.repository import SORT_KEYS, A, Q, S, T, utcnow
    from mockinterview.store.repository import Store as RepositoryStore

    assert RepositoryStore is Store
    assert {t.name for t in (S, Q, A, T)} == {"sessions", "asked_questions", "answers", "answer_tags"}
    assert "date" in SORT_KEYS and utcnow().tzinfo is not None


def test_the_store_as_context_manager_is_the_whole_store(store: Store) -> None:
    with store as s:
        assert s is store and isinstance(s, Store)
