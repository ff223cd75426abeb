"""Redaction benchmark: masking a day's texts with ``--redact`` as the shop has more names.

    python benchmarks/bench_redact.py                        # 42,000 texts; 30, 3,000, 30,000 names
    python benchmarks/bench_redact.py --names 3000 --runs 5

What `cx report --redact` does to every message and ticket text
(``cx_cli.engines.privacy.mask_all`` with a ``Redactor``): buyer names replaced by their
pseudonyms, then contact details masked. The names are what a shop's tickets are signed
with: several-word display names ("Maria Lopez", "Ann-Marie O'Neil Diaz"), besides
5,000 one-word usernames ("kelly.smith22") in every run. The texts are made up, the same
for every run (seed 1): message and ticket sentences, one in 12 naming a buyer (in
another case, before a possessive, or split across a line break), one in 40 with a
phone number.

For each number of names it prints the time to build the ``Redactor``, the best of
``--runs`` timings of ``mask_all`` over all the texts, and that of ``mask_all`` without
a redactor (contact masking alone), the difference being what ``--redact`` costs.
The script imports cx from the checkout it is in: to compare two versions, run it from
each (a copy of this file in the other checkout does).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cx_cli.engines.privacy import Redactor, mask_all

FIRST_WORDS = (
    "Maria Ann Kim Jo Lee Sam Alex Chris Dana Eli Fay Gus Hana Ivan Jade Kai Lena "
    "Mia Nora Omar Paul Quinn Rosa Sara Tom Uma Vera Will Xena Yara Zoe Anne-Marie "
    "José Zoë Ngoc Thi Siti Nur Budi Dewi Putri Ayu Linh Huong Minh Anh Somchai "
    "Nattaya Juan Carlos Luis Ana Sofia Lucia Elena Marco Luca Giulia Priya Ravi "
    "Arjun Neha Kenji Yuki Hiro Mei Wei Ming Jun Hyun Min Soo")
FIRST = FIRST_WORDS.split()
LAST_WORDS = (
    "Lopez Garcia Smith Lee Nguyen Tran Pham Kim Park Chen Wang Li Zhang Liu Santos "
    "Reyes Cruz Bautista Ocampo Tan Lim Wong Ng O'Neil O'Brien Diaz Martinez Rossi "
    "Russo Ferrari Müller Schmidt Schneider Fischer Weber Sharma Patel Singh Gupta "
    "Kumar Yamamoto Tanaka Suzuki Sato Ito Wijaya Santoso Saputra Hidayat Kurniawan "
    "Setiawan Rahman Abdullah Ibrahim Ismail Hassan Ali Khan Ahmed Silva Costa Souza "
    "Oliveira Pereira Almeida Johnson Brown Davis Miller Wilson Moore Taylor")
LAST = LAST_WORDS.split()
FILLER_WORDS = (
    "my order still has not arrived and the tracking says it is at the depot please "
    "help the item came broken can I get a refund or a replacement thank you so much "
    "love the colour but the size is too small for me how long does shipping take "
    "to my city the box was open when it came is there a discount for a second one "
    "your order has shipped and will arrive soon leave us a review if you like it "
    "Street Lane Way Court Drive road to on at in 12 24B 2026 ml pcs")
FILLER = FILLER_WORDS.split()
TEMPLATES = [
    "Hi buyer-{hex}, your order {order} has shipped! Track it here: https://t.example/{order}",
    "Hi buyer-{hex}, how are you finding your {item}? A review helps other shoppers.",
    "Order {order}: {words}",
    "{words}. {words}?",
    "Hello, {words}, order {order}. {words}",
]


def names_of(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct several-word display names."""
    names: set[str] = set()
    while len(names) < count:
        words = [rng.choice(FIRST)]
        if rng.random() < 0.3:
            words.append(rng.choice(FIRST))
        words.append(rng.choice(LAST))
        if rng.random() < 0.2:
            words.append(rng.choice(LAST))
        names.add(" ".join(words))
    return sorted(names)


def texts_of(count: int, names: list[str], rng: random.Random) -> list[str]:
    """``count`` texts, one in 12 naming one of ``names``."""
    texts = []
    for _ in range(count):
        text = rng.choice(TEMPLATES).format(
            hex=f"{rng.randrange(16**6):06x}", order=rng.randrange(10**17, 10**18),
            item=rng.choice(FILLER), words=" ".join(rng.choices(FILLER, k=rng.randint(4, 20))))
        if names and rng.random() < 1 / 12:
            name = rng.choice(names)
            form = rng.randrange(4)
            name = (name.upper() if form == 0 else name + "'s" if form == 1
                    else name.replace(" ", "\n", 1) if form == 2 else name)
            text = f"{text} {name} {' '.join(rng.choices(FILLER, k=5))}"
        if rng.random() < 1 / 40:
            text += " call me at 415-555-0134"
        texts.append(text)
    return texts


def best(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=42_000)
    parser.add_argument("--names", type=int, nargs="+", default=[30, 3_000, 30_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(1)
    usernames = [f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}{i}"
                 for i in range(5_000)]
    print(f"{'names':>7} {'build':>8} {'mask_all':>9} {'without':>8} {'redact':>8}   "
          f"({args.texts:,} texts, best of {args.runs})")
    for count in args.names:
        names = names_of(count, random.Random(count))
        texts = texts_of(args.texts, names + usernames[:200], random.Random(1))
        started = time.perf_counter()
        redactor = Redactor("cx-redact:bench", [*usernames, *names])
        build = time.perf_counter() - started
        redacted = best(args.runs, lambda: mask_all(texts, redactor))  # noqa: B023
        plain = best(args.runs, lambda: mask_all(texts))  # noqa: B023
        print(f"{count:>7,} {build:>7.2f}s {redacted:>8.2f}s {plain:>7.2f}s "
              f"{redacted - plain:>7.2f}s", flush=True)


if __name__ == "__main__":
    main()
