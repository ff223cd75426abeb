"""A template that cannot render (a Jinja syntax error, an unknown filter or test) is
named by `cx lint` (CX402) and `cx validate` with its line, before a message is due:
otherwise the error shows only when a message renders, in the morning's run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app

runner = CliRunner()
GOOD = "Hi {{ order.buyer | title }},\n{% if order.tracking_id %}Tracking: " \
       "{{ order.tracking_id }}{% endif %}\n"
NO_ENDIF = "Hi there,\n{% if order.buyer %}\nthanks, {{ order.buyer }}!\n"  # Jinja stops at 3
UNCLOSED = "Thanks for your order,\n{{ order.buyer \n"
UNKNOWN_FILTER = "Hi,\n{% if order.buyer %}{{ order.buyer | titel }}{% endif %}\n"


@pytest.fixture(autouse=True)
def _outside_a_shop(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lint(*args: str) -> tuple[int, list[dict]]:
    """`cx lint`'s exit code and its CX402 findings."""
    result = runner.invoke(app, ["lint", "-f", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [r for r in json.loads(result.stdout) if r["code"] == "CX402"]


def test_a_missing_endif_is_an_error_at_its_line(tmp_path):
    write(tmp_path / "mine" / "msg.txt.j2", NO_ENDIF)
    result = runner.invoke(app, ["lint", "mine"])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{Path('mine', 'msg.txt.j2')}:3:1 CX402 template cannot render: Unexpected end of "
        "template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'.")
    assert "All checks passed" not in result.stderr
    assert "(1 error, 0 warnings)" in result.stderr


def test_an_unclosed_placeholder_is_an_error(tmp_path):
    write(tmp_path / "mine" / "msg.txt.j2", UNCLOSED)
    code, [finding] = lint("mine")
    assert code == 1
    assert (finding["line"], finding["severity"]) == (2, "error")
    assert "expected 'end of print statement'" in finding["message"]


def test_an_unknown_filter_is_found_even_inside_an_if(tmp_path):
    """Jinja leaves it to the render, and only for an order that takes the branch."""
    path = write(tmp_path / "mine" / "msg.txt.j2", UNKNOWN_FILTER)
    code, [finding] = lint("mine")
    assert code == 1
    assert finding["line"] == 2
    assert finding["message"] == ("template cannot render: unknown filter 'titel' "
                                  "(did you mean 'title'?)")
    path.write_text("{% if order.total is bigger 10 %}big{% endif %}\n", encoding="utf-8")
    assert "unknown test 'bigger'" in lint("mine")[1][0]["message"]


def test_a_folder_names_each_broken_template(tmp_path):
    write(tmp_path / "mine" / "messages" / "a.txt.j2", NO_ENDIF)
    write(tmp_path / "mine" / "replies" / "b.txt.j2", UNCLOSED)
    write(tmp_path / "mine" / "replies" / "ok.txt.j2", GOOD)
    write(tmp_path / "mine" / "notes.txt", "{% if this is not a template %}\n")
    code, findings = lint("mine")
    assert code == 1
    assert [(Path(f["path"]).as_posix(), f["line"]) for f in findings] == [
        ("mine/messages/a.txt.j2", 3), ("mine/replies/b.txt.j2", 2)]


def test_a_correct_template_still_passes(tmp_path):
    write(tmp_path / "mine" / "msg.txt.j2", GOOD)
    result = runner.invoke(app, ["lint", "mine"])
    assert result.exit_code == 0, result.output
    assert "All checks passed: 0 findings in 1 file." in result.stderr


def shop(tmp_path: Path, files: dict[str, str], config: str = "") -> Path:
    for name, text in files.items():
        write(tmp_path / "templates" / name, text)
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop: {name: Acme, market: us}\ntemplates: templates\n" + config,
                   encoding="utf-8")
    return cfg


def test_lint_without_paths_checks_the_configured_templates_folder(tmp_path):
    cfg = shop(tmp_path, {"messages/delivery_day.txt.j2": NO_ENDIF,
                          "messages/order_confirmation.txt.j2": GOOD})
    code, findings = lint("-c", str(cfg))
    assert code == 1
    assert [(f["path"], f["line"]) for f in findings] == [
        ("templates/messages/delivery_day.txt.j2", 3)]
    # Turned off like any rule.
    disabled = shop(tmp_path, {}, config="lint: {disable: [CX402]}\n")
    assert lint("-c", str(disabled)) == (0, [])


