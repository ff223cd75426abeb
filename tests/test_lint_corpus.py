"""The lint against labelled messages: recall and false-positive rate (pytest -s shows them).

- tests/lint_corpus.yaml: the tuning set (rules were developed against it);
- tests/lint_heldout.yaml: written before the rules and never used to tune them, so its
  figures estimate how the lint does on text it has not seen (a looser bar).

Recall = share of the expected (message, rule) labels the lint reports. False-positive
rate = share of compliant messages with any finding (warnings included).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from cx_cli.engines.lint import lint_text

HERE = Path(__file__).parent


@dataclass
class Score:
    expected: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    compliant: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.expected.values()))

    @property
    def fp_rate(self) -> float:
        return len(self.false_positives) / max(1, self.compliant)

    def summary(self, name: str) -> str:
        per_rule = ", ".join(f"{c} {self.found[c]}/{n}" for c, n in sorted(self.expected.items()))
        return (f"{name}: recall {self.recall:.1%} ({sum(self.found.values())}/"
                f"{sum(self.expected.values())}), false positives {self.fp_rate:.1%} "
                f"({len(self.false_positives)}/{self.compliant} compliant) [{per_rule}]")


def score(file: str) -> Score:
    entries = yaml.safe_load((HERE / file).read_text(encoding="utf-8"))
    s = Score()
    for entry in entries:
        got = {f.code for f in lint_text(entry["text"], market=entry.get("market", "us"))}
        want = set(entry["codes"])
        if not want:
            s.compliant += 1
            if got:
                s.false_positives.append(f"{sorted(got)} {entry['text']}")
            continue
        for code in want:
            s.expected[code] += 1
            if code in got:
                s.found[code] += 1
            else:
                s.misses.append(f"{code} {entry['text']}")
    return s


def test_corpus_is_labelled_as_specified():
    entries = yaml.safe_load((HERE / "lint_corpus.yaml").read_text(encoding="utf-8"))
    counts = Counter(c for e in entries for c in e["codes"])
    compliant = sum(1 for e in entries if not e["codes"])
    assert len(entries) >= 150
    assert 0.4 <= compliant / len(entries) <= 0.6
    for code in ("CX101", "CX102", "CX103", "CX104", "CX201", "CX202", "CX301"):
        assert counts[code] >= 10, code
    assert len(yaml.safe_load((HERE / "lint_heldout.yaml").read_text(encoding="utf-8"))) >= 40


def test_corpus_recall_and_false_positive_rate():
    s = score("lint_corpus.yaml")
    print("\n" + s.summary("lint corpus"))
    assert s.recall >= 0.95, "\n".join(s.misses)
    assert s.fp_rate <= 0.05, "\n".join(s.false_positives)


def test_heldout_recall_and_false_positive_rate():
    s = score("lint_heldout.yaml")
    print("\n" + s.summary("held-out set"))
    for line in s.misses:
        print("  missed:", line)
    for line in s.false_positives:
        print("  false positive:", line)
    assert s.recall >= 0.85
    assert s.fp_rate <= 0.10


@pytest.mark.parametrize("text", [
    "Use {{ coupon }} for a 5-star review",
    "Leave a review and get 10% off",
])
def test_corpus_examples_in_the_readme_still_fail(text):
    assert lint_text(text)


def test_remembered_sentences_find_what_a_first_reading_finds(monkeypatch):
    """The lint remembers what each sentence held after the sentence before it: every
    labelled message, its sentences seen before in other messages (and the messages
    joined two by two, so each sentence follows other ones), finds what it finds read
    afresh."""
    from cx_cli.engines import lint

    texts = [e["text"] for file in ("lint_corpus.yaml", "lint_heldout.yaml")
             for e in yaml.safe_load((HERE / file).read_text(encoding="utf-8"))]
    texts += [f"{a} {b}" for a, b in zip(texts, texts[1:] + texts[:1], strict=True)]
    # One sentence, tied to a review by the sentence before it or not.
    texts += ["Please leave a review. As a thank you, get 10% off your next order.",
              "Your parcel shipped. As a thank you, get 10% off your next order."]

    def afresh(text: str, market: str) -> list:
        monkeypatch.setattr(lint, "_SENTENCE_HITS", {})
        return lint_text(text, market=market)

    fresh = {(t, m): afresh(t, m) for t in texts for m in ("us", "th")}
    monkeypatch.setattr(lint, "_SENTENCE_HITS", {})
    for (text, market), findings in reversed(fresh.items()):
        assert lint_text(text, market=market) == findings, text
    for (text, market), findings in fresh.items():
        assert lint_text(text, market=market) == findings, text
    assert [f.code for f in fresh[texts[-2], "us"]] == ["CX101"]
    assert fresh[texts[-1], "us"] == []
