"""The message lint remembers whole messages as well as paragraphs: a remembered
message gets the findings linting it afresh gives, with its own path."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from timeline_frames import settings

from cx_cli.engines.lint import lint_text
from cx_cli.render.messages import MessageLint

CORPUS = yaml.safe_load((Path(__file__).parent / "lint_corpus.yaml").read_text("utf-8"))


def messages(seed: int = 7, count: int = 150) -> list[str]:
    """Messages of 1 to 4 corpus texts as paragraphs, with blank lines of every kind;
    some repeat."""
    rng = random.Random(seed)
    texts = [c["text"] for c in CORPUS if c.get("market", "us") == "us"]
    out = []
    for _ in range(count):
        parts = rng.sample(texts, rng.randint(1, 4))
        out.append("".join(p + rng.choice(["\n\n", "\n \n", "\n\t\n\n", "\n"])
                           for p in parts))
    return out + out[:30]


def test_remembered_findings_equal_a_fresh_lint_with_this_messages_path():
    remembering = MessageLint(settings())
    for i, text in enumerate(messages()):
        fresh = MessageLint(settings())(text, path="first")
        got = remembering(text, path=f"m{i}")
        assert got == [f.__class__(**{**f.as_dict(), "path": f"m{i}"}) for f in fresh]


def test_paragraph_at_a_time_equals_linting_the_whole_message():
    lint = MessageLint(settings())
    for text in messages(seed=11, count=60):
        assert [f.as_dict() for f in lint(text, path="x")] == \
            [f.as_dict() for f in lint_text(text, path="x")]


def test_platform_fields_are_placeholders_in_remembered_messages_too():
    lint = MessageLint(settings())
    text = "Hi {buyer}, order {order} is on its way.\n\nLeave a 5-star review for a coupon.\n"
    first = lint(text.format(buyer="whatsapp.jo", order="5764001"), path="a",
                 platform_fields=("whatsapp.jo", "5764001", None))
    again = lint(text.format(buyer="call.me.maybe", order="5764002"), path="b",
                 platform_fields=("call.me.maybe", "5764002", None))
    assert [(f.code, f.line, f.col) for f in first] == [(f.code, f.line, f.col) for f in again]
    assert {f.path for f in again} == {"b"} and "CX101" in {f.code for f in again}
