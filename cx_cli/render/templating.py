"""The Jinja environment every cx template renders in (messages, replies, insert cards).

Sandboxed (templates never run code), ``StrictUndefined`` (a missing field is an error
that names the template and the field, never a silent blank), and a two-level search
path: the seller's ``templates`` folder from cx.yaml first, then the bundled templates,
so a file of the same name overrides the shipped one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cx_cli.errors import TemplateError, did_you_mean
from cx_cli.markets import language_of
from cx_cli.render.local_dates import day_text
from cx_cli.render.sandbox import (
    TooMuchOutput,
    TooMuchWork,
    end_render,
    joined_output,
    sandbox_class,
    start_render,
)
from cx_cli.resources import templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment

    from cx_cli.config import Settings

# Jinja is imported inside the functions: `cx lint` asks template_folders() for the
# search path and should not pay for Jinja to get it.

TEXT_SUFFIX = ".txt.j2"


def template_folders(settings: Settings | None) -> list[Path]:
    """Search path: the configured templates folder (if any), then the bundled one."""
    folders: list[Path] = []
    if settings is not None and settings.templates:
        own = settings.resolve(settings.templates)
        if own.exists() and not own.is_dir():
            raise TemplateError(f"templates {own} is a file, not a folder",
                                "point 'templates' in cx.yaml at the folder that holds your "
                                "templates (cx init writes one)")
        if not own.is_dir():
            raise TemplateError(f"templates folder {own} does not exist",
                                "create it (cx init writes one) or fix 'templates' in cx.yaml")
        folders.append(own)
    folders.append(templates_dir())
    return folders


@lru_cache(maxsize=256)
def _autoescape(name: str | None) -> bool:
    # HTML output (report.html.j2, the insert sheet) is escaped; chat text must stay as
    # written, a stage or reply named "note.html" (note.html.txt.j2) too.
    return bool(name) and Path(name).name.removesuffix(".j2").endswith(".html")


def make_environment(settings: Settings | None = None) -> Environment:
    """The sandboxed environment with the seller's folder searched before the bundled one."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    # utf-8-sig: a template saved by Notepad starts with a byte-order mark, which would
    # otherwise be the first character of every message sent from it.
    loader = ChoiceLoader([FileSystemLoader(str(f), encoding="utf-8-sig")
                           for f in template_folders(settings)])
    env = sandbox_class()(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["day_text"] = day_text  # {{ ship_by | day_text("pt") }}
    return env


def template_exists(env: Environment, name: str) -> bool:
    assert env.loader is not None
    return _source(env, env.loader, name) is not None


def template_allows(env: Environment, name: str) -> frozenset[str]:
    """The lint codes a ``cx: allow CODE`` comment anywhere in template ``name`` allows.

    Jinja drops ``{# #}`` comments when it renders, so the lint of a rendered message
    cannot see them: its findings of these codes are left out instead, for every
    message of the template (the template's author approved that text).
    """
    from cx_cli.engines.lint import suppressions

    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    return frozenset(code for codes in suppressions(source).values() for code in codes)


def _not_utf8(env: Environment, name: str) -> TemplateError:
    """A template saved in another encoding (Notepad's cp1252): named, with the fix."""
    return TemplateError(f"template {_file_of(env, name)} is not UTF-8 text",
                         "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)")


def _file_of(env: Environment, name: str | None, filename: str | None = None) -> str:
    """The file template ``name`` was read from (the seller's or the bundled one), for
    the seller to open: ``filename`` when Jinja knows it, else found on the search path
    (``name`` itself when it is on none)."""
    if filename and filename != "<template>":  # (Jinja's word for a text not from a file)
        return filename
    if not name:  # a template made from a text
        return "<template>"
    for loader in getattr(env.loader, "loaders", [env.loader]):
        found = [Path(p) / name for p in getattr(loader, "searchpath", [])
                 if (Path(p) / name).is_file()]
        if found:
            return str(found[0])
    return name


def _syntax_error(env: Environment, exc: Any, name: str, included: str = ""
                  ) -> TemplateError:
    """A template Jinja cannot compile, by its file's path and the line (and
    ``included``: the templates that included it, when one did)."""
    where = _file_of(env, exc.name or name, exc.filename)
    return TemplateError(f"template {where} line {exc.lineno}{included}: {exc.message}",
                         "fix the Jinja syntax in the template")


def compile_problems(env: Environment, source: str, filename: str | None = None
                     ) -> list[tuple[int, str]]:
    """(line, what is wrong) for what keeps template ``source`` from rendering that shows
    without rendering it: a syntax error, or a filter or test ``env`` does not have.

    Jinja itself leaves an unknown filter inside ``{% if %}`` to fail when a message
    takes that branch (in the morning's run): it is named here too.
    """
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = env.parse(source, filename=filename)
    except TemplateSyntaxError as exc:
        return [(exc.lineno, _one_line(exc.message))]
    # `{% if 'x' is filter %}{{ v | x }}{% endif %}` asks first: x may be missing.
    asked = {(node.name, node.node.value) for node in tree.find_all(nodes.Test)
             if node.name in ("filter", "test") and isinstance(node.node, nodes.Const)}
    problems = []
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        kind, known = (("filter", env.filters) if isinstance(node, nodes.Filter)
                       else ("test", env.tests))
        if node.name in known or (kind, node.name) in asked:
            continue
        # (cx's own filters, which its compiler writes in, are no suggestion)
        problems.append((node.lineno, f"unknown {kind} '{node.name}'" + did_you_mean(
            node.name, [n for n in known if not n.startswith("cx_")])))
    return sorted(set(problems))


def _one_line(message: str | None) -> str:
    return " ".join((message or "").split())


def _locales(locale: str | None) -> list[str]:
    if not locale:
        return []
    return list(dict.fromkeys([locale.replace("_", "-").strip(), language_of(locale)]))


def _candidates(base: str, category: str | None, locale: str | None, suffix: str
                ) -> list[str]:
    """``base.<category>.<locale>``, ``base.<category>``, ``base.<locale>``, ``base``, each
    with ``suffix``; a locale like ``es-MX`` also tries ``es``."""
    stems: list[str] = []
    locales = _locales(locale)
    if category:
        stems += [f"{base}.{category}.{loc}" for loc in locales]
        stems.append(f"{base}.{category}")
    stems += [f"{base}.{loc}" for loc in locales]
    stems.append(base)
    return [stem + suffix for stem in stems]


def _no_template(base: str, suffix: str, candidates: list[str]) -> TemplateError:
    return TemplateError(f"no template {base}{suffix} (looked for {', '.join(candidates)})",
                         "add it to your templates folder or check the name")


def find_template(env: Environment, base: str, *, category: str | None = None,
                  locale: str | None = None, suffix: str = TEXT_SUFFIX) -> str:
    """The most specific existing template for ``base`` (e.g. ``review_request``), in
    the order of ``_candidates``."""
    candidates = _candidates(base, category, locale, suffix)
    for name in candidates:
        if template_exists(env, name):
            return name
    raise _no_template(base, suffix, candidates)


def readable_template(env: Environment, base: str, *, category: str | None = None,
                      locale: str | None = None, shop_locale: str | None = None) -> str:
    """The template a message (reply, card) to a buyer reading ``locale`` is written from.

    The buyer must be able to read it: a variant in their language beats an English one
    for their product type (``review_request.es`` over ``review_request.device`` for a
    Spanish-speaking buyer of a device). And the seller's own files beat the shipped
    ones: a seller who wrote ``replies/damaged.txt.j2`` keeps it when cx ships a
    ``damaged.es`` or a ``.device`` variant (an unedited copy from `cx init` is no
    choice of theirs, and counts as the shipped file). A file of theirs without a language is
    taken to be in the shop's language (``shop_locale``; None: any), so a buyer whose
    catalog entry says another gets the shipped variant in theirs, if there is one; but
    not when their folder also holds a variant in that language (``.th`` beside the plain
    file, as `cx init` copies them), edited or not: then the plain file is the English one.
    """
    candidates = _candidates(base, category, locale, TEXT_SUFFIX)
    languages = [f".{loc.lower()}." for loc in _locales(locale)]

    def in_their_language(name: str) -> bool:
        return any(tag in name.lower() for tag in languages)

    def readable(names: list[str]) -> str:
        return next((n for n in names if in_their_language(n)), names[0])

    own = _own_loader(env)
    if own is not None:
        shop_language = _locales(shop_locale)[-1:] if shop_locale else None
        plain_is_theirs = (not languages or shop_language is None
                           or _locales(locale)[-1:] == shop_language)
        # ...unless their folder holds it in that language too (`cx init` copies each
        # template in English and the market's language): the plain one is the English.
        if plain_is_theirs and languages:
            plain_is_theirs = not any(in_their_language(n) and _source(env, own, n) is not None
                                      for n in candidates)
        mine = [n for n in candidates if (plain_is_theirs or in_their_language(n))
                and _written_by_seller(env, own, n)]
        if mine:
            return readable(mine)
    found = [n for n in candidates if template_exists(env, n)]
    if not found:
        raise _no_template(base, TEXT_SUFFIX, candidates)
    return readable(found)


def _own_loader(env: Environment) -> Any:
    """The loader of the seller's templates folder; None when cx.yaml names none."""
    loaders = getattr(env.loader, "loaders", None)
    return loaders[0] if loaders and len(loaders) > 1 else None


def _written_by_seller(env: Environment, own: Any, name: str) -> bool:
    """Is ``name`` in the seller's folder, and not the copy of the shipped file `cx init`
    made? A copy left as it was is no choice of theirs: a Thai shop set up with the
    English copies, before cx shipped Thai, gets the Thai ones now; so does a copy an
    earlier cx made of what it shipped then (``earlier_templates``)."""
    from cx_cli.render.earlier_templates import shipped_before

    source = _source(env, own, name)
    if source is None or source == _source(env, env.loader.loaders[-1], name):
        return False
    return not shipped_before(name, source)


def _source(env: Environment, loader: Any, name: str) -> str | None:
    from jinja2 import TemplateNotFound

    try:
        return loader.get_source(env, name)[0]
    except TemplateNotFound:
        return None
    except UnicodeDecodeError:
        raise _not_utf8(env, name) from None


def render(env: Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render a template; every failure is a TemplateError naming the template."""
    return render_template(env, load_template(env, name), context)


def load_template(env: Environment, name: str) -> Any:
    """The compiled template ``name``; a missing or broken one is a TemplateError.

    Jinja checks the file on every ``get_template``: a caller rendering the same
    template thousands of times loads it once with this and renders it with
    ``render_template``.
    """
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    try:
        template = env.get_template(name)
    except TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name or name} not found",
                            "check the name, or the templates folder in cx.yaml") from None
    except TemplateSyntaxError as exc:
        raise _syntax_error(env, exc, name) from None
    except UnicodeDecodeError:
        raise _not_utf8(env, name) from None
    # Jinja chains the template's globals to the environment's (a ChainMap, walked in
    # Python for every render); cx never changes globals once a template is loaded.
    template.globals = dict(template.globals)
    return template


def render_template(env: Environment, template: Any, context: Mapping[str, Any]) -> str:
    """Render a template from ``load_template``; every failure is a TemplateError, and
    a render that takes more than ``MAX_STEPS`` steps is one (templates it includes or
    imports take theirs from the same)."""
    started = start_render()
    try:
        # What ``template.render(context)`` does, with the pieces measured as they
        # come, before they are joined (a new text among them was counted as it was
        # made).
        try:
            return joined_output(template.root_render_func(template.new_context(context)))
        except Exception:
            env.handle_exception()  # raises it again, its traceback in template lines
    except TemplateError:
        raise
    except Exception as exc:
        raise _render_error(env, template, context, exc) from None
    finally:
        end_render(started)


def _render_error(env: Environment, template: Any, context: Mapping[str, Any],
                  exc: Exception) -> TemplateError:
    """What went wrong, said in the seller's terms (Jinja's classes are imported only
    here: a day's 100,000 renders should not pay for an import each)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    # The file the seller opens (theirs or the shipped one), as a syntax error names it.
    name = _file_of(env, template.name, template.filename)
    if isinstance(exc, TooMuchOutput):  # the whole message, whichever template wrote it
        return TemplateError(f"template {name} writes too much: {exc}",
                             "look for a loop that writes a long text or list many times")
    if isinstance(exc, TemplateSyntaxError):  # an included template
        return _syntax_error(env, exc, template.name,
                             _included(_failed_at(exc, template.filename)[1:]))
    # Where it failed: in a template ``template`` includes, imports or extends, that
    # template's file and line, then the lines that brought it in.
    chain = _failed_at(exc, template.filename)
    inner = len(chain) > 1
    filename, line = chain[0] if chain else (None, None)
    if inner:
        name = _file_of(env, None, filename)
    where = (f" line {line}" if line else "") + _included(chain[1:])
    if isinstance(exc, TooMuchWork):
        return TemplateError(f"template {name}{where} tried something the sandbox forbids: "
                             f"{exc}",
                             "look for a loop inside a loop over a big range() or list, or "
                             "a macro that calls itself")
    if isinstance(exc, UndefinedError):
        source = _read_template(filename) if inner else _loaded_source(env, template.name)
        field = _missing_field(env, source, str(exc.message or exc))
        if inner and field in context:  # a field it was not given
            return TemplateError(
                f"template {name}{where} uses '{field}', which it is not given",
                "an imported template is not given the fields: end the {% import %} or "
                "{% from %} tag with 'with context' (an {% include %} tag: drop 'without "
                "context')")
        return TemplateError(
            f"template {name}{where} uses '{field}' which is not available; add it to the "
            "catalog or edit the template",
            "fields available: " + ", ".join(sorted(context)) if context else None)
    if isinstance(exc, SecurityError):
        return TemplateError(f"template {name}{where if inner else ''} tried something the "
                             f"sandbox forbids: {exc}",
                             "templates may only read the fields they are given")
    if isinstance(exc, TemplateNotFound):  # {% include "x" %} of a file that is not there
        missing = ", ".join(f"'{n}'" for n in getattr(exc, "templates", None) or [exc.name])
        folders = [p for loader in getattr(env.loader, "loaders", [env.loader])
                   for p in getattr(loader, "searchpath", [])]
        return TemplateError(
            f"template {name}{where} brings in {missing}, which is in no templates folder"
            + (f" ({', '.join(folders)})" if folders else ""),
            "check the name in the {% include %} (or import/extends) tag, or add the file")
    # A filter or test failing on a value from the data.
    return TemplateError(f"template {name}{where} failed: {type(exc).__name__}: {exc}")


def _failed_at(exc: BaseException, filename: str | None) -> list[tuple[str, int]]:
    """(template file, line) where ``exc`` came from, then the line of each template
    that included, imported or extended that one, out to template ``filename`` (the
    one rendered); just its own line when the error is in it, nothing when no template
    line is known. Jinja rewrites an exception's traceback for this: a frame of its own,
    named after the file, for each template line it passed through."""
    frames: list[tuple[str, int]] = []
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # (Jinja's, for a template line)
            file = tb.tb_frame.f_code.co_filename
            if frames and frames[-1][0] == file:  # a block or macro of the same template
                frames[-1] = (file, tb.tb_lineno)
            else:
                frames.append((file, tb.tb_lineno))
        tb = tb.tb_next
    chain: list[tuple[str, int]] = []
    for file, line in reversed(frames):  # (a block of ``filename`` ends it at once)
        chain.append((file, line))
        if file == filename:
            break
    return chain


def _included(chain: list[tuple[str, int]]) -> str:
    """' (included from …/review_request.txt.j2 line 7)': the lines that brought a
    template in, innermost first; '' when there are none."""
    if not chain:
        return ""
    return " (" + ", ".join(f"{_brought_in(file, line)} {file} line {line}"
                            for file, line in chain) + ")"


def _brought_in(file: str, line: int) -> str:
    """How line ``line`` of ``file`` brings the template below it in: by the tag it
    holds (``{% include %}``, ``{% extends %}``, ``{% import %}``), else by calling one
    of its macros; just "from" when there is no file to read."""
    text = _read_template(file)
    if text is None or not 0 < line <= text.count("\n") + 1:
        return "from"
    tags = [ref.group(1) for ref in _REFERENCE.finditer(text)
            if text.count("\n", 0, ref.start()) + 1 == line]
    if "include" in tags:
        return "included from"
    if "extends" in tags:
        return "extended by"
    if tags:
        return "imported by"
    return "called from"


def _read_template(filename: str | None) -> str | None:
    """The text of a template's file (as the loader reads it), None if there is none."""
    if not filename:
        return None
    try:
        return Path(filename).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None


def _loaded_source(env: Environment, name: str | None) -> str | None:
    try:
        return env.loader.get_source(env, name)[0] if env.loader and name else None
    except Exception:
        return None


def _missing_field(env: Environment, source: str | None, message: str) -> str:
    """'product.fixes' from "'…Product object' has no attribute 'fixes'" and the
    ``source`` of the template that failed."""
    import re

    from jinja2 import nodes

    m = re.search(r"has no attribute '([^']+)'", message) or \
        re.search(r"no element '?([^']+?)'?$", message)
    if m is None:
        m = re.search(r"'([^']+)' is undefined", message)
        return m.group(1) if m else message
    attr = m.group(1)
    if source is None:
        return attr
    try:
        tree = env.parse(source)
    except Exception:
        return attr
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if key == attr:
            dotted = _dotted(node)
            if dotted:
                return dotted
    return attr


def _dotted(node: Any) -> str | None:
    from jinja2 import nodes

    parts: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        else:
            value = getattr(node.arg, "value", None)
            if not isinstance(value, str | int):
                return None
            parts.append(str(value))
        node = node.node
    if isinstance(node, nodes.Name):
        parts.append(node.name)
        return ".".join(reversed(parts))
    return None


# --- files in the seller's folder that cx never looks up --------------------------------

# What a template file may be called (a README or a spreadsheet beside them is no template).
_TEMPLATE_LIKE = re.compile(r"\.(j2|jinja2?|txt|html?)$", re.IGNORECASE)
_JINJA_FILE = re.compile(r"\.(j2|jinja2?)$", re.IGNORECASE)
# A locale as a variant names it (es, pt-BR); `_locales` turns es_MX into es-MX first.
_LOCALE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", re.IGNORECASE)
_REFERENCE = re.compile(r"\{%-?\s*(include|import|from|extends)\b(.*?)-?%\}", re.DOTALL)
_QUOTED = re.compile(r"""(["'])(.+?)\1""")
# Folders where every <name>.txt.j2 is one more reply (`cx replies list` shows it).
REPLY_FOLDERS = ("replies", "public")
MESSAGE_FOLDER = "messages"
INSERT_FOLDER = "inserts"


@dataclass(frozen=True)
class UnusedTemplate:
    """A file in the seller's templates folder that no stage, variant, reply or card uses."""

    path: Path
    name: str  # as cx would look it up: messages/order_confirmaton.txt.j2
    meant: str | None  # the name it probably meant
    shipped: bool  # ``meant`` is a bundled template, which cx uses meanwhile

    def note(self, subject: str | None = None) -> str:
        text = (f"cx never uses {subject or self.name} (no message stage, category or "
                "locale variant, reply or insert card has that name)")
        if self.meant is None:
            return text + "; see README, Templates, for the names cx looks up"
        text += f"; did you mean {self.meant}?"
        if self.shipped:
            text += " Until it is renamed, cx uses the shipped one"
        return text


def unused_templates(settings: Settings) -> list[UnusedTemplate]:
    """The files of the configured templates folder that cx never looks up, each with
    the name it probably meant: a misspelt or misplaced override is otherwise ignored
    without a word, and the shipped template is sent instead."""
    import difflib

    from cx_cli.io.schemas import CATEGORIES

    if not settings.templates:
        return []
    own, bundled_dir = template_folders(settings)[0], templates_dir()
    bundled = {_name_in(bundled_dir, p) for p in _template_files(bundled_dir)}
    bases = {_message_base(n) for n in bundled if n.startswith(MESSAGE_FOLDER + "/")}
    bases |= {cfg.template or name for name, cfg in settings.messages.stages.items()}
    files = {_name_in(own, p): p for p in _template_files(own)}
    referenced = {name for path in files.values() for name in _references(path)}
    unused = []
    for name, path in sorted(files.items()):
        if name in bundled or name in referenced or _used_name(name, bases, CATEGORIES):
            continue
        candidates = set(bundled)
        locales = [part.replace("_", "-") for part in name.split("/")[-1].split(".")[1:]
                   if _LOCALE.fullmatch(part.replace("_", "-"))]
        for base in bases:
            for variant in ["", *(f".{c}" for c in CATEGORIES)]:
                candidates.add(f"{MESSAGE_FOLDER}/{base}{variant}{TEXT_SUFFIX}")
                candidates |= {f"{MESSAGE_FOLDER}/{base}{variant}.{loc}{TEXT_SUFFIX}"
                               for loc in locales}
        ordered = sorted(candidates)
        close = difflib.get_close_matches(name, ordered, n=1, cutoff=0.75)
        if not close:  # misplaced: the name of a template, in another folder
            close = [c for c in ordered if c.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1]]
        meant = close[0] if close else None
        if meant is None and not _JINJA_FILE.search(name):
            continue  # notes.txt or a saved page beside the templates: no template
        unused.append(UnusedTemplate(path, name, meant, meant in bundled and meant not in files))
    return unused


def broken_templates(settings: Settings) -> list[tuple[Path, int, str]]:
    """``template_problems`` of the configured templates folder: otherwise every
    message from a broken template fails, found only when one is due."""
    if not settings.templates:
        return []
    return template_problems(_template_files(template_folders(settings)[0]))


def template_problems(files: list[Path], read: Callable[[Path], str | None] | None = None,
                      shown: Callable[[str], str] = str) -> list[tuple[Path, int, str]]:
    """(file, line, what is wrong) for each Jinja template among ``files`` that cannot
    render (``compile_problems``). ``read(path)`` gives a file's text, None to skip it
    (default: as cx renders it, UTF-8; a file that is not is skipped, since rendering
    says what is wrong with it). Jinja is imported only when there is a template.

    A file that a template among them includes, imports or extends is read with Jinja
    too (whatever its name), and what is wrong with it says which template brought it
    in, and at which line: "… (included from …/review_request.txt.j2 line 7)", that
    path as ``shown`` writes it (as the caller writes the file's own).
    """
    templates = [f for f in files if is_jinja_file(f) and f.is_file()]  # a pipe: read once
    if not templates:
        return []
    sources = {path: (read or _utf8_text)(path) for path in templates}
    includers = _includers(sources, files)
    for path in includers:
        if path not in sources and path.is_file():  # a footer.txt a template includes
            sources[path] = (read or _utf8_text)(path)
    env = make_environment()  # the filters and syntax every template renders with
    problems = []
    for path, source in sources.items():
        if source is not None:
            found = compile_problems(env, source, str(path))
            chain = [(shown(file), line) for file, line in _included_chain(path, includers)]
            included = _included(chain) if found else ""
            problems += [(path, line, problem + included) for line, problem in found]
    return problems


def _includers(sources: Mapping[Path, str | None], files: list[Path]
               ) -> dict[Path, tuple[Path, int]]:
    """For each of ``files`` that a template in ``sources`` includes, imports or extends
    by name: the first template that does, and the line. A name is looked up from the
    template's own folder up (the templates folder it is in is one of them)."""
    known = set(files)
    found: dict[Path, tuple[Path, int]] = {}
    for path, source in sources.items():
        for line, name in _tags(source or ""):
            target = next((folder / name for folder in path.parents
                           if folder / name in known), None)
            if target is not None and target != path:
                found.setdefault(target, (path, line))
    return found


def _included_chain(path: Path, includers: Mapping[Path, tuple[Path, int]]
                    ) -> list[tuple[str, int]]:
    """The template that includes ``path`` and the line, the one that includes that
    one, and so on (``_includers``), as ``_included`` says them."""
    chain: list[tuple[str, int]] = []
    seen = {path}
    while path in includers:
        path, line = includers[path]
        if path in seen:  # templates that include each other
            break
        seen.add(path)
        chain.append((str(path), line))
    return chain


def _utf8_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def is_jinja_file(path: Path | str) -> bool:
    """A Jinja template by its name (.j2, .jinja, .jinja2)."""
    return bool(_JINJA_FILE.search(Path(path).name))


def _template_files(folder: Path) -> list[Path]:
    """The files in ``folder`` that look like templates (hidden ones left out)."""
    return sorted(p for p in folder.rglob("*")
                  if _TEMPLATE_LIKE.search(p.name) and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _name_in(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _message_base(name: str) -> str:
    return name.split("/", 1)[1].split(".")[0]


def _used_name(name: str, bases: set[str], categories: tuple[str, ...]) -> bool:
    """Would cx ever look ``name`` up? Every <name>.txt.j2 in replies/ and public/ is a
    reply; in messages/ a stage's template or a variant of it (see ``find_template``);
    in inserts/ a card's, or a card's in a language."""
    folder, _, file = name.partition("/")
    if "/" in file or not file.endswith(TEXT_SUFFIX):
        return False
    if folder in REPLY_FOLDERS:
        return True
    stem = file.removesuffix(TEXT_SUFFIX)
    if folder == INSERT_FOLDER:  # a card in a language: inserts/support.es.txt.j2
        from cx_cli.engines.inserts import CARD_NAMES

        card, _, locale = stem.partition(".")
        return card in CARD_NAMES and (not locale or bool(_LOCALE.fullmatch(locale)))
    if folder != MESSAGE_FOLDER:
        return False
    for base in bases:
        if stem == base:
            return True
        if stem.startswith(base + "."):
            rest = stem[len(base) + 1:].split(".")
            if rest[0] in categories:
                rest = rest[1:]
            if not rest or (len(rest) == 1 and _LOCALE.fullmatch(rest[0])):
                return True
    return False


def _references(path: Path) -> list[str]:
    """The templates ``path`` includes, imports or extends by name."""
    return [name for _, name in _tags(_read_template(str(path)) or "")]


def _tags(text: str) -> Iterator[tuple[int, str]]:
    """(line, name) for each template ``text`` includes, imports or extends by name:
    the line its tag starts on."""
    for ref in _REFERENCE.finditer(text):
        line = text.count("\n", 0, ref.start()) + 1
        for quoted in _QUOTED.finditer(ref.group(2)):
            yield line, quoted.group(2)
