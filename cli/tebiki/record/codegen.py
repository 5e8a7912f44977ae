"""Importing what ``playwright codegen --target python`` wrote, as the steps a recording makes.

The script is read with :mod:`ast`, never run (codegen_script). Codegen's locators become targets
as a person sees them (codegen_targets), its calls steps (codegen_steps), and its clicks get their
effects from the steps around them (codegen_effects); this module puts them together and writes
the flow file, with the import's notes at the top.

Where codegen picked one of several matches by position (``.nth(1)``, ``.first``, ``.last``), the
flow does not silently take the first: the step asks which one a person means, in a comment and
as ``within: "{which_one}"``, a placeholder the loader refuses until it is answered. A name
codegen matched with a regular expression (``re.compile("Sour")``) is written as it is, since a
flow's targets have no patterns, with a comment, a note and a warning for the command to print:
the name may need adjusting.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from tebiki.errors import BadInputError
from tebiki.flowfile.model import Lang
from tebiki.record.codegen_effects import settle
from tebiki.record.codegen_steps import Importer
from tebiki.record.codegen_targets import WHICH_ONE
from tebiki.record.recorded_site import RecordedSite, lang_from_words, on_the_mock
from tebiki.record.recording import RecordedStep, default_caption, flow_yaml

__all__ = [
    "WHICH_ONE",
    "ImportedFlow",
    "WrittenImport",
    "codegen_flow",
    "codegen_to_yaml",
    "import_codegen",
    "open_questions",
]


@dataclass
class ImportedFlow:
    steps: list[RecordedStep]
    start: str  # the first page.goto, relative to its origin: "/dashboard"
    base_url: str | None  # the origin of the first page.goto
    notes: list[str] = field(default_factory=list)  # for the writer: "script.py:12: ..."
    # What the person must answer before the flow validates: "script.py:12: which 「Edit」 link"
    questions: list[str] = field(default_factory=list)
    # What the command says on stderr as it writes the flow: "script.py:10: ... regular ..."
    warnings: list[str] = field(default_factory=list)
    site: RecordedSite = field(default_factory=lambda: RecordedSite(on_mock=True, lang="ja"))


def _site(
    importer: Importer,
    steps: list[RecordedStep],
    lang: Lang | None,
    base_url: str | None,
    account: str,
) -> RecordedSite:
    """The site the script was made on: --base-url, else its first page's origin. The mock's
    pages are Japanese; another site's language, with no page to ask, is that of the names
    the script found things by."""
    address = base_url or importer.origin
    names = [step.target.shown_name for step in steps if step.target and not step.target.css]
    return RecordedSite(
        on_mock=address is None or on_the_mock(address),
        lang=lang or ("ja" if on_the_mock(address) else lang_from_words(names)),
        account=account,
        address=address,
    )


def import_codegen(
    source: str,
    shown: str = "<script>",
    *,
    lang: Lang | None = None,
    base_url: str | None = None,
    account: str = "email",
) -> ImportedFlow:
    """The steps of a script that ``playwright codegen --target python`` wrote (never run).
    ``lang`` (--lang) and ``base_url`` (--base-url) win over what the script suggests."""
    try:
        tree = ast.parse(source, filename=shown)
    except SyntaxError as error:
        raise BadInputError(
            f"{shown}:{error.lineno or 1}: not Python ({error.msg}): expected "
            "what `playwright codegen --target python` writes"
        ) from None
    except ValueError as error:  # a NUL byte
        raise BadInputError(f"{shown}:1: not Python ({error})") from None
    importer = Importer(shown, source)
    importer.block(tree.body)
    steps = settle(importer)
    if not steps:
        raise BadInputError(
            f"{shown}:1: no page actions (clicks, fills, checks) found: is this "
            "what `playwright codegen --target python` writes?"
        )
    if importer.start is None:
        importer.notes.insert(0, (0, "the script opens no page first: start: / assumed"))
    site = _site(importer, steps, lang, base_url, account)
    for step in steps:
        step.caption = default_caption(step, site.lang)
    marks = [importer.marks[id(step)] for step in steps if id(step) in importer.marks]
    checks = [(line, check) for line, _, checks in marks for check in checks]
    notes = importer.notes + checks
    return ImportedFlow(
        steps,
        importer.start or "/",
        importer.origin,
        [f"{shown}:{line or 1}: {text}" for line, text in sorted(notes, key=lambda note: note[0])],
        [f"{shown}:{line}: {question}" for line, questions, _ in marks for question in questions],
        [f"{shown}:{line}: {check}" for line, check in checks],
        site,
    )


@dataclass
class WrittenImport:
    """A codegen script's flow file, and what the import found on the way."""

    text: str
    imported: ImportedFlow


def codegen_flow(
    source: str,
    shown: str = "<script>",
    title: str | None = None,
    *,
    account: str = "email",
    variables: dict[str, str] | None = None,
    lang: Lang | None = None,
    base_url: str | None = None,
) -> WrittenImport:
    """The flow file for a codegen script, with the import's notes at the top."""
    imported = import_codegen(source, shown, lang=lang, base_url=base_url, account=account)
    site = imported.site
    name = Path(shown).name
    header = [
        f"Imported from {name} (playwright codegen) by tebiki record --from-codegen"
        + (f",\nrecorded on {imported.base_url}." if imported.base_url else "."),
        "Captions are drafts from the accessible names: edit them, and read the comments.",
    ]
    header = [line for text in header for line in text.split("\n")]
    if site.left_out:
        header.append(site.left_out)
    header += [f"note: {note}" for note in imported.notes]
    stem = Path(shown).stem
    text = flow_yaml(
        imported.steps,
        title=title
        or (
            f"{stem} (imported from codegen)"
            if site.lang == "en"
            else f"{stem}(codegen から取り込み)"
        ),
        start=imported.start,
        account=site.written_account,
        source=f"playwright codegen: {name}",
        header=header,
        variables=variables,
        lang=site.lang,
        base_url=site.base_url,
    )
    return WrittenImport(text, imported)


def codegen_to_yaml(
    source: str,
    shown: str = "<script>",
    title: str | None = None,
    *,
    account: str = "email",
    variables: dict[str, str] | None = None,
    lang: Lang | None = None,
    base_url: str | None = None,
) -> str:
    """The flow file for a codegen script, with the import's notes at the top."""
    return codegen_flow(
        source,
        shown,
        title,
        account=account,
        variables=variables,
        lang=lang,
        base_url=base_url,
    ).text


def open_questions(text: str, written: str) -> str:
    """One line for the person: how many questions are left in a flow file this module wrote
    (each a step that does not validate until it is answered) and how many notes to check, each
    as ``file:line`` of that file."""
    lines = text.splitlines()
    asked = [
        f"{written}:{number}"
        for number, line in enumerate(lines, 1)
        if line.startswith("  - ") and WHICH_ONE in line
    ]
    noted = [
        f"{written}:{number}" for number, line in enumerate(lines, 1) if line.startswith("# note: ")
    ]
    said = f"{len(noted)} note{'' if len(noted) == 1 else 's'} to check" + (
        f" ({', '.join(noted)})" if noted else ""
    )
    if not asked:
        return f"no questions left in {written}; {said}"
    return (
        f"{len(asked)} question{'' if len(asked) == 1 else 's'} left in {written} "
        f"({', '.join(asked)}): it does not validate until each is answered as the comment "
        f"above it says; {said}"
    )
