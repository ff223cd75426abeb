"""Public comments: classification, the negative-comment mask, defect clusters, `cx comments`."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from _tables import table_rows
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.comments import (
    COMMENT_KEYS,
    DEFAULT_COMMENT_RULES,
    PUBLIC_REPLIES,
    classify_comments,
    defect_clusters,
    load_comment_rules,
    negative_comment_mask,
)
from cx_cli.engines.triage import classify_tickets
from cx_cli.errors import ConfigError
from cx_cli.io.catalog import load_catalog

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[1] / "examples"  # the sample shop


def comments(*texts: str, **columns) -> pd.DataFrame:
    frame = pd.DataFrame({"comment_id": [f"C{i}" for i in range(1, len(texts) + 1)],
                          "text": list(texts)})
    for name, values in columns.items():
        frame[name] = values
    return frame


def kind_of(text: str) -> tuple[str, str]:
    row = classify_comments(comments(text)).iloc[0]
    return row["action"], row["kind"]


@pytest.mark.parametrize("text", [
    "call me 555-201-8890 about it",
    "text me (310) 555-0172",
    "whatsapp +44 7911 123456",
    "email me at jenny.k88@gmail.com",
    "she lives at 42 Maple Street lol",
])
def test_personal_details_are_hidden_as_doxxing(text):
    assert kind_of(text) == ("hide", "doxxing")


@pytest.mark.parametrize("text", [
    "order 577012345678901234 still not here",  # an 18-digit order number is no phone
    "it took 3 days to arrive, 2 hour drive from me",
    "10/10 would buy again for $25",
])
def test_numbers_that_are_not_personal_details(text):
    assert kind_of(text)[1] != "doxxing"


@pytest.mark.parametrize(("text", "expected"), [
    ("this is sick 🔥", ("none", "praise")),
    ("insane quality, killer price", ("none", "praise")),
    ("obsessed!!", ("none", "praise")),
    ("follow me for free followers, link in bio", ("hide", "spam")),
    ("you're so ugly lol", ("hide", "harassment")),
    ("go back to your own country", ("hide", "hate")),
    ("mine arrived broken", ("reply", "broken")),
    ("love how mine showed up cracked 🙃", ("reply", "broken")),
    ("stopped working after a week", ("reply", "doesnt_work")),
    ("ordered 3 weeks ago and still nothing", ("reply", "shipping")),
    ("mine came without the charger", ("reply", "missing")),
    ("this is a scam, don't buy", ("reply", "scam_claim")),
    ("what happens if it arrives broken?", ("answer", "question")),
    ("does it break easily?", ("answer", "question")),
    ("is this legit or a scam?", ("answer", "question")),
    ("not a scam, mine works perfectly", ("none", "praise")),
    ("mine arrived not broken at all, love it", ("none", "praise")),
    ("it does not work at all", ("reply", "doesnt_work")),
    ("the set comes in 12 pieces, so cute", ("none", "praise")),
    ("the glass was in pieces", ("reply", "broken")),
    ("first", ("none", "other")),
])
def test_kinds(text, expected):
    assert kind_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the parcel's box damaged, what was in it fine: nothing to replace, no defect
    ("the box was crushed but the product is fine", ("none", "other")),
    ("the package was dented but everything inside was fine", ("none", "other")),
    ("box was a bit crushed but item is ok", ("none", "other")),
    # ... unless the product is not fine, or is damaged too
    ("box was crushed but its not ok", ("reply", "broken")),
    ("box crushed but the bottle leaked", ("reply", "broken")),
    ("the box was crushed and the mug inside shattered", ("reply", "broken")),
    ("box was damaged and so was the product", ("reply", "broken")),
])
def test_a_damaged_box_with_the_product_fine_is_no_broken_product(text, expected):
    assert kind_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # fake goods, read as triage reads them: a scam claim
    ("this is a cheap knock-off", ("reply", "scam_claim")),
    ("not authentic", ("reply", "scam_claim")),
    ("this isn't genuine", ("reply", "scam_claim")),
    ("these are fake airpods", ("reply", "scam_claim")),
    # a thing that is fake by design is none
    ("fake plant looks real", ("none", "other")),
    ("fake nails popped off", ("none", "other")),
    ("my fake tan came out streaky", ("none", "other")),
    ("the fake lashes came broken", ("reply", "broken")),
    # a question is a question, in English, Portuguese and Indonesian
    ("is it fake?", ("answer", "question")),
    ("are these counterfeit?", ("answer", "question")),
    ("real or fake?", ("answer", "question")),
    ("isso é golpe?", ("answer", "question")),
    ("ini palsu ke?", ("answer", "question")),
    ("é golpe!", ("reply", "scam_claim")),
])
def test_fake_goods_a_fake_thing_by_design_and_a_question_about_fakes(text, expected):
    assert kind_of(text) == expected


def test_replies_follow_the_kind():
    out = classify_comments(comments("mine arrived broken", "does it come in blue?",
                                     "so good", "spam link www.x.co"))
    assert out["reply"].tolist()[:2] == ["broken_on_arrival", "question"]
    assert out["reply"].isna().tolist()[2:] == [True, True]
    spec = load_comment_rules().spec
    assert {k.reply for k in spec.kinds.values() if k.reply} == set(PUBLIC_REPLIES)


def test_negative_comment_mask_counts_complaints_and_abuse_only():
    out = classify_comments(comments("mine arrived broken", "you're an idiot",
                                     "people like you should be deported", "what size?",
                                     "follow me link in bio", "call 555-201-8890", "love it"))
    assert out["kind"].tolist() == ["broken", "harassment", "hate", "question", "spam",
                                    "doxxing", "praise"]
    assert negative_comment_mask(out).tolist() == [True, True, True, False, False, False,
                                                   False]


# --- safety ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "the charger caught fire",
    "smoke came out of it",
    "it started smoking",
    "it sparked when i plugged it in",
    "the plug melted",
    "it burned my hand",
    "it gave me an electric shock",
    "the battery exploded",
    "my charger got so hot it burned me",
])
def test_a_safety_report_gets_the_safety_reply(text):
    row = classify_comments(comments(text)).iloc[0]
    assert (row["action"], row["kind"], row["reply"]) == ("reply", "safety", "safety")


@pytest.mark.parametrize("text", [
    "arrived cracked and then it caught fire",
    "this is a scam, it caught fire",
    "stopped working after a week and now it sparks when i plug it in",
    "love how it caught fire lol 🔥",
])
def test_a_safety_report_wins_over_other_complaints_and_praise(text):
    assert kind_of(text) == ("reply", "safety")


@pytest.mark.parametrize(("text", "expected"), [
    ("this is fire 🔥", ("none", "praise")),
    ("straight fire", ("none", "praise")),
    ("smoke show", ("none", "praise")),
    ("she looks smoking hot", ("none", "other")),
    ("this sparks joy", ("none", "other")),
    ("this product exploded on tiktok", ("none", "other")),
    ("does it catch fire when charging?", ("answer", "question")),
    ("can this burn my skin?", ("answer", "question")),
])
def test_slang_and_questions_are_no_safety_report(text, expected):
    assert kind_of(text) == expected


def test_a_safety_comment_is_negative_and_clusters_with_defect_tickets(catalog):
    frame = comments("my glow lamp caught fire", "the glow lamp sparked and smoked",
                     "so cute", video_id=["V1"] * 3,
                     created_at=pd.to_datetime(["2026-11-01", "2026-11-02", "2026-11-02"]))
    out = classify_comments(frame)
    assert out["kind"].tolist() == ["safety", "safety", "praise"]
    assert negative_comment_mask(out).tolist() == [True, True, False]
    tickets = pd.DataFrame({"ticket_id": ["T1"], "subject": ["Faulty"],
                            "message": ["it stopped working after two days"],
                            "sku": ["LAMP-01"], "created_at": pd.to_datetime(["2026-11-03"])})
    found = defect_clusters(out, classify_tickets(tickets), products=catalog)
    assert [(c["product"], c["complaint"], c["ids"]) for c in found] == [
        ("LAMP-01", "doesnt_work", ["C1", "C2", "T1"])]


def test_a_rules_file_written_before_the_safety_kind_still_loads(tmp_path):
    spec = yaml.safe_load(DEFAULT_COMMENT_RULES.read_text(encoding="utf-8"))
    del spec["kinds"]["safety"]
    path = tmp_path / "comment_rules.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = classify_comments(comments("the charger caught fire", "mine arrived broken"),
                            load_comment_rules(path))
    assert out["kind"].tolist() == ["other", "broken"]


def test_as_of_leaves_out_later_comments():
    frame = comments("a", "b", created_at=pd.to_datetime(["2026-11-01 23:59",
                                                          "2026-11-02 00:01"]))
    assert classify_comments(frame, as_of=date(2026, 11, 1))["comment_id"].tolist() == ["C1"]


# --- defect clusters --------------------------------------------------------------------

@pytest.fixture
def catalog():
    return load_catalog([DATA / "triage_products.yaml"])


def test_three_broken_comments_about_one_sku_in_a_week_are_a_cluster(catalog):
    frame = comments("my Glow Lamp arrived broken", "LAMP-01 came cracked",
                     "the glow lamp arrived smashed",
                     video_id=["V1", "V2", "V3"],
                     created_at=pd.to_datetime(["2026-11-01 09:00", "2026-11-03 09:00",
                                                "2026-11-07 22:00"]))
    found = defect_clusters(classify_comments(frame), products=catalog)
    assert found == [{"product": "LAMP-01", "product_name": "Glow Lamp", "complaint": "broken",
                      "count": 3, "first": date(2026, 11, 1), "last": date(2026, 11, 7),
                      "ids": ["C1", "C2", "C3"]}]


def test_three_spread_over_three_weeks_are_not(catalog):
    frame = comments("my Glow Lamp arrived broken", "LAMP-01 came cracked",
                     "the glow lamp arrived smashed", video_id=["V1", "V1", "V1"],
                     created_at=pd.to_datetime(["2026-11-01", "2026-11-09", "2026-11-18"]))
    assert defect_clusters(classify_comments(frame), products=catalog) == []


def test_comments_and_tickets_cluster_together_and_video_stands_in(catalog):
    frame = comments("arrived broken :(", "mine came smashed", "this is sick",
                     video_id=["V9", "V9", "V9"],
                     created_at=pd.to_datetime(["2026-11-01", "2026-11-02", "2026-11-02"]))
    found = defect_clusters(classify_comments(frame), products=catalog)
    assert found == []  # two is not three
    tickets = pd.DataFrame({"ticket_id": ["T1"], "subject": ["Damaged"],
                            "message": ["the lamp arrived shattered"], "sku": ["LAMP-01"],
                            "created_at": pd.to_datetime(["2026-11-02"])})
    frame.loc[0, "text"] = "my glow lamp arrived broken"  # names the product of video V9
    found = defect_clusters(classify_comments(frame), classify_tickets(tickets),
                            products=catalog)
    assert [(c["product"], c["complaint"], c["count"]) for c in found] == [
        ("LAMP-01", "broken", 3)]
    assert found[0]["ids"] == ["C1", "C2", "T1"]
    unnamed = comments("arrived broken", "came smashed", "arrived cracked",
                       video_id=["V7"] * 3, created_at=pd.to_datetime(["2026-11-01"] * 3))
    assert defect_clusters(classify_comments(unnamed))[0]["product"] == "video:V7"


def test_one_comment_naming_a_product_does_not_name_its_video_for_the_rest(catalog):
    """Three buyers' "arrived broken" under a video on which one other comment names the
    lamp: the three name no product cx knows (a Spanish shop's "licuadora" against an
    English catalog), so they cluster under their video, not under the lamp."""
    frame = comments("my glow lamp arrived broken", "arrived broken", "came smashed",
                     "arrived cracked", video_id=["V5"] * 4,
                     created_at=pd.to_datetime(["2026-11-01"] * 4))
    found = defect_clusters(classify_comments(frame), products=catalog)
    assert [(c["product"], c["count"], c["ids"]) for c in found] == [
        ("video:V5", 3, ["C2", "C3", "C4"])]
    # Named by half of them, the lamp is the video's product again.
    frame.loc[1, "text"] = "LAMP-01 arrived broken"
    found = defect_clusters(classify_comments(frame), products=catalog)
    assert [(c["product"], c["count"]) for c in found] == [("LAMP-01", 4)]


@pytest.mark.parametrize(("count", "bar", "clustered"), [
    (4, 4, True), (3, 4, False), (2, 2, True), (1, 2, False)])
def test_a_cluster_takes_exactly_escalate_after_complaints(count, bar, clustered):
    frame = comments(*["arrived broken"] * count, video_id=["V1"] * count,
                     created_at=pd.to_datetime(["2026-11-01"] * count))
    found = defect_clusters(classify_comments(frame), escalate_after=bar)
    assert [c["count"] for c in found] == ([count] if clustered else [])


def test_a_wrong_item_clusters_as_wrong_variant():
    frame = comments("got the wrong color", "they sent me the wrong size",
                     "received the wrong colour again", video_id=["V1"] * 3,
                     created_at=pd.to_datetime(["2026-11-01", "2026-11-02", "2026-11-03"]))
    out = classify_comments(frame)
    assert set(out["kind"]) == {"missing"} and set(out["family"]) == {"wrong_variant"}
    assert defect_clusters(out)[0]["complaint"] == "wrong_variant"


# --- the rules file ---------------------------------------------------------------------

def test_a_kind_cannot_change_its_action(tmp_path):
    text = DEFAULT_COMMENT_RULES.read_text(encoding="utf-8")
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("  spam:\n    action: hide", "  spam:\n    action: reply"),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="spam must be 'hide'"):
        load_comment_rules(path)


# --- cx comments -----------------------------------------------------------------------

runner = CliRunner()


def cx(*args: str):
    return runner.invoke(app, list(args))


def test_cli_json():
    result = cx("comments", "--comments", str(DATA / "comments_comments.csv"), "-f", "json",
                "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 11 and set(rows[0]) == set(COMMENT_KEYS)
    by_id = {r["comment_id"]: r for r in rows}
    assert (by_id["C2"]["action"], by_id["C2"]["kind"], by_id["C2"]["reply"]) == (
        "hide", "doxxing", None)
    assert by_id["C1"]["kind"] == "praise" and by_id["C9"]["kind"] == "question"
    assert "Comments: 11 — hide 2 (doxxing 1, spam 1)" in result.stderr


def test_cli_clusters():
    result = cx("comments", "--comments", str(DATA / "comments_comments.csv"),
                "--products", str(DATA / "triage_products.yaml"),
                "--tickets", str(DATA / "triage_tickets.csv"),
                "--clusters", "-f", "json", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"comments", "clusters"} and len(data["comments"]) == 10
    assert [(c["product"], c["complaint"], c["count"]) for c in data["clusters"]] == [
        ("LAMP-01", "broken", 5)]
    cluster = data["clusters"][0]
    assert cluster["ids"] == ["C3", "T2", "C4", "C5", "T8"]  # in time order
    assert (cluster["first"], cluster["last"]) == ("2026-11-02", "2026-11-06")


def test_cli_table_hides_personal_details():
    result = cx("comments", "--comments", str(DATA / "comments_comments.csv"), "--clusters",
                "--products", str(DATA / "triage_products.yaml"))
    assert result.exit_code == 0, result.output
    assert "Public comments" in result.stdout and "Defect clusters" in result.stdout
    assert "555-201-8890" not in result.stdout and "[hidden: personal details]" in result.stdout


def test_cli_csv(tmp_path):
    out = tmp_path / "c.csv"
    result = cx("comments", "--comments", str(DATA / "comments_comments.csv"), "-f", "csv",
                "-o", str(out), "--date", "2026-12-01")
    assert result.exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "comment_id,action,kind,reply" and len(lines) == 12


def test_cli_bad_rules_file_exits_2(tmp_path):
    rules = tmp_path / "comment_rules.yaml"
    rules.write_text("version: 1\nkinds: {}\n", encoding="utf-8")
    config = tmp_path / "cx.yaml"
    config.write_text("comments:\n  rules: comment_rules.yaml\n", encoding="utf-8")
    result = cx("comments", "--config", str(config), "--comments",
                str(DATA / "comments_comments.csv"))
    assert result.exit_code == 2
    assert "comment_rules.yaml" in result.stderr and "every kind needs an entry" in result.stderr


def test_cli_rules_naming_a_missing_public_reply_exit_2(tmp_path):
    from cx_cli.engines.comments import DEFAULT_COMMENT_RULES

    text = DEFAULT_COMMENT_RULES.read_text(encoding="utf-8")
    assert "    reply: shipping\n" in text
    rules = tmp_path / "comment_rules.yaml"
    rules.write_text(text.replace("    reply: shipping\n", "    reply: where_is_it\n"),
                     encoding="utf-8")
    config = tmp_path / "cx.yaml"
    config.write_text("comments:\n  rules: comment_rules.yaml\n", encoding="utf-8")
    args = ("comments", "--config", str(config), "--comments",
            str(DATA / "comments_comments.csv"))
    result = cx(*args)
    assert result.exit_code == 2
    assert "'kinds.shipping.reply': no public reply named 'where_is_it'" in result.stderr
    assert "the public replies are broken_on_arrival," in result.stderr
    # the seller's own public reply of that name is fine
    (tmp_path / "mine" / "public").mkdir(parents=True)
    (tmp_path / "mine" / "public" / "where_is_it.txt.j2").write_text("On its way!\n")
    config.write_text("comments:\n  rules: comment_rules.yaml\ntemplates: mine\n",
                      encoding="utf-8")
    assert cx(*args).exit_code == 0


@pytest.mark.parametrize("width", [80, 120])
def test_cli_cluster_table_never_cuts_an_id(tmp_path, monkeypatch, width):
    """Real comment and video ids are 19 digits: the cluster table used to fold
    'video:7298606217412368295' over two lines at 80 columns and, at 120, to end the ids
    column with a cut one ('7302…') that matches nothing."""
    video = "7298606217412368295"
    ids = [f"730200000000003{n}" for n in (3853, 6184, 7012, 8120)]
    texts = ["arrived broken", "came smashed", "arrived cracked", "mine arrived broken too"]
    path = tmp_path / "comments.csv"
    path.write_text("comment_id,video_id,created_at,author,text\n" + "".join(
        f"{i},{video},2026-11-0{n + 1} 09:00:00,a{n},{t}\n"
        for n, (i, t) in enumerate(zip(ids, texts, strict=True))), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, ["comments", "--comments", str(path), "--clusters",
                                 "--date", "2026-11-20"], terminal_width=width)
    assert result.exit_code == 0, result.output
    table = result.stdout.split("Defect clusters")[1]
    assert f"video:{video}" in table
    assert not re.search(r"\d…", table)
    assert max(map(len, table.splitlines())) <= width


@pytest.mark.parametrize("width", [80, 120])
def test_cli_a_comment_keeps_room_for_its_text_on_an_80_column_terminal(tmp_path, monkeypatch,
                                                                        width):
    """At 80 columns the text was cut to 14 characters beside a reply column that mostly
    repeats the kind; the reply column goes first, the text keeps 30 or more a line and
    wraps onto a second one, whole."""
    text = "does the blender come with a travel lid and a spare blade?"
    path = tmp_path / "comments.csv"
    path.write_text("comment_id,video_id,created_at,author,text\n"
                    f"7302000000000001234,7298606217412368295,2026-11-05 09:00:00,ann,{text}\n",
                    encoding="utf-8")
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, ["comments", "--comments", str(path), "--date", "2026-11-20"],
                           terminal_width=width)
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "comment" in line
                  and "text" in line)
    assert max(map(len, result.stdout.splitlines())) <= width
    row, = table_rows(result.stdout, key=0)
    assert row[0] == "7302000000000001234" and row[-1] == text
    assert ("reply" in header) == (width == 120)


def test_cli_comments_written_to_a_file_show_a_long_text_over_two_lines(tmp_path):
    """A file (140 columns) cut a comment longer than 60 characters in the middle of a
    word ("… a cracked lid, wh…"); it takes two lines now, whole."""
    out = tmp_path / "comments.txt"
    result = cx("comments", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25",
                "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    rows = {r[0]: r[-1] for r in table_rows(text, key=0)}
    assert len(rows) == 95 and "…" not in text
    assert rows["7302000000000061503"] == ("third blender from here that arrived with a "
                                           "cracked lid, what is going on")
    assert len([line for line in text.splitlines() if line.startswith("│")]) == 96


@pytest.mark.parametrize("width", [80, 120])
def test_cli_the_sample_shops_comments_wrap_their_text_over_two_lines(monkeypatch, width):
    """At 80 columns a comment's text was cut to about 30 characters on one line ("can
    you use it on sensitive sk…"). It wraps between words onto a second line now, and
    only a text longer than two lines is cut ("…"); the comment id is always whole.
    At 120 each comment keeps one line."""
    import csv

    from cx_cli.render.triage import mask_contacts

    monkeypatch.setenv("COLUMNS", str(width))
    args = ["comments", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25"]
    result = runner.invoke(app, args, terminal_width=width)
    assert result.exit_code == 0, result.output
    expected = json.loads(cx(*args, "-f", "json").stdout)
    with open(SAMPLE / "comments.csv", encoding="utf-8", newline="") as f:
        texts = {r["comment_id"]: " ".join(mask_contacts(r["text"]).split())
                 for r in csv.DictReader(f)}
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= width
    rows = table_rows(result.stdout, key=0)
    assert [r[0] for r in rows] == [c["comment_id"] for c in expected]
    for row, comment in zip(rows, expected, strict=True):
        text = texts[comment["comment_id"]]
        if comment["kind"] == "doxxing":
            assert row[-1] == "[hidden: personal details]"
        elif row[-1] != text:  # longer than two lines of 31 (at 80) or of 51 (at 120)
            assert len(text) > 50 and row[-1].endswith(" …")
            assert text.startswith(row[-1].removesuffix(" …"))
    shown = [r[-1] for r in rows]
    assert "can you use it on sensitive skin?" in shown
    assert ("third blender from here that arrived with a cracked lid, what is going on"
            in shown) == (width == 120)
    body = [line for line in lines if line.startswith("│")]
    two_lines = len(body) - len(rows)
    assert (two_lines == 1) if width == 120 else (20 < two_lines <= len(rows))


def test_cli_comments_at_40_columns_keep_each_comment_id_whole(monkeypatch):
    """At 40 columns the comment, action and kind columns did not fit and rich cut the
    19-digit comment ids to 17 digits, without even an ellipsis: ids that match no
    comment. The kind goes now (after the reply and the text), and every id is whole."""
    monkeypatch.setenv("COLUMNS", "40")
    args = ["comments", "--config", str(SAMPLE / "cx.yaml"), "--date", "2026-11-25"]
    result = runner.invoke(app, args, terminal_width=40)
    assert result.exit_code == 0, result.output
    assert max(map(len, result.stdout.splitlines())) <= 40
    expected = json.loads(cx(*args, "-f", "json").stdout)
    rows = table_rows(result.stdout, key=0)
    assert rows == [[c["comment_id"], c["action"]] for c in expected]
    assert "7302000000000055561" in result.stdout
    # What went is said (it went silently): the reply alone goes unsaid, as at 80.
    assert "Left out at this width: kind, reply, text (-f csv has them)." in \
        " ".join(result.stdout.split())
    wide = runner.invoke(app, args, terminal_width=80, env={"COLUMNS": "80"})
    assert "Left out" not in wide.stdout


@pytest.mark.parametrize("width", [60, 50, 40])
def test_cli_cluster_table_on_a_narrow_terminal_keeps_counts_and_ids_whole(monkeypatch, width,
                                                                          tmp_path):
    """At 60 columns the defect-cluster table cut the counts ("2" for 26), the dates
    ("2026-1") and the video id; at 40 the complaints and counts were gone. The ids
    column goes now, then the first and the last date (a line under the table says
    so); the product wraps after "video:" and, only where the product cannot give
    the room (40 columns), the complaint after "_": never inside an id, a SKU or a
    count. The sample shop's comments, with three wrong colours under one video
    within a week: a cluster known by its video."""
    monkeypatch.setenv("COLUMNS", str(width))
    comments = tmp_path / "comments.csv"
    comments.write_text((SAMPLE / "comments.csv").read_text(encoding="utf-8") + "".join(
        f"7302000000000999{i:03d},7298606217412368295,2026-11-0{5 + i} 10:00:00,buyer{i},"
        "got the wrong color and no reply from the shop\n" for i in range(3)),
        encoding="utf-8")
    args = ["comments", "--clusters", "--config", str(SAMPLE / "cx.yaml"),
            "--comments", str(comments), "--date", "2026-11-25"]
    result = runner.invoke(app, args, terminal_width=width)
    assert result.exit_code == 0, result.output
    expected = json.loads(cx(*args, "-f", "json").stdout)["clusters"]
    table = result.stdout.split("Defect clusters")[1]
    assert max(map(len, table.splitlines())) <= width
    assert "…" not in table
    rows = table_rows(table, key=2, framed=width > 40)  # at 40 without its outer frame
    products = [c["product"] + (f" ({c['product_name']})" if c["product_name"] else "")
                for c in expected]
    assert [["".join(cell.split()) for cell in row] for row in rows] == \
        [["".join(name.split()), c["complaint"], str(c["count"])]
         for name, c in zip(products, expected, strict=True)]
    assert "7298606217412368295" in table and "SHELF-FLOAT-3PC" in table
    if width > 40:  # room for each complaint on one line
        assert all(f" {c['complaint']} " in table for c in expected)
    if width == 60:  # and for the video id
        assert "video:7298606217412368295" in table
    assert "Left out at this width: first, last, ids (-f csv has them)." in \
        " ".join(table.split())