def test_validate_names_the_broken_template_with_its_line(tmp_path):
    cfg = shop(tmp_path, {"messages/delivery_day.txt.j2": NO_ENDIF,
                          "replies/late.txt.j2": UNKNOWN_FILTER,
                          "messages/order_confirmation.txt.j2": GOOD})
    result = runner.invoke(app, ["validate", "-c", str(cfg)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.stdout.split())
    own = tmp_path / "templates"
    assert (f"Error: template {own / 'messages' / 'delivery_day.txt.j2'} line 3: Unexpected "
            "end of template.") in text
    assert (f"Error: template {own / 'replies' / 'late.txt.j2'} line 2: unknown filter "
            "'titel' (did you mean 'title'?)") in text
    assert "order_confirmation" not in text
    data = runner.invoke(app, ["validate", "-c", str(cfg), "-f", "json"])
    assert [(b["file"], b["line"]) for b in json.loads(data.stdout)["templates"]["broken"]] == [
        (str(own / "messages" / "delivery_day.txt.j2"), 3),
        (str(own / "replies" / "late.txt.j2"), 2)]
    assert "Error: template " in data.stderr


INCLUDER = "Hi {{ order.buyer }},\nthanks!\n{% include 'messages/_footer.txt.j2' %}\n"


def test_lint_says_which_template_includes_a_broken_one(tmp_path):
    write(tmp_path / "mine" / "messages" / "delivery_day.txt.j2", INCLUDER)
    write(tmp_path / "mine" / "messages" / "_footer.txt.j2",
          "Thanks,\n{% include 'messages/_signature.txt.j2' %}\n")
    write(tmp_path / "mine" / "messages" / "_signature.txt.j2", UNKNOWN_FILTER)
    result = runner.invoke(app, ["lint", "mine"])
    assert result.exit_code == 1, result.output
    messages = Path("mine", "messages")
    assert result.stdout == (
        f"{messages / '_signature.txt.j2'}:2:1 CX402 template cannot render: unknown filter "
        f"'titel' (did you mean 'title'?) (included from {messages / '_footer.txt.j2'} line 2, "
        f"included from {messages / 'delivery_day.txt.j2'} line 3)\n")


def test_lint_of_the_shops_templates_writes_the_includer_as_it_writes_the_file(tmp_path):
    """With no paths the shop's templates are found from cx.yaml: the file was written
    relative to the working folder, and the template including it by its full path."""
    cfg = shop(tmp_path, {"messages/delivery_day.txt.j2": INCLUDER,
                          "messages/_footer.txt.j2": UNKNOWN_FILTER})
    code, [finding] = lint("-c", str(cfg))
    assert code == 1 and finding["path"] == "templates/messages/_footer.txt.j2"
    assert finding["message"].endswith(
        "(included from templates/messages/delivery_day.txt.j2 line 3)")


def test_lint_reads_an_included_file_whatever_its_name(tmp_path):
    """Jinja renders footer.txt when a template includes it: its syntax error stops every
    message from that template, though a file of that name alone is no template."""
    write(tmp_path / "mine" / "messages" / "delivery_day.txt.j2",
          INCLUDER.replace("_footer.txt.j2", "footer.txt"))
    write(tmp_path / "mine" / "messages" / "footer.txt", NO_ENDIF)
    code, [finding] = lint("mine")
    assert code == 1
    assert (Path(finding["path"]).as_posix(), finding["line"]) == ("mine/messages/footer.txt", 3)
    assert finding["message"].endswith(
        f"(included from {Path('mine', 'messages', 'delivery_day.txt.j2')} line 3)")


def test_validate_says_which_template_includes_a_broken_one(tmp_path):
    cfg = shop(tmp_path, {"messages/delivery_day.txt.j2": INCLUDER,
                          "messages/_footer.txt.j2": NO_ENDIF})
    result = runner.invoke(app, ["validate", "-c", str(cfg)])
    assert result.exit_code == 2, result.output
    own = tmp_path / "templates" / "messages"
    text = " ".join(result.stdout.split())
    assert f"Error: template {own / '_footer.txt.j2'} line 3: Unexpected end of template." \
        in text
    assert (f"The innermost block that needs to be closed is 'if'. (included from "
            f"{own / 'delivery_day.txt.j2'} line 3)") in text


def test_the_rule_is_listed():
    result = runner.invoke(app, ["lint", "--list-rules"])
    assert "CX402  error" in result.stdout


def test_a_file_named_on_its_own_gets_the_policy_lint_without_jinja(tmp_path):
    """A hook or an editor linting one file must start instantly (SPEC: `cx lint` start-up
    at most 1.5x `import typer, rich`): importing Jinja alone would take a third of
    that, so the render check is for folders and the shop's templates."""
    write(tmp_path / "m.txt", "Thanks for your order!\n")
    write(tmp_path / "m.txt.j2", NO_ENDIF)
    write(tmp_path / "mine" / "m.txt.j2", NO_ENDIF)
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from cx_cli.cli.main import app\n"
            "for f in sys.argv[1:]:\n"
            "    r = CliRunner().invoke(app, ['lint', f])\n"
            "    print(r.exit_code, 'jinja2' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code, "m.txt", "m.txt.j2", "mine"],
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    assert run.stdout.split("\n")[:3] == ["0 False", "0 False", "1 True"]


def test_quoted_text_in_a_tag_is_read_with_jinja_only_when_it_could_say_something(tmp_path):
    """The text quoted inside a tag is linted with Jinja's lexer; a template whose
    literals are single words ({{ order.buyer or "there" }}) is linted without
    importing Jinja, as the start-up budget of a one-file lint asks."""
    write(tmp_path / "one_word.txt.j2", 'Hi {{ order.buyer or "there" }}, day{{ "s" }}.\n')
    write(tmp_path / "sentence.txt.j2", "Hi,\n{{ order.note or 'Text us at (415) 555-0123' }}\n")
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from cx_cli.cli.main import app\n"
            "for f in sys.argv[1:]:\n"
            "    r = CliRunner().invoke(app, ['lint', f])\n"
            "    print(r.exit_code, 'jinja2' in sys.modules, r.stdout.split(' ')[0])\n")
    run = subprocess.run([sys.executable, "-c", code, "one_word.txt.j2", "sentence.txt.j2"],
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    # "(415) 555-0123" starts after `{{ order.note or '` (18 characters) and "Text us at ".
    assert run.stdout.splitlines() == ["0 False ", "1 True sentence.txt.j2:2:30"]
