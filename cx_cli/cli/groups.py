"""The command groups' shared behaviour (a module of its own: `cx --help` loads it, and
no command module)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup


class SuggestingGroup(TyperGroup):
    """A command group that answers a mistyped command with the closest one:
    "No such command 'dur'. Did you mean 'due'?" (click does this for options only)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        names = self.list_commands(ctx)
        if name and name not in names and not name.startswith("-"):
            from difflib import get_close_matches

            close = get_close_matches(name, names, n=1)
            if close:
                ctx.fail(f"No such command {name!r}. Did you mean {close[0]!r}?")
        return super().resolve_command(ctx, args)
