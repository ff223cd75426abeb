"""A file in the seller's templates folder that cx never looks up (a misspelt or
misplaced override) is named by `cx lint` and `cx validate`, with the name it probably
meant: otherwise the shipped template is sent instead, without a word."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cx_cli.cli.main import app

runner = CliRunner()
TEXT = "Thanks for your order, {{ order.buyer }}! We'll let you know when it ships.\n"


def shop(tmp_path: Path, files: dict[str, str], config: str = "") -> Path:
    """A cx.yaml with a templates folder holding ``files`` (name -> text)."""
    for name, text in files.items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "templates").mkdir(exist_ok=True)
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Acme, market: us}\ntemplates: templates\n" + config,
                   encoding="utf-8")
    return cfg


def unused(cfg: Path, *options: str) -> tuple[int, list[dict]]:
    """`cx lint`'s exit code and its CX401 findings."""
    result = runner.invoke(app, ["lint", "-c", str(cfg), "-f", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [r for r in json.loads(result.stdout) if r["code"] == "CX401"]


def test_a_misspelt_override_is_a_lint_warning_with_the_name_meant(tmp_path):
    cfg = shop(tmp_path, {"messages/order_confirmaton.txt.j2": TEXT})
    code, findings = unused(cfg)
    assert code == 1  # a warning counts, as every lint warning does
    [finding] = findings
    assert finding["path"] == str(tmp_path / "templates/messages/order_confirmaton.txt.j2")
    assert finding["severity"] == "warning"
    assert "did you mean messages/order_confirmation.txt.j2?" in finding["message"]
    assert "cx uses the shipped one" in finding["message"]
    assert unused(cfg, "--warnings-ok")[0] == 0


def test_a_template_outside_messages_is_named_with_its_folder(tmp_path):
    cfg = shop(tmp_path, {"order_confirmation.txt.j2": TEXT,
                          "message/review_request.es.txt.j2": TEXT,
                          "messages/review_request.consumabel.txt.j2": TEXT,
                          "messages/review_request.pt_BR.txt.j2": TEXT})
    meant = {Path(f["path"]).relative_to(tmp_path / "templates").as_posix():
             f["message"].split("did you mean ")[1].split("?")[0]
             for f in unused(cfg)[1]}
    assert meant == {
        "order_confirmation.txt.j2": "messages/order_confirmation.txt.j2",
        "message/review_request.es.txt.j2": "messages/review_request.es.txt.j2",
        "messages/review_request.consumabel.txt.j2": "messages/review_request.consumable.txt.j2",
        # cx looks a locale up as pt-BR
        "messages/review_request.pt_BR.txt.j2": "messages/review_request.pt-BR.txt.j2",
    }


def test_every_name_cx_looks_up_passes(tmp_path):
    cfg = shop(tmp_path, {
        "messages/order_confirmation.txt.j2": TEXT,  # an override
        "messages/review_request.consumable.txt.j2": TEXT,  # category and locale variants
        "messages/review_request.es.txt.j2": TEXT,
        "messages/review_request.skincare.pt-BR.txt.j2": TEXT,
        "messages/delivery_day.fr.txt.j2": TEXT,
        "messages/how_to_video.txt.j2": '{% include "partials/sign_off.txt.j2" %}\n',
        "partials/sign_off.txt.j2": "Thanks from all of us\n",  # included
        "replies/warranty.txt.j2": TEXT,  # a saved reply of the seller's own
        "public/restock.es.txt.j2": TEXT,
        "inserts/ugc.txt.j2": TEXT,
        "report/report.html.j2": "<p>{{ shop.name }}</p>\n",
        "README.md": "Our templates; edit with care.\n",  # no template, no close name
        ".DS_Store": "",
    }, config="messages:\n  stages:\n    how_to_video: {anchor: shipped_at, offset_days: 1, "
              "window_days: 1, template: how_to_video}\n")
    assert unused(cfg) == (0, [])


def test_lint_disable_turns_it_off(tmp_path):
    cfg = shop(tmp_path, {"messages/order_confirmaton.txt.j2": TEXT},
               config="lint: {disable: [CX401]}\n")
    assert unused(cfg) == (0, [])


def test_validate_names_the_file_and_keeps_its_exit_code(tmp_path):
    cfg = shop(tmp_path, {"messages/order_confirmaton.txt.j2": TEXT,
                          "messages/review_request.consumable.txt.j2": TEXT,
                          "messages/review_request.es.txt.j2": TEXT})
    result = runner.invoke(app, ["validate", "-c", str(cfg)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("Templates:")]
    file = tmp_path / "templates" / "messages" / "order_confirmaton.txt.j2"
    assert lines == [f"Templates: cx never uses {file} (no message stage, category or locale "
                     "variant, reply or insert card has that name); did you mean "
                     "messages/order_confirmation.txt.j2? Until it is renamed, cx uses the "
                     "shipped one"]
    data = json.loads(runner.invoke(app, ["validate", "-c", str(cfg), "-f", "json"]).stdout)
    assert [(u["file"], u["did_you_mean"]) for u in data["templates"]["unused"]] == [
        (str(file), "messages/order_confirmation.txt.j2")]


def test_the_folder_cx_init_writes_has_no_unused_template(tmp_path):
    assert runner.invoke(app, ["init", str(tmp_path / "shop")]).exit_code == 0
    assert unused(tmp_path / "shop" / "cx.yaml") == (0, [])
