"""`cx sample-data`: realistic exports in the real formats, for demos, tests and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cx_cli.cli.common import DAY, NUMBER, cx_command


def register(app: typer.Typer) -> None:
    app.command("sample-data")(sample_data)


@cx_command
def sample_data(
    out: Annotated[Path, typer.Argument(help="Folder to write the exports into.")],
    orders: Annotated[int, typer.Option("--orders", "-n", min=1, metavar=NUMBER,
                                        help="Order lines to generate.")] = 3000,
    seed: Annotated[int, typer.Option("--seed", metavar=NUMBER,
                                      help="Random seed (same seed, same files).")] = 7,
    end: Annotated[str | None, typer.Option(
        "--end", metavar=DAY, help="Last day of data (default: yesterday).",
        show_default=False)] = None,
    files: Annotated[int, typer.Option("--files", min=1, metavar=NUMBER,
                                       help="Overlapping order export files.")] = 3,
    market: Annotated[str, typer.Option(
        "--market", metavar="<code>",
        help="The shop's market (us, uk, id, th, vn, my, ph, sg, br, mx, ...): its "
        "currency, date order, status words, buyers' names and language.")] = "us",
    force: Annotated[bool, typer.Option(
        "--force", help="Write into a folder that is not empty, replacing its cx.yaml, "
        "products.yaml and exports of the same names.")] = False,
) -> None:
    """Write a realistic sample shop in the real export formats, with a cx.yaml.

    Orders (overlapping Seller Center exports), returns, tickets, reviews, comments, a
    catalog and a fix log, holding the patterns cx is built to find: refund-prone SKUs,
    reorders on a usage cycle, a missing-parts spike and the fix after which refunds
    dropped, spam, abuse and complaints. The same seed and market give the same files.
    """
    from datetime import date, timedelta

    from cx_cli.cli.common import err_console, parse_day
    from cx_cli.errors import CxError
    from cx_cli.markets import known_markets, market_code
    from cx_cli.sampledata import generate

    code = market_code(market)
    if code is None:
        raise CxError(f"unknown market {market!r}", f"known: {known_markets()}")

    end_day = parse_day(end, "UTC", "--end") if end else date.today() - timedelta(days=1)
    if out.exists() and not out.is_dir():
        raise CxError(f"{out} is a file, not a folder",
                      "give a folder to write the sample shop into (created if needed)")
    if out.is_dir() and not force and any(out.iterdir()):
        # A shop's own cx.yaml and catalog would be replaced without a word.
        raise CxError(f"{out} is not empty: a sample shop writes its own cx.yaml, "
                      "products.yaml and exports there",
                      "give a new or empty folder, or --force to overwrite")
    try:
        written = generate(out, orders=orders, seed=seed, end=end_day, order_files=files,
                           market=code)
    except OSError as exc:
        raise CxError(f"cannot write the sample shop to {out}: {exc.strerror or exc}"
                      + (f" ({exc.filename})" if exc.filename else "")) from None
    console = err_console()
    for name, paths in written.items():
        for p in paths:
            console.print(f"wrote {name:9} {p}", markup=False)
    console.print(f"Next: cx validate --config {out / 'cx.yaml'}", markup=False)
