"""The rules files cx ships are read without compiling each expression again (the
``shipped`` validation context); here they get the full check a seller's file gets."""

from __future__ import annotations

import shutil

import pytest

from cx_cli.engines import comments, triage_rules
from cx_cli.engines.comments import CommentRulesFile
from cx_cli.engines.text_signals import SHIPPED
from cx_cli.engines.triage_rules import RULES_DIR, TriageRulesFile, read_rules_file
from cx_cli.errors import ConfigError
from cx_cli.yaml_text import load_yaml, read_utf8


@pytest.mark.parametrize(("name", "model"), [("triage.yaml", TriageRulesFile),
                                             ("comments.yaml", CommentRulesFile)])
def test_every_expression_of_the_shipped_rules_passes_the_full_check(name, model):
    data = load_yaml(read_utf8(RULES_DIR / name))
    full = model.model_validate(data, context={SHIPPED: False})
    assert full == model.model_validate(data, context={SHIPPED: True})


def test_a_bad_expression_in_a_copy_of_the_shipped_rules_is_still_reported(tmp_path):
    copy = tmp_path / "triage.yaml"
    shutil.copy(RULES_DIR / "triage.yaml", copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("strong:", "strong:\n      - /unclosed(/", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="not a valid regular expression"):
        read_rules_file(copy, TriageRulesFile, "triage rules")


def test_the_shipped_files_are_the_ones_read_with_the_shortcut():
    assert triage_rules.DEFAULT_TRIAGE_RULES.resolve().parent == RULES_DIR.resolve()
    assert comments.DEFAULT_COMMENT_RULES.resolve().parent == RULES_DIR.resolve()
