"""What an imported script's clicks do, settled once every step is read: a click into a field
before its fill is dropped, an Enter that sends a form becomes a click on the form's submit
button, and each click gets its effect (navigate, reveal, submit, destructive) from its target
and the steps around it."""

from __future__ import annotations

from tebiki.record.codegen_steps import Importer
from tebiki.record.recording import RecordedStep, looks_destructive

# Steps that fill in a form: a click on a button right after them sends it.
FORM_INPUTS = ("fill", "select", "check")


def _drop_clicks_into_fields(importer: Importer) -> list[RecordedStep]:
    """Drop the click into a field that codegen writes before its fill."""
    steps: list[RecordedStep] = []
    for index, step in enumerate(importer.steps):
        later = importer.steps[index + 1] if index + 1 < len(importer.steps) else None
        if (
            step.action == "click"
            and later
            and later.action in ("fill", "select")
            and importer.keys[index] == importer.keys[index + 1]
        ):
            # Only what was noted on its line moves on; the rest is said again on the fill.
            later.comments[:0] = [c for c in step.comments if c.startswith("line ")]
            continue
        steps.append(step)
    return steps


def _a_button(step: RecordedStep | None) -> bool:
    """Whether the step clicks something a person would call a button (not a link or menu)."""
    target = step.target if step else None
    return bool(
        step
        and step.action == "click"
        and step.sends is None
        and target
        and not target.css
        and target.role in ("button", None)
    )


def _settle_enters(importer: Importer, steps: list[RecordedStep]) -> list[RecordedStep]:
    """An Enter the script follows with a click on a button is that button's submit (an Enter
    in a text area types a line break; the click sends the form): one step, the button's.
    An Enter on its own stays a click on the form's submit button, found by CSS."""
    kept: list[RecordedStep] = []
    for index, step in enumerate(steps):
        line = importer.enters.get(id(step))
        if line is None:
            kept.append(step)
            continue
        later = steps[index + 1] if index + 1 < len(steps) else None
        if later is not None and _a_button(later):
            assert later.target is not None
            later.comments[:0] = step.comments + [
                f"line {line}: Enter was pressed in 「{step.sends}」 first; the flow sends "
                f"the form once, with 「{later.target.shown_name}」"
            ]
            later.effect = "submit"
            continue
        said = (
            f"pressed Enter in 「{step.sends}」 to send the form; a flow presses no keys, so this "
            "clicks the form's submit button, found by CSS as the script shows no button: write "
            "it as a person sees it (click: {button: its name}); if the form has no button, "
            "Enter is the only way to send it and a flow cannot"
        )
        importer.notes.append((line, said))
        step.comments.append(f"line {line}: {said}")
        kept.append(step)
    return kept


def _effect(step: RecordedStep, before: RecordedStep | None, after: RecordedStep | None) -> None:
    """The click's effect from its target and the steps around it (expect steps left out)."""
    assert step.target is not None
    role = step.target.role
    if step.sends is not None:
        step.effect = "submit"  # the Enter's form, sent by its button
    elif role == "link":
        step.effect = "navigate"
    elif looks_destructive(step.target.shown_name):
        step.effect = "destructive"
        step.comments.append("irreversible: check before running")
    elif step.effect == "submit" or (
        role == "button" and before is not None and before.action in FORM_INPUTS
    ):
        # The form's button after its fields sends it, whatever the next page offers (a link
        # on a thank-you page does not make it a menu). Only a button: a name alone (a title,
        # an image's alt text) may be anything.
        step.effect = "submit"
        if role != "button":
            step.comments.append("effect guessed: use navigate if this click opens another page")
    elif (
        role != "menuitem"
        and after
        and after.action == "click"
        and after.target
        and after.target.role in ("link", "menuitem")
    ):
        step.effect = "reveal"
    elif role == "menuitem":
        step.effect = "navigate"
    else:
        step.effect = "submit"
        if role != "button":
            step.comments.append("effect guessed: use navigate if this click opens another page")


def settle(importer: Importer) -> list[RecordedStep]:
    """The steps as the flow takes them, each click with its effect."""
    steps = _settle_enters(importer, _drop_clicks_into_fields(importer))
    # What a click does depends on the steps a person takes around it, not on what the page
    # is checked for in between.
    acting = [step for step in steps if step.action != "expect"]
    for at, step in enumerate(acting):
        if step.action != "click" or step.target is None:
            continue
        before = acting[at - 1] if at else None
        after = acting[at + 1] if at + 1 < len(acting) else None
        _effect(step, before, after)
    return steps
