"""`cx init`: a starter cx.yaml, product catalog and templates folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cx_cli.cli.common import cx_command

STARTER_CONFIG = """\
# cx configuration (see config.example.yaml in the cx repository for every key)
shop:
  name: {name}
  market: {market}

inputs:
  orders: exports/orders           # drop Seller Center order exports here (CSV or XLSX)
  # returns: exports/returns.csv
  # tickets: exports/tickets.csv
  # reviews: exports/reviews.csv
  # comments: exports/comments.csv
  products: products.yaml
  # fixes: voc_fixes.csv

templates: templates               # your copies; edit them, cx lints them
"""

STARTER_CATALOG = """\
# Product catalog, keyed by the Seller SKU of your order export.
# category: consumable, skincare, apparel, device, accessory or other
EXAMPLE-SKU:
  name: Example product
  category: device
  processing_days: 2
  in_the_box: [Device, USB-C cable, Quick-start card]
  quick_start:
    - Charge fully before first use (about 2 hours).
    - Hold the power button for 3 seconds.
    - Pair it from the settings screen.
  common_issue: It does not turn on straight out of the box.
  fixes:
    - Charge it for at least 30 minutes with the included cable.
    - Hold the power button for a full 3 seconds.
  care_tips: Wipe with a dry cloth; keep away from water.
  checkin: true
"""


def register(app: typer.Typer) -> None:
    app.command("init")(init)


@cx_command
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to set up (created if needed).")] =
    Path("."),
    name: Annotated[str, typer.Option(
        "--name", metavar="<name>", help="Shop name.")] = "My TikTok Shop",
    market: Annotated[str, typer.Option("--market", metavar="<code>",
                                         help="Market code (us, uk, id, ...).")] = "us",
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write a starter cx.yaml, products.yaml and a templates/ folder to edit."""
    import shutil

    from cx_cli.errors import CxError
    from cx_cli.io.files import write_atomic
    from cx_cli.markets import MARKETS, known_markets, market_code
    from cx_cli.resources import templates_dir

    code = market_code(market)
    if code is None:
        raise CxError(f"unknown market {market!r}", f"known: {known_markets()}")
    if folder.exists() and not folder.is_dir():
        raise CxError(f"{folder} is a file, not a folder",
                      "give the folder to set up, e.g. `cx init myshop` (created if needed)")
    # Quoted as a JSON string (which YAML reads as is): "Glow #1 Shop" or "@home" stay
    # the name instead of a comment or a YAML error.
    config = STARTER_CONFIG.format(name=json.dumps(name, ensure_ascii=False),
                                   market=code)
    targets = {folder / "cx.yaml": config,
               folder / "products.yaml": STARTER_CATALOG}
    existing = [p for p in targets if p.exists()]
    if (folder / "templates").exists():
        existing.append(folder / "templates")
    if existing and not force:
        raise CxError(f"{existing[0]} already exists", "use --force to overwrite")

    def say(line: str) -> None:
        # Plain lines: importing Rich's console would add about 20 ms to start-up.
        typer.echo(line, err=True)

    for path, text in targets.items():
        write_atomic(path, text)
        say(f"wrote {path}")
    try:
        (folder / "exports" / "orders").mkdir(parents=True, exist_ok=True)
        shutil.copytree(templates_dir(), folder / "templates", dirs_exist_ok=True,
                        ignore=_other_languages(MARKETS[code].locale))
    except OSError as exc:
        raise CxError(f"cannot set up {folder}: {exc.strerror or exc}"
                      + (f" ({exc.filename})" if exc.filename else "")) from None
    say(f"wrote {folder / 'templates'}/")
    where = "" if folder.resolve() == Path.cwd().resolve() else f" in {folder}"
    say(f"Next: put your order exports in {folder / 'exports' / 'orders'} and run "
        f"`cx validate`{where}")


def _other_languages(locale: str):
    """``copytree``'s ignore: the shipped variants in languages other than the market's
    (a US shop's copies are the English templates; a Mexican shop's also the ``.es``
    ones). The others are still shipped and chosen for a catalog entry's ``locale``;
    copying them would bury the shop's own language under five it does not write."""
    from cx_cli.markets import MARKETS, language_of

    others = {language_of(m.locale) for m in MARKETS.values()} - {language_of(locale), "en"}

    def ignore(_folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in (".keep", "__pycache__")
                or others & set(n.lower().split(".")[1:-2])}

    return ignore
