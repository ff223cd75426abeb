"""SPEC §6/§7 conformance: texts the rules misread (found by an audit of `cx triage`
and `cx comments`)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.comments import classify_comments
from cx_cli.engines.triage import classify_tickets


def kind_of(text: str) -> tuple[str, str]:
    row = classify_comments(pd.DataFrame({"comment_id": ["C1"], "text": [text]})).iloc[0]
    return row["action"], row["kind"]


def ticket(message: str, subject: str = "") -> dict:
    frame = pd.DataFrame({"ticket_id": ["T1"], "subject": [subject], "message": [message]})
    return classify_tickets(frame).iloc[0].to_dict()


# §7: doxxing is "a phone number, address or e-mail in the text"; the table never shows a
# doxxing comment's text. Abuse that also carries someone's address is still doxxing.
@pytest.mark.parametrize("text", [
    "stfu you stupid idiot. 42 Oak Street, see you",
    "kys loser, 555-0147",
    "follow for follow www.x.com 1200 Harbor Blvd",
])
def test_personal_details_win_over_other_hide_kinds(text):
    assert kind_of(text) == ("hide", "doxxing")


def test_the_table_never_shows_an_address_in_abuse(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_text("comment_id,video_id,created_at,author,text\n"
                    '1,v1,2026-11-01 10:00,a,"stfu you stupid idiot. 42 Oak Street, see you"\n',
                    encoding="utf-8")
    (tmp_path / "cx.yaml").write_text("shop:\n  name: T\n  market: us\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["comments", "-c", str(tmp_path / "cx.yaml"),
                                      "--comments", str(path)])
    assert result.exit_code == 0, result.output
    assert "Oak Street" not in result.stdout


# §7: missing is a complaint (reply), never praise.
@pytest.mark.parametrize("text", [
    "I ordered 3 and got 2",
    "ordered two, received one",
    "bought 4 but only 3 came",
])
def test_fewer_items_than_ordered_is_a_missing_complaint(text):
    assert kind_of(text) == ("reply", "missing")


@pytest.mark.parametrize("text", [
    "bought 2 more for my sisters",
    "ordered three, all arrived fine",
    "got 2 for my mom",
])
def test_buying_more_is_still_praise(text):
    assert kind_of(text) == ("none", "praise")


# §6: a package that never came is a shipping ticket with a non_delivery dispute.
@pytest.mark.parametrize("message", [
    "Never received my package",
    "I never got my order",
    "My package never arrived",
    "Package hasn't arrived yet",
    "Item not received",
    "I still have not received my order",
])
def test_a_package_that_never_came_is_non_delivery(message):
    row = ticket(message)
    assert row["category"] == "shipping"
    assert row["dispute_type"] == "non_delivery"


def test_delivered_but_never_received_stays_delivered_not_received():
    message = "tracking says delivered but I never received my package"
    assert ticket(message)["subcategory"] == "delivered_not_received"


@pytest.mark.parametrize("message", [
    "i didnt receive the charger in the box",
    "I never got it to work",
])
def test_a_part_or_a_fix_not_received_is_no_lost_package(message):
    assert ticket(message)["subcategory"] != "tracking_not_updating"


@pytest.mark.parametrize("text", [
    "I ordered 2 and got 2 more for my mom, love it",
    "bought 2 and received 2 compliments already!",
    "ordered 5 times and got 5 perfect ones",
])
def test_as_many_as_ordered_is_no_missing_complaint(text):
    assert kind_of(text) != ("reply", "missing")


@pytest.mark.parametrize("message", [
    "I did not get the order I wanted, you sent the blue one instead",
    "I didn't receive the order confirmation email",
    "I didn't get my order number, where do I find it?",
    "The item was not delivered in the color I picked",
    "The item is not here in the box",
])
def test_a_sentence_going_on_after_not_received_is_no_lost_parcel(message):
    t = pd.DataFrame({"ticket_id": ["T1"], "subject": [""], "message": [message]})
    from cx_cli.config import Settings
    from cx_cli.engines.triage_rules import triage_rules_for

    row = classify_tickets(t, triage_rules_for(Settings())).iloc[0]
    assert row["subcategory"] is pd.NA or row["subcategory"] != "tracking_not_updating"


def test_a_delivery_promise_in_the_listing_does_not_hand_a_stalled_parcel_over():
    from cx_cli.config import Settings
    from cx_cli.engines.triage_rules import triage_rules_for

    t = pd.DataFrame({"ticket_id": ["T1"], "subject": [""], "message": [
        "The listing said delivered in 3 days but tracking hasn't updated for a week"]})
    assert classify_tickets(t, triage_rules_for(Settings())).iloc[0]["subcategory"] == \
        "tracking_not_updating"


def subcategory_of(message: str) -> str | None:
    found = ticket(message)["subcategory"]
    return None if pd.isna(found) else found


def escalation_of(message: str) -> str:
    found = ticket(message)["escalate_reason"]
    return "" if pd.isna(found) else found


# §6/§7: "came without …" names a missing part; praise about the condition a parcel
# came in ("without a scratch") is no missing-item complaint, in tickets or comments.
@pytest.mark.parametrize("text", [
    "arrived without a scratch",
    "it arrived without a scratch, love it",
    "arrived with no damage",
    "came without any dents",
    "the vase arrived without a single crack",
    "came without a mark on it",
    "shipped without delay",
    "arrived without being crushed, well done",
])
def test_praise_about_condition_is_no_missing_item(text):
    assert subcategory_of(text) is None
    assert kind_of(text)[0] == "none"


@pytest.mark.parametrize("text", [
    "arrived without the charger",
    "came without the lid",
    "came without screws",
    "came without the manual",
    "came without a single screw",
    "came with no lid",
    "box came with no instructions and no screws",
    "arrived without a scratch but the lid is missing",
    "arrived with no damage but missing the remote",
])
def test_a_part_that_did_not_come_stays_a_missing_item(text):
    assert subcategory_of(text) == "missing_parts"
    assert kind_of(text) == ("reply", "missing")


def test_no_damage_to_the_box_leaves_the_broken_item_damaged():
    text = "the item came broken with no damage to the box"
    assert subcategory_of(text) == "damaged"
    assert kind_of(text) == ("reply", "broken")


# A cue right after the defect word of "broke … after" does not negate it: "not even
# after a week" says how soon, in tickets and comments alike.
@pytest.mark.parametrize(("text", "subcategory"), [
    ("it broke not even after a week", "defective"),  # as "it broke after a week"
    ("the strap snapped not even after a week", "defective"),
    ("my blender broke not even a week after I got it", "defective"),
    ("it leaks not only when I tilt it", "defective"),
])
def test_not_even_after_a_week_is_still_a_defect(text, subcategory):
    assert subcategory_of(text) == subcategory
    if "leaks" not in text:
        assert kind_of(text) == ("reply", "doesnt_work")


# §6: damaged is how the parcel came (a damage claim); an item that worked and then
# failed is a defect, however its failure is worded.
@pytest.mark.parametrize("message", [
    "it broke after a week",
    "it broke after 3 uses",
    "snapped after a month of use",
    "stopped working after two days",
    "it broke within 2 days",
    "the handle broke off after a couple of weeks",
    "Broken | it broke after the first use",
])
def test_failing_after_some_use_is_a_defect_not_damage(message):
    subject, _, message = message.rpartition(" | ")
    row = ticket(message, subject)
    assert (row["subcategory"], row["dispute_type"]) == ("defective", "defective")


@pytest.mark.parametrize("message", [
    "arrived broken",
    "came cracked",
    "broken in transit",
    "it broke in transit",
    "the mug arrived broken after a week of waiting",
])
def test_damage_on_arrival_stays_damaged(message):
    row = ticket(message)
    assert (row["subcategory"], row["dispute_type"]) == ("damaged", "damaged")


@pytest.mark.parametrize("text", [
    "it never broke, not even after a year",
    "it hasn't snapped even after months of use",
])
def test_a_cue_before_the_defect_word_still_negates_it(text):
    assert subcategory_of(text) is None
    assert kind_of(text)[0] != "reply"


# Listing words that hold a complaint word: no defect, no safety escalation.
@pytest.mark.parametrize("message", [
    "peel off mask",
    "is the peel off mask good for oily skin",
    "foot peeling mask",
    "the foot peeling mask arrived today",
    "flickering LED candles",
    "the flickering LED candles arrived, love them",
    "flameless flickering candles with remote",
])
def test_a_product_named_for_peeling_or_flickering_is_no_defect(message):
    assert subcategory_of(message) != "defective"


@pytest.mark.parametrize(("message", "subcategory"), [
    ("The coating is peeling off after a few days of use.", "defective"),
    ("the paint is peeling", "defective"),
    ("the sole peeled off after a week", "defective"),
    ("the gold foil keeps peeling off my mask", "defective"),
    ("the LED flickers and turns off randomly", "defective"),
    ("the bulb keeps flickering", "defective"),
    ("my LED candles flicker and die", "defective"),
    ("the flickering LED candles stopped working", "defective"),
    ("the peel off mask arrived broken", "damaged"),
    ("the peel off mask is missing from the set", "missing_parts"),
])
def test_a_peeling_or_flickering_product_is_still_a_defect(message, subcategory):
    assert subcategory_of(message) == subcategory


@pytest.mark.parametrize("message", [
    "colour bleeding in the wash",
    "the colour is bleeding in the wash",
    "the dye bled onto other clothes",
    "burn gel",
    "the burn cream leaked in the box",
    "Exploding Kittens",
    "Exploding Kittens box arrived crushed",
])
def test_listing_words_are_no_safety_issue(message):
    assert "safety" not in escalation_of(message)


@pytest.mark.parametrize("message", [
    "my finger was bleeding after the blade cut me",
    "I was bleeding all over my towels",
    "the burn cream burned my skin",
    "the burn gel gave me a rash",
    "the battery exploded",
    "the charger caught fire",
    "it went up in flames",
])
def test_injuries_and_fires_still_escalate(message):
    assert "safety" in escalation_of(message)


# §6: a question about safety is no incident; a report, even one asked about, still is.
@pytest.mark.parametrize("message", [
    "does it catch fire when charging?",
    "is it safe to leave plugged in overnight?",
    "can this burn my skin?",
    "will the battery explode if it gets wet?",
    "will this give me a rash?",
    "just wondering if it can catch fire",
    "what if it sparks?",
])
def test_a_question_about_safety_does_not_escalate(message):
    assert escalation_of(message) == ""


@pytest.mark.parametrize("message", [
    "it caught fire when charging",
    "it burned my skin, is that normal?",
    "I can smell burning plastic",
    "the charger caught fire, can you replace it?",
    "is it normal that mine caught fire?",
    "can I still use it after it sparked?",
    "it gave me a rash, can I return it?",
])
def test_a_safety_report_escalates_even_when_asked_about(message):
    assert escalation_of(message) == "safety"


def test_a_question_still_counts_as_a_dispute_threat():
    assert escalation_of("can I open a chargeback?") == "dispute_threat"


# §6: a pre-sale question about how a product is built is no damage report.
@pytest.mark.parametrize("text", [
    "does it come in two pieces?",
    "do they come in pieces for shipping?",
    "it comes in two pieces that screw together",
])
def test_coming_in_pieces_as_a_design_is_no_damage(text):
    assert subcategory_of(text) is None
    assert kind_of(text)[1] != "broken"


@pytest.mark.parametrize("text", [
    "received it in pieces",
    "it arrived in two pieces",
    "got it in pieces",
    "it came in pieces",
    "opened the box and it was in pieces",
])
def test_arriving_in_pieces_is_still_damage(text):
    assert subcategory_of(text) == "damaged"
    assert kind_of(text) == ("reply", "broken")


# §7: a product on fire is a safety complaint that gets a reply; "fire" as slang is praise.
@pytest.mark.parametrize("text", [
    "the charger caught fire!!",
    "my phone charger literally caught on fire",
    "it went up in flames",
    "the outlet was on fire",
    "it set my carpet on fire",
])
def test_a_product_on_fire_is_a_safety_complaint(text):
    assert kind_of(text) == ("reply", "safety")


@pytest.mark.parametrize("text", [
    "this is fire 🔥", "this is fire", "straight fire", "absolutely fire", "fire!!!",
])
def test_fire_as_slang_is_praise(text):
    assert kind_of(text) == ("none", "praise")


@pytest.mark.parametrize(("text", "expected"), [
    ("fire pit", ("none", "other")),
    ("a set of 3 fire starters", ("none", "other")),
    ("the fire pit arrived dented", ("reply", "broken")),
    ("what if it catches fire?", ("answer", "question")),
    ("does it catch fire when charging?", ("answer", "question")),
])
def test_fire_as_a_product_or_a_question_is_neither_praise_nor_complaint(text, expected):
    assert kind_of(text) == expected


@pytest.mark.parametrize("message", [
    "The colours are different from the picture", "colors are off compared to the listing",
    "the shades look darker than online", "the colour is more orange than the photo",
    "not the colours I expected"])
def test_colours_unlike_the_listing_are_a_perception_issue_in_the_plural_too(message):
    assert subcategory_of(message) == "color_size_perception"


@pytest.mark.parametrize("message", [
    "Love the colours, will order more", "love the colour, will order more",
    "the colors are so pretty I want more"])
def test_liking_the_colours_and_wanting_more_is_no_perception_issue(message):
    assert subcategory_of(message) != "color_size_perception"


@pytest.mark.parametrize("message", [
    "The razor made my skin bleed", "the razor made me bleed",
    "my gums bled after using the brush", "my daughter bled from the sharp edge"])
def test_a_product_that_drew_blood_escalates_as_safety(message):
    assert escalation_of(message) == "safety"


@pytest.mark.parametrize("message", [
    "the colour bled in the wash", "the ink bleeds through the paper",
    "the dye bled onto my whites", "the razor never made me bleed, great shave"])
def test_colours_that_bleed_and_a_razor_that_did_not_cut_are_no_safety_issue(message):
    assert escalation_of(message) == ""


# §6: a product that caught fire, smoked, melted in use, gave a shock or whose battery
# swelled is a product fault: it was unclassified (no saved reply, no dispute type, never
# in VoC or a defect cluster) or, melted, a damage-in-transit claim; and it escalates.
@pytest.mark.parametrize("message", [
    "the charger caught fire",
    "my hair dryer started smoking after two days",
    "smoke came out of the motor",
    "it melted while charging",
    "got an electric shock from it",
    "the battery exploded",
    "the battery is swollen",
])
def test_a_safety_incident_is_a_defect_and_escalates(message):
    got = ticket(message)
    assert (got["subcategory"], got["dispute_type"]) == ("defective", "defective")
    assert (got["escalate"], got["escalate_reason"]) == (True, "safety")


@pytest.mark.parametrize(("message", "subcategory"), [
    ("the candle arrived melted", "damaged"),
    ("the box was wet and it melted in the heat", "damaged"),
    ("Smoke Grey is not the colour I ordered", None),
])
def test_melted_on_arrival_and_smoke_coloured_are_no_safety_incident(message, subcategory):
    got = ticket(message)
    assert (got["subcategory"] if isinstance(got["subcategory"], str) else None) == subcategory
    assert not got["escalate"]


# §7: a comment about an item that arrived melted is a broken-on-arrival complaint (it was
# "other", no reply); one that broke after some use does not work (it got the reply for
# an item broken in the mail).
@pytest.mark.parametrize(("text", "kind"), [
    ("the candle arrived melted", "broken"),
    ("the lipstick melted in the mail", "broken"),
    ("arrived broken after a week of waiting", "broken"),
    ("mine was broken after a week", "doesnt_work"),
    ("it was broken after 2 days", "doesnt_work"),
])
def test_melted_on_arrival_and_broken_after_use_comments(text, kind):
    assert kind_of(text)[1] == kind
    assert kind_of("melted my heart")[0] == "none"


# §7: doxxing is "a phone number ... in the text": a local number with a space or none
# after a word saying it is one was left on show; an order number or an amount is none.
@pytest.mark.parametrize(("text", "kind"), [
    ("call me 555 0147", "doxxing"),
    ("text me at 5550147 babe", "doxxing"),
    ("my number is 555 0147", "doxxing"),
    ("order number 1234567 never came", "shipping"),
    ("this video reached 2500000 views", "other"),
    ("I bought 200 1000mah batteries", "other"),
])
def test_a_cued_local_number_without_a_dash_is_doxxing(text, kind):
    assert kind_of(text)[1] == kind


# §6: damaged is how the parcel came; a leak or crack that came with use is a defect
# ("it leaked after a week" was a damage-in-transit claim).
@pytest.mark.parametrize("message", [
    "it leaked after a week",
    "it leaked after a few days",
    "it cracked after a week of use",
    "it cracked after a week",
    "the bottle started leaking",
    "it started leaking after two weeks",
    "the lid started cracking",
    "Leaking | it leaked after a week",
])
def test_a_leak_or_crack_that_came_with_use_is_a_defect(message):
    subject, _, message = message.rpartition(" | ")
    row = ticket(message, subject)
    assert (row["subcategory"], row["dispute_type"]) == ("defective", "defective")


@pytest.mark.parametrize("message", [
    "it arrived leaking",
    "the bottle arrived cracked",
    "it came broken",
    "it leaked",
    "it leaked all over the box",
    "it cracked",
    "it arrived cracked after a week in transit",
    "the serum was leaking when I opened the box",
    "it arrive broken",
    "it's broken",
    "It’s totally broken!!",
    "its cracked",
])
def test_a_leak_or_crack_on_arrival_stays_damaged(message):
    row = ticket(message)
    assert (row["subcategory"], row["dispute_type"]) == ("damaged", "damaged")


# §6 / README: a pre-sale or "what if" question is about something that has not
# happened: no subcategory, as "does it catch fire when charging?" is no safety issue.
@pytest.mark.parametrize("message", [
    "will it arrive damaged if shipped in winter?",
    "what if parts are missing?",
    "what if something is missing from the box?",
    "what if it arrives broken?",
    "Question | will my order arrive damaged if it ships in winter?",
    "if it arrives damaged, can I return it?",
    "could it get damaged in the mail?",
    "will the glass get crushed in the mail?",
    "in case something is missing, who do I contact?",
    "does it leak when tipped over?",
    "will it stop working after a year?",
    "what if it catches fire?",
    "what if it doesn't work?",
    "does it run small?",
    "will it look different in real life?",
])
def test_a_question_about_what_has_not_happened_gets_no_subcategory(message):
    subject, _, message = message.rpartition(" | ")
    row = ticket(message, subject)
    assert pd.isna(row["subcategory"]) and row["category"] == "unclassified"


@pytest.mark.parametrize(("message", "subcategory"), [
    ("why is my order missing a part?", "missing_parts"),
    ("how can it be missing a part?", "missing_parts"),
    ("will the missing part be sent?", "missing_parts"),
    ("would it be possible to send the missing part?", "missing_parts"),
    ("the lid is missing, what should I do?", "missing_parts"),
    ("it arrived broken, can I get a refund?", "damaged"),
    ("is it normal that it arrived cracked?", "damaged"),
    ("why did it arrive damaged?", "damaged"),
    ("can the broken one be replaced? it came smashed", "damaged"),
    ("why does it leak from the bottom?", "defective"),
    ("why does it keep overheating?", "defective"),
    ("it stopped working after two days, can I get a replacement?", "defective"),
    ("can it be repaired, it stopped working after two days?", "defective"),
    ("does it even work? mine stopped working after a day", "defective"),
    ("I ordered blue and got red, can you send the right one?", "wrong_variant"),
    ("can I exchange for a larger size? This one is too tight.", "sizing_fit"),
    ("I just moved, can the order go to my new apartment instead?", "wrong_address"),
    ("tracking hasn't moved in a week, will it ever arrive?", "tracking_not_updating"),
    ("where is my package?", "tracking_not_updating"),
    ("Where is my order? It's been two weeks", "tracking_not_updating"),
])
def test_a_complaint_asked_as_a_question_keeps_its_subcategory(message, subcategory):
    assert subcategory_of(message) == subcategory


def test_asking_where_the_order_confirmation_is_is_no_lost_parcel():
    assert subcategory_of("where is my order confirmation?") != "tracking_not_updating"


# §6: asking why or how something happens reports it: "why does it keep sparking?" is
# not "does it spark?" (it escaped the safety escalation).
@pytest.mark.parametrize("message", [
    "why does it keep sparking?",
    "why does it smell like burning?",
    "how can it catch fire after one use?",
])
def test_asking_why_it_happens_is_a_safety_report(message):
    got = ticket(message)
    assert (got["subcategory"], got["escalate_reason"]) == ("defective", "safety")


# §6: a product that burned someone in use is a product fault, as one that caught fire
# or gave a shock is: it escalated with no subcategory (no dispute type, no defect
# cluster with the "burned me" comments about the same product).
@pytest.mark.parametrize("message", [
    "it burned my skin",
    "it burned my skin, is that normal?",
    "the straightener burned my hand",
    "the burn cream burned my face",
    "the heating pad gave me a burn",
    "I got burned by the steam",
])
def test_a_product_that_burned_someone_is_a_defect_and_escalates(message):
    got = ticket(message)
    assert (got["subcategory"], got["dispute_type"]) == ("defective", "defective")
    assert got["escalate_reason"] == "safety"


@pytest.mark.parametrize(("message", "subcategory"), [
    ("can this burn my skin?", None),
    ("will the iron burn my hair?", None),
    ("it never burned my skin, very gentle", None),
    ("the burnt orange sweater runs small", "sizing_fit"),
    ("fat burning cream did nothing for me", None),
])
def test_a_burn_asked_about_denied_or_in_a_name_is_no_defect(message, subcategory):
    assert subcategory_of(message) == subcategory
    assert "safety" not in escalation_of(message)


# A part named as the missing one ("send the missing screws") is the complaint itself,
# asked as a request or a question; a question about parts that may be missing is not.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("can you send the missing screws?", "missing_parts"),
    ("missing charging cable", "missing_parts"),
    ("where are the missing screws?", "missing_parts"),
    ("no missing parts, all good", None),
    ("what if parts are missing?", None),
])
def test_a_missing_part_asked_for_is_a_missing_part(message, subcategory):
    row = ticket(message)
    assert (row["subcategory"] if isinstance(row["subcategory"], str) else None) == subcategory


# §7: a complaint asked as "why" is still a complaint (a public reply, not an answer);
# a question about what might happen is a question.
@pytest.mark.parametrize(("text", "want"), [
    ("why did mine arrive broken", ("reply", "broken")),
    ("why does mine leak?", ("reply", "doesnt_work")),
    ("mine leaks", ("reply", "doesnt_work")),
    ("it started leaking after a week", ("reply", "doesnt_work")),
    ("does it leak?", ("answer", "question")),
    ("will it arrive broken?", ("answer", "question")),
    ("can it leak if I tip it?", ("answer", "question")),
    ("it doesnt leak at all love it", ("none", "praise")),
])
def test_a_comment_asking_why_it_broke_is_a_complaint(text, want):
    assert kind_of(text) == want


# README: a "burnt orange" colour is no safety issue; a burn that happened still is.
@pytest.mark.parametrize(("message", "escalate"), [
    ("the colour was burnt orange, not red", False),
    ("the color is burnt sienna", False),
    ("the charger was burnt and smelled", True),
    ("my hand was burnt by the steam", True),
])
def test_a_burnt_orange_colour_does_not_escalate_as_safety(message, escalate):
    row = ticket(message)
    assert bool(row["escalate"]) is escalate
    assert (row["escalate_reason"] == "safety") is escalate


# §7: a seal sold as leak-proof ("leak-free", "leak resistant", "leak tight") is praise
# about the product, not a leak: "the bottle leak proof lid" read "the bottle leak".
@pytest.mark.parametrize(("text", "want"), [
    ("love that it's leak-proof", ("none", "praise")),
    ("love the bottle leak proof lid", ("none", "praise")),
    ("the seal leak tight, love it", ("none", "praise")),
    ("the lid leak-proof seal is great", ("none", "praise")),
    ("is it leak proof?", ("answer", "question")),
    ("is the lid leak-free?", ("answer", "question")),
    ("leak resistant bottle, leakproof lid", ("none", "other")),
    ("mine leaks", ("reply", "doesnt_work")),
    ("it's not leak proof, mine leaks", ("reply", "doesnt_work")),
])
def test_a_leak_proof_product_is_no_leak_complaint(text, want):
    assert kind_of(text) == want


def test_a_leak_proof_ticket_is_no_leak_defect():
    assert subcategory_of("it's leakproof even when I shake it") is None
    assert subcategory_of("the water bottle leaks from the bottom seal") == "defective"


# §6: shoes and leather "break in" and a joke "cracks you up": neither is damage.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("its broken in nicely", None),
    ("it's broken in nicely, so comfy", None),
    ("my boots are finally broken in", None),
    ("the boots were broken in nicely after a week", None),
    ("its cracked me up", None),
    ("this cracked me up", None),
    ("this video cracked me up lol", None),
    ("it's broken", "damaged"),
    ("its cracked", "damaged"),
    ("it arrived broken in half", "damaged"),
    ("the mug arrived broken in transit", "damaged"),
])
def test_breaking_in_and_a_laugh_are_no_damage(message, subcategory):
    assert subcategory_of(message) == subcategory


@pytest.mark.parametrize(("text", "want"), [
    ("mine is finally broken in and so comfy", ("none", "other")),
    ("the boots were broken in nicely after a week", ("none", "other")),
    ("mine arrived broken in half", ("reply", "broken")),
])
def test_a_comment_about_breaking_in_is_no_complaint(text, want):
    assert kind_of(text) == want


# §6: a buyer who found the missing part has no missing part; one who asks for it, or
# names another part still missing, does.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("found the missing screws, all good", None),
    ("I found the missing screws taped under the lid", None),
    ("found the missing screws but the lid is missing", "missing_parts"),
    ("can you send the missing screws?", "missing_parts"),
    ("where are the missing screws?", "missing_parts"),
])
def test_a_missing_part_the_buyer_found_is_no_missing_part(message, subcategory):
    assert subcategory_of(message) == subcategory


def test_a_comment_about_a_missing_piece_found_is_no_complaint():
    assert kind_of("found the missing piece under the foam") == ("none", "other")
    assert kind_of("mine was missing the charger") == ("reply", "missing")


# README: spicy food that burns the mouth, tongue, lips or throat as it is meant to is no
# safety incident (nor a defect); any other burn, a fire or a burnt charger still is.
@pytest.mark.parametrize("message", [
    "this hot sauce burns my mouth",
    "so spicy it burned my tongue lol",
    "it burns my mouth but i love spicy food",
    "so spicy my tongue is on fire",
    "this salsa set my mouth on fire",
    "it burns so good",
])
def test_spicy_food_burning_the_mouth_is_no_safety_incident(message):
    assert escalation_of(message) == ""
    assert subcategory_of(message) is None


@pytest.mark.parametrize(("message", "subcategory"), [
    ("burned my hand", "defective"),
    ("it caught fire", "defective"),
    ("the hot sauce bottle burst and burned my hand", "defective"),
    ("the curling iron burned my lips", "defective"),
    ("the pepper spray burned my eyes", "defective"),
    ("the charger burnt", None),
    ("the charger was burnt", None),
])
def test_a_burn_that_is_no_spice_still_escalates(message, subcategory):
    assert escalation_of(message) == "safety"
    assert subcategory_of(message) == subcategory


@pytest.mark.parametrize(("text", "want"), [
    ("this hot sauce burns my mouth", ("none", "other")),
    ("the straightener burned my lips", ("reply", "safety")),
])
def test_a_comment_about_spicy_food_is_no_safety_complaint(text, want):
    assert kind_of(text) == want


# §7: asking why others complain, then saying one's own is fine, is no complaint (nor a
# question for the shop); one's own complaint after it still is.
@pytest.mark.parametrize(("text", "want"), [
    ("why do people say it leaks? mine is perfect", ("none", "praise")),
    ("why does everyone say it breaks, mine works great", ("none", "praise")),
    ("why do so many people complain about shipping? mine came fast", ("none", "praise")),
    ("why do people say it catches fire? mine is fine", ("none", "other")),
    ("i dont know why people say it leaks, mine has never leaked", ("none", "other")),
    ("why does everyone say it leaks? mine leaks too", ("reply", "doesnt_work")),
    ("why do people say it works? mine is broken", ("reply", "broken")),
    ("why does mine leak?", ("reply", "doesnt_work")),
])
def test_asking_why_others_complain_when_yours_is_fine_is_no_complaint(text, want):
    assert kind_of(text) == want


# README: a candle or wick burning as it is meant to, and its burn time, is no safety
# incident (any bare "burns" escalated); a burn from it, or of what it touched, still is.
@pytest.mark.parametrize(("message", "subject"), [
    ("this candle burns so evenly", ""),
    ("burns for 40 hours", ""),
    ("burns clean", ""),
    ("the wick burns evenly", ""),
    ("burns for 40 hours, can I order two more?", "Candle question"),
    ("each candle burns for 50+ hours and smells amazing", ""),
    ("the burn time is amazing", ""),
])
def test_a_candle_burning_as_meant_is_no_safety_incident(message, subject):
    row = ticket(message, subject)
    assert not row["escalate"]
    assert pd.isna(row["escalate_reason"]) and pd.isna(row["subcategory"])


@pytest.mark.parametrize(("message", "subcategory"), [
    ("the candle burned my hand", "defective"),
    ("the jar cracked while it burned", "defective"),
    ("the flame was huge and burned the shelf", "defective"),
    ("caught fire", "defective"),
    ("the wick burns evenly but then it caught fire", "defective"),
    ("it burned clean through the table", "defective"),
    ("my face burned for 12 hours", None),
])
def test_a_candle_that_burned_something_still_escalates(message, subcategory):
    assert escalation_of(message) == "safety"
    assert subcategory_of(message) == subcategory


# §6: the arrival-damage pattern reads whole words: "became cracked" holds no "came
# cracked" (it failed in use). "this broke in half", read as "is broke" before, is still
# damaged, as "it broke" is, while "this broke after a week" is a defect.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("it became cracked after a week", "defective"),
    ("the lid became cracked after a month", "defective"),
    ("the handle became bent over time", None),
    ("this broke in half", "damaged"),
    ("this cracked", "damaged"),
    ("this one snapped", "damaged"),
    ("this is broken", "damaged"),
    ("this arrived broken", "damaged"),
    ("this isn't broken", None),
    ("this broke in half after a week", "defective"),
])
def test_damage_on_arrival_is_read_in_whole_words(message, subcategory):
    assert subcategory_of(message) == subcategory


# §6: a leak in use is a defect ("it leaked" alone was arrival damage even after "not
# leak proof"); a leak in the box or in transit is how the parcel came.
@pytest.mark.parametrize("message", [
    "it is not leak proof, it leaked everywhere",
    "it's not leak proof",
    "isn't really leak-proof, it leaks",
    "it leaked in my bag",
    "the bottle leaked all over my purse",
    "it leaked when I put it in my bag",
    "leaks when I shake it",
    "it leaks when I tip it over",
    "arrived fine but it leaked in my bag",
])
def test_a_leak_in_use_is_a_defect(message):
    row = ticket(message)
    assert (row["subcategory"], row["dispute_type"]) == ("defective", "defective")


@pytest.mark.parametrize("message", [
    "arrived leaking",
    "leaked in the box",
    "the dropper leaked all over the box",
    "the package was wet, it leaked in transit",
    "it leaked",
    "the serum was leaking when I opened the box",
])
def test_a_leak_in_the_parcel_stays_damaged(message):
    row = ticket(message)
    assert (row["subcategory"], row["dispute_type"]) == ("damaged", "damaged")


def test_a_leak_proof_seal_is_still_no_leak():
    assert subcategory_of("love that it's leak-proof") is None
    assert subcategory_of("it's really leak proof, even when I shake it") is None


@pytest.mark.parametrize(("text", "want"), [
    ("it is not leak proof, it leaked everywhere", ("reply", "doesnt_work")),
    ("it leaked in my bag", ("reply", "doesnt_work")),
    ("leaks when I shake it", ("reply", "doesnt_work")),
    ("arrived fine but it leaked in my bag", ("reply", "doesnt_work")),
    ("leaked in the box", ("reply", "broken")),
    ("arrived leaking", ("reply", "broken")),
    ("the package was wet, it leaked in transit", ("reply", "broken")),
    ("love that it's leak-proof", ("none", "praise")),
])
def test_a_comment_about_a_leak_in_use_is_a_doesnt_work_complaint(text, want):
    assert kind_of(text) == want


# §7: asking why others complain, and nothing more, is a question about the product;
# one's own complaint after it is a complaint.
@pytest.mark.parametrize(("text", "want"), [
    ("why do people say it leaks?", ("answer", "question")),
    ("why do people say it catches fire?", ("answer", "question")),
    ("why does everyone complain about shipping?", ("answer", "question")),
    ("honest question, why do people say it leaks? is it true?", ("answer", "question")),
    ("why does everyone say it leaks? mine leaks too", ("reply", "doesnt_work")),
    ("mine leaks. why do people say it doesnt?", ("reply", "doesnt_work")),
    ("why do people say it leaks? mine is perfect", ("none", "praise")),
    ("why does mine leak?", ("reply", "doesnt_work")),
])
def test_asking_why_others_complain_is_a_question(text, want):
    assert kind_of(text) == want


# README (Escalate): a skin reaction to a beauty product is a safety issue with no
# subcategory of its own, as a rash is; "it broke me out" was read as damaged.
@pytest.mark.parametrize("message", [
    "It broke me out around my chin",
    "this serum broke me out",
    "made me break out",
    "it made my skin break out so bad",
    "I broke out in hives",
    "my skin started breaking out",
    "im breaking out so bad",
    "my face is all broken out",
    "gave me terrible breakouts",
    "this serum gave me hives",
    "my skin is red and itchy after using it",
    "my skin got irritated after applying it",
    "it irritated my skin",
    "my lips are swollen",
    "my skin is burning",
    "gave me a rash",
    "I had an allergic reaction",
])
def test_a_skin_reaction_escalates_as_safety_with_no_subcategory(message):
    row = ticket(message)
    assert row["escalate_reason"] == "safety"
    assert pd.isna(row["subcategory"]) and pd.isna(row["dispute_type"])


@pytest.mark.parametrize(("message", "subcategory"), [
    ("It broke me out around my chin. The box was crushed when it arrived.", "damaged"),
    ("It stopped working within a week. It broke me out around my chin.", "defective"),
])
def test_a_skin_reaction_beside_another_complaint_keeps_that_subcategory(message, subcategory):
    row = ticket(message)
    assert (row["subcategory"], row["escalate_reason"]) == (subcategory, "safety")


@pytest.mark.parametrize("message", [
    "will this break me out?",
    "it didnt break me out at all",
    "this never broke me out, love it",
    "I used to break out from everything but not with this",
    "I break out from most serums but this one is fine",
    "no breakouts at all",
    "this cleared my acne",
    "great for irritated skin",
    "this sweater makes my neck itchy",
])
def test_a_skin_question_denial_or_claim_is_no_safety_issue(message):
    assert escalation_of(message) == ""


# README (Damaged or defective): "mine broke in half", "that one snapped" read as "it
# broke" does: damaged, or defective once used; they were unclassified.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("mine broke in half", "damaged"),
    ("that broke in half", "damaged"),
    ("mine snapped", "damaged"),
    ("that one snapped", "damaged"),
    ("broke in half", "damaged"),
    ("it broke", "damaged"),
    ("it broke in half", "damaged"),
    ("mine arrived broken", "damaged"),
    ("mine broke in half after a week", "defective"),
    ("mine snapped after a week", "defective"),
    ("broke in half after two uses", "defective"),
    ("mine isn't broken", None),
])
def test_mine_or_that_breaking_reads_as_it_broke(message, subcategory):
    row = ticket(message)
    assert subcategory_of(message) == subcategory
    assert not row["escalate"]


# README (Escalate): a candle that burns badly is a complaint about the candle, and a
# diet product's claim no burn: neither escalates (any "burns" did).
@pytest.mark.parametrize(("message", "subcategory"), [
    ("this candle burns too fast", "performance_assumption"),
    ("the candle burns so fast", "performance_assumption"),
    ("only burns for 3 hours", "performance_assumption"),
    ("smells nice but burns for only 3 hours", "performance_assumption"),
    ("burns unevenly", "defective"),
    ("it tunnels and burns unevenly", "defective"),
    ("these candles tunnel badly", "defective"),
    ("this supplement burns fat", None),
    ("fat burner", None),
    ("burns calories", None),
    ("this candle burns so evenly", None),
])
def test_a_candle_burning_badly_or_a_diet_claim_is_no_safety_incident(message, subcategory):
    row = ticket(message)
    assert not row["escalate"] and pd.isna(row["escalate_reason"])
    assert subcategory_of(message) == subcategory


@pytest.mark.parametrize(("message", "subcategory"), [
    ("burned my hand", "defective"),
    ("it burned my skin", "defective"),
    ("burned my finger", "defective"),
    ("it caught fire", "defective"),
    ("the candle burned the shelf", "defective"),
    ("it burned a hole in the carpet", "defective"),
    ("this candle burns too fast and burned my hand", "defective"),
    ("the fat burner burned my mouth", "defective"),
    ("my face burned for 12 hours", None),
])
def test_a_burn_or_a_fire_still_escalates(message, subcategory):
    assert escalation_of(message) == "safety"
    assert subcategory_of(message) == subcategory


# §7: in comments a candle that burns badly is a doesnt_work complaint ("burns too fast"
# read as praise), and one that burned the shelf a safety report (it was "other").
@pytest.mark.parametrize(("text", "want"), [
    ("this candle burns too fast", ("reply", "doesnt_work")),
    ("burns unevenly", ("reply", "doesnt_work")),
    ("it tunnels and burns unevenly", ("reply", "doesnt_work")),
    ("only burns for 3 hours", ("reply", "doesnt_work")),
    ("the flame was huge and burned the shelf", ("reply", "safety")),
    ("it burned a hole in the carpet", ("reply", "safety")),
    ("burned my hand", ("reply", "safety")),
    ("this candle burns so evenly, love it", ("none", "praise")),
    ("fast shipping love it", ("none", "praise")),
    ("this supplement burns fat", ("none", "other")),
])
def test_a_comment_about_a_candle_burning_badly_or_burning_the_shelf(text, want):
    assert kind_of(text) == want


# §7: in comments a skin reaction is a safety report with the safety reply, as it
# escalates in triage; it was "other", or a doesnt_work complaint ("broke me out after a
# week").
@pytest.mark.parametrize("text", [
    "this broke me out so bad",
    "gave me a rash",
    "I broke out in hives after using it",
    "my lips swelled up",
    "my skin is burning and red after this serum",
    "it broke me out after a week",
    "made me break out",
    "this serum gave me hives",
    "my face is red and itchy from this cream",
    "it irritated my skin",
    "I had an allergic reaction",
    "it broke me out after a week and the cap broke",
])
def test_a_comment_reporting_a_skin_reaction_is_a_safety_report(text):
    row = classify_comments(pd.DataFrame({"comment_id": ["C1"], "text": [text]})).iloc[0]
    assert (row["action"], row["kind"], row["reply"]) == ("reply", "safety", "safety")


@pytest.mark.parametrize(("text", "want"), [
    ("will this break me out?", ("answer", "question")),
    ("does this cause a rash?", ("answer", "question")),
    ("didn't break me out at all", ("none", "other")),
    ("this never broke me out, love it", ("none", "praise")),
    ("no breakouts at all", ("none", "other")),
    ("great for irritated skin", ("none", "praise")),
    ("my skin was red and irritated before this and now its clear", ("none", "other")),
    ("mine broke after a week", ("reply", "doesnt_work")),
    ("arrived broken", ("reply", "broken")),
])
def test_a_skin_question_denial_or_claim_is_no_safety_comment(text, want):
    assert kind_of(text) == want


# README (Missing parts): "only 2" before a time is no count of parts; "it burned for
# only 2 hours" was missing_parts.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("it burned for only 2 hours", "performance_assumption"),
    ("this candle burned for only two hours", "performance_assumption"),
    ("only burns for 3 hours", "performance_assumption"),
    ("I ordered 3 and only 2 were in the box", "missing_parts"),
    ("paid for the set of 4, only 2.", "missing_parts"),
    ("only one in the box", "missing_parts"),
])
def test_a_burn_time_is_no_count_of_parts(message, subcategory):
    assert subcategory_of(message) == subcategory


# README (Escalation): a symptom the buyer denies is no skin reaction; "my skin is not
# red or itchy after using it" escalated as safety (the "not" stood too far from the end
# of the match to cancel it). A reaction that happened still escalates.
@pytest.mark.parametrize(("message", "escalate"), [
    ("my skin is not red or itchy", False),
    ("my skin is not red or itchy after using it", False),
    ("my skin is not red and itchy after using it", False),
    ("my face didn't get red or swollen after using it", False),
    ("no redness or itching after using it", False),
    ("my skin is red and itchy after using it", True),
    ("my skin is red, itchy and swollen", True),
])
def test_a_denied_symptom_does_not_escalate(message, escalate):
    assert ("safety" in escalation_of(message)) is escalate


def test_a_comment_denying_a_symptom_is_no_safety_report():
    assert kind_of("my skin is not red or itchy after using it") == ("none", "other")
    assert kind_of("my skin is red and itchy after using it") == ("reply", "safety")


# README (Escalation): a product made for the symptom is praise, no reaction: "great for
# red, itchy skin" escalated (the pair "red, itchy").
@pytest.mark.parametrize(("message", "escalate"), [
    ("great for red, itchy skin", False),
    ("soothes itchy and irritated skin", False),
    ("works on my red, blotchy face", False),
    ("this cream is great for red, itchy skin but it gave me hives", True),
    ("my face is red, itchy and swollen", True),
])
def test_a_product_for_a_symptom_does_not_escalate(message, escalate):
    assert ("safety" in escalation_of(message)) is escalate


# README (Escalation): burnt food is a fault of the appliance (defective), no burn nor
# fire: "the toaster burned the toast" escalated as safety with no subcategory. A burn,
# a fire or a scorched counter still escalates.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("the toaster burned the toast", "defective"),
    ("it burns the bottom of the cake every time", "defective"),
    ("burnt toast every time, even on setting 1", "defective"),
    ("the toast comes out burnt", "defective"),
    ("the toast was burnt", None),
])
def test_burnt_food_is_a_fault_not_a_safety_issue(message, subcategory):
    row = ticket(message)
    assert not row["escalate"] and pd.isna(row["escalate_reason"])
    assert subcategory_of(message) == subcategory


@pytest.mark.parametrize("message", [
    "it burned my hand",
    "the toaster caught fire",
    "burned the counter",
    "the toaster burned the counter",
    "the coffee burned my hand",
    "the toast popped out and burned my fingers",
    "the toaster burned the toast and then caught fire",
])
def test_a_burn_or_fire_from_an_appliance_still_escalates(message):
    assert escalation_of(message) == "safety"


# README (Escalation): a candle whose glass cracked as it burned is a hazard; "it burned
# unevenly and the glass cracked" did not escalate ("burned unevenly" is read as no burn).
# A jar that came cracked is damage, and a candle that only burns badly no hazard.
@pytest.mark.parametrize(("message", "escalate"), [
    ("it burned unevenly and the glass cracked", True),
    ("this candle burns too fast and the jar cracked", True),
    ("only burns for 3 hours and then the glass shattered", True),
    ("the glass jar cracked while burning", True),
    ("the jar shattered while it was lit", True),
    ("it burned unevenly", False),
    ("this candle burns too fast", False),
    ("the jar arrived cracked", False),
    ("it burns nicely but the jar cracked in shipping", False),
    ("does the glass crack while burning?", False),
])
def test_a_candle_glass_cracking_as_it_burns_escalates(message, escalate):
    assert ("safety" in escalation_of(message)) is escalate


def test_a_candle_that_burned_unevenly_and_cracked_is_still_a_defect():
    assert subcategory_of("it burned unevenly and the glass cracked") == "defective"


@pytest.mark.parametrize(("text", "want"), [
    ("it burned unevenly and the glass cracked", ("reply", "safety")),
    ("the jar shattered while it was lit", ("reply", "safety")),
    ("the glass arrived cracked", ("reply", "broken")),
    ("burns unevenly", ("reply", "doesnt_work")),
])
def test_a_comment_about_a_candle_glass_cracking_as_it_burns_is_a_safety_report(text, want):
    assert kind_of(text) == want


# README (Comments): a candle's short burn time is a doesnt_work complaint, as "only burns
# for 3 hours" is; "it burned for only 2 hours" was "other". So is a product that only
# lasted a few hours.
@pytest.mark.parametrize(("text", "want"), [
    ("it burned for only 2 hours", ("reply", "doesnt_work")),
    ("this candle burned for only two hours", ("reply", "doesnt_work")),
    ("it only lasted 2 hours", ("reply", "doesnt_work")),
    ("the scent lasted less than a day", ("reply", "doesnt_work")),
    ("burns for 40 hours, love it", ("none", "praise")),
    ("lasted 40 hours love it", ("none", "praise")),
])
def test_a_comment_about_a_short_burn_time_is_a_complaint(text, want):
    assert kind_of(text) == want


# README (Comments): a signal starts at a word's start; "it became bent" read "came bent"
# (broken), "this comes in 12 pieces" "is ... in pieces", "the annoying part" "he
# annoying" (hidden as harassment), "learn 5" "earn 5" (hidden as spam).
@pytest.mark.parametrize(("text", "want"), [
    ("it became bent", ("none", "other")),
    ("this comes in 12 pieces", ("none", "other")),
    ("welcome damaged souls", ("none", "other")),
    ("the annoying part is the cord", ("none", "other")),
    ("the dumb thing is i forgot to order two", ("none", "other")),
    ("learn 5 new recipes with this", ("none", "other")),
    ("the piano arrived in the box fine", ("none", "other")),
    ("it came bent", ("reply", "broken")),
    ("mine arrived bent", ("reply", "broken")),
    ("he is so annoying", ("hide", "harassment")),
    ("earn 500 a day from home", ("hide", "spam")),
])
def test_a_comment_signal_starts_at_a_word(text, want):
    assert kind_of(text) == want


# README (Escalation): a candle's glass that cracked as it burned escalates whichever is
# said first; "the jar cracked while it burned unevenly" did not ("burned unevenly" is read
# as no burn, and the glass came before it). A jar that came cracked still does not.
@pytest.mark.parametrize(("message", "escalate"), [
    ("the jar cracked while it burned unevenly", True),
    ("the glass cracked as it burns too fast", True),
    ("the jar cracked when the candle burned for only 2 hours", True),
    ("it burned unevenly and the glass cracked", True),
    ("the jar arrived cracked", False),
    ("the jar cracked in shipping, it burns unevenly", False),
    ("it burns unevenly", False),
])
def test_a_candle_glass_cracking_as_it_burns_escalates_in_either_order(message, escalate):
    assert ("safety" in escalation_of(message)) is escalate


# README (Triage): a signal starts at a word's start, as a phrase does: "this missing"
# held "is missing", "undamaged in transit" "damaged in transit", "quit smoking" "it
# smoking", "awesome smoke grey" "some smoke", "the sunset fire candle" "set fire",
# "many power banks" "any power", "the infrared light" "red light", and a word ended
# too soon: "on the screenshot" was "on the screen", "not like the address" "not like
# the ad", "dont mistake" "dont mist", "running shorts" "running short". Idioms and a
# product name are no complaint: "broken promises", "the missing piece puzzle".
@pytest.mark.parametrize("message", [
    "this missing piece puzzle set is fun",
    "the outcome was broken promises",
    "it arrived undamaged in transit",
    "on the screenshot you can see the tracking",
    "its not like the address was wrong",
    "dont mistake this for a toy",
    "i ordered the running shorts in blue",
    "many power banks sold out",
    "the infrared light is on",
    "i love my red light therapy mask",
])
def test_a_signal_inside_a_longer_word_places_no_ticket(message):
    assert subcategory_of(message) is None


@pytest.mark.parametrize("message", [
    "it helped me quit smoking",
    "awesome smoke grey colour",
    "the sunset fire candle smells amazing",
    "the yoghurt my kids love",
])
def test_a_safety_signal_inside_a_longer_word_does_not_escalate(message):
    assert escalation_of(message) == ""


# ... while the words a signal names still count, and those a longer word held rightly
# ("cannot", "another rash", "units missing", "reinstall") are named now.
@pytest.mark.parametrize(("message", "subcategory"), [
    ("the puzzle is missing a piece", "missing_parts"),
    ("the red light keeps blinking and it wont pair", "setup_error"),
    ("sorry for my broken english, the lid is missing", "missing_parts"),
    ("2 units missing from my order", "missing_parts"),
    ("the mouthpiece missing", "missing_parts"),
    ("the kit didnt include the screws", "missing_parts"),
    ("i cannot charge it", "defective"),
    ("the dress cannot fit me", "sizing_fit"),
    ("i had to reinstall the app", "setup_error"),
    ("this is incompatible with my phone", "performance_assumption"),
    ("it arrived damaged in transit", "damaged"),
    ("the colour looks different on the screen", "color_size_perception"),
    ("these shoes run smaller", "sizing_fit"),
])
def test_a_signal_at_a_word_start_still_places_the_ticket(message, subcategory):
    assert subcategory_of(message) == subcategory


@pytest.mark.parametrize("message", [
    "i got another rash on my arm",
    "it is also toxic",
    "my forearms are swelling",
    "a small burnt spot on the cord",
    "i think i bled",
    "it started smoking",
    "some smoke came out",
])
def test_a_safety_signal_at_a_word_start_still_escalates(message):
    assert escalation_of(message) == "safety"


# §6 edge cases on a hand-made export, through `cx triage`: an unknown tag is no tag (the
# rules read the text), an empty or only-negating message is unclassified and gets the
# acknowledgement, and mixed-language text is read by its English words.
def test_cli_triage_edge_cases(tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text(
        "ticket_id,order_id,buyer,created_at,first_response_at,resolved_at,channel,status,"
        "category,subcategory,root_cause,sku,subject,message\n"
        "E1,O1,amy,2026-11-01 10:00,,,chat,open,,Loyalty Points,,,Hi,the vase arrived "
        "smashed\n"
        "E2,O2,bob,2026-11-01 10:00,,,chat,open,,Loyalty Points,,,,\n"
        "E3,O3,cat,2026-11-01 10:00,,,chat,open,,,,,Broken?,not broken at all just "
        "checking\n"
        "E4,O4,dan,2026-11-01 10:00,,,chat,open,,,,,Pedido,el paquete llegó roto - it "
        "arrived broken\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["triage", "--tickets", str(path), "-f", "json",
                                      "--date", "2026-11-02"])
    assert result.exit_code == 0, result.output
    rows = {r["ticket_id"]: r for r in json.loads(result.stdout)}
    assert (rows["E1"]["subcategory"], rows["E1"]["source"]) == ("damaged", "rules")
    for quiet in ("E2", "E3"):
        assert (rows[quiet]["category"], rows[quiet]["subcategory"], rows[quiet]["source"],
                rows[quiet]["reply_template"], rows[quiet]["escalate"]) == (
            "unclassified", None, "rules", "ack_timeline", False)
    assert (rows["E4"]["subcategory"], rows["E4"]["dispute_type"]) == ("damaged", "damaged")


# §7: a broken item is a complaint to reply to, also when said plainly or asked about
# ("my lamp is broken", "mine broke", "why is mine broken??"); these were "other" (no
# reply) or a question.
@pytest.mark.parametrize("text", [
    "my lamp is broken",
    "its broken",
    "mine broke",
    "mine just snapped in half 😭",
    "why is mine broken??",
    "why did mine break?",
])
def test_a_plainly_broken_item_is_a_broken_complaint(text):
    assert kind_of(text) == ("reply", "broken")


@pytest.mark.parametrize(("text", "expected"), [
    ("it broke my heart", ("none", "other")),
    ("my phone is broken so i cant order", ("none", "other")),
    ("my screen cracked watching this lol", ("none", "other")),
    ("is it easily broken", ("answer", "question")),
    ("what if it is broken?", ("answer", "question")),
    ("this is not broken", ("none", "other")),
    ("mine broke after a week", ("reply", "doesnt_work")),
])
def test_a_broken_heart_phone_or_question_is_no_broken_item(text, expected):
    assert kind_of(text) == expected


# §7 edge cases: emoji alone take no action but praise stays praise; a phone number is
# doxxing whatever else the comment says.
@pytest.mark.parametrize(("text", "expected"), [
    ("😍😍😍", ("none", "praise")),
    ("📦😡😡", ("none", "other")),
    ("", ("none", "other")),
    ("arrived broken, call me 555 201 8890", ("hide", "doxxing")),
])
def test_emoji_empty_and_a_phone_number_in_a_complaint(text, expected):
    assert kind_of(text) == expected
