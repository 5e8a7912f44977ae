"""A flow file's validation errors in a person's words, each at its line.

Pydantic says ``steps.0.captoin: Extra inputs are not permitted``; a person writing a flow
needs ``step 1: captoin: unknown field; did you mean caption?``: steps counted from 1 as every
other message of tebiki counts them, a misspelt key, action or value matched against what the
file may say there, and the common errors (a missing field, an empty list, a wrong type, a
value not among the allowed ones) said plainly. Every error is said, each on its own line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from tebiki.flowfile.steps import ACTIONS, STEP_MODELS, StepBase, effects_of
from tebiki.flowfile.targets import ROLE_KEYS, Target
from tebiki.flowfile.variables import PLACEHOLDER

Path_ = tuple[str | int, ...]

# What a model is called in a message: "a click step has ...", "a target has ...".
_CALLED = {
    "Flow": "a flow",
    "SiteFile": "a site file",
    "Target": "a target",
    "Advice": "advice",
    "CheckCase": "a check case",
    "Refused": "a refusal",
    "Overlay": "an overlay",
}
# What a missing field is for, where the field's name alone does not say.
_FOR = {
    "title": "what the flow does, its tutorial's title",
    "steps": "the list of what to do",
    "into": "the name the value is read into",
    "option": "the option it chooses, as the page shows it",
    "say": "what to say",
    "refused": "what the site says when it refuses",
    "name": "as the page shows it",
    "dismiss": "the button that dismisses it",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a line: the message is ``FILE:LINE: text``."""

    line: int
    text: str


def where(loc: Path_) -> str:
    """``step 3: click.name: `` (counted from 1), ``title: ``, or nothing for the whole file."""
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        inside = ".".join(str(part) for part in loc[2:])
        return f"step {loc[1] + 1}: " + (f"{inside}: " if inside else "")
    field = ".".join(str(part) for part in loc)
    return f"{field}: " if field else ""


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """``; did you mean caption?``, or nothing when no choice is close."""
    if not isinstance(word, str):
        return ""
    close = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def describe_errors(
    errors: list[ErrorDetails], root: type[BaseModel], line_of: Callable[[Path_], int]
) -> list[Problem]:
    """Every error of a validation, in words, in the order of the file's lines."""
    problems: list[Problem] = []
    for error in errors:
        raw = tuple(error["loc"])
        # A check of the whole flow (a goto of an undeclared origin) names its field itself,
        # as the file writes it (no union's tag in it).
        named = (error.get("ctx") or {}).get("field")
        loc = tuple(named) if isinstance(named, tuple) else _clean(raw)
        text = where(loc) + _say(error, raw, loc, root)
        problem = Problem(line_of(loc), text)
        if problem not in problems:
            problems.append(problem)
    return sorted(problems, key=lambda problem: problem.line)


def _clean(loc: Path_) -> Path_:
    """The file's own path to the field: pydantic puts the union's tag after a step's index
    (steps.2.click.click.name) and may name a field by its Python name (effect_)."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        if loc[0] == "steps" and index == 2 and isinstance(loc[1], int) and part in ACTIONS:
            continue
        cleaned.append("effect" if part == "effect_" else part)
    return tuple(cleaned)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds (list[Step] holds the seven step models)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(model for model in _models_in(arg) if model not in found)
    return found


def _field(model: type[BaseModel], key: str | int) -> FieldInfo | None:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _model_at(root: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    """The model whose field ``loc`` (pydantic's, with the union's tag) names; None where the
    path leaves the models (a mapping of names, a text)."""
    candidates: list[type[BaseModel]] = [root]
    for part in loc:
        if isinstance(part, int):
            continue  # an item of a list
        if len(candidates) > 1:  # a union's tag: the step model that has the action
            candidates = [model for model in candidates if part in model.model_fields]
            continue
        info = _field(candidates[0], part) if candidates else None
        if info is None:
            return None
        candidates = _models_in(info.annotation)
    return candidates[0] if len(candidates) == 1 else None


def _keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a file may write in a model's mapping, its own before its base's (a click step:
    click, effect, then caption, ...), a target's role keys last."""
    base_fields: set[str] = set()
    for base in model.__mro__[1:]:
        if isinstance(base, type) and issubclass(base, BaseModel):
            base_fields |= set(base.model_fields)
    own = [name for name in model.model_fields if name not in base_fields]
    inherited = [name for name in model.model_fields if name in base_fields]
    keys = [model.model_fields[name].alias or name for name in (*own, *inherited)]
    return [*keys, *ROLE_KEYS] if model is Target else keys


def _called(model: type[BaseModel]) -> str:
    if issubclass(model, StepBase):
        action = next(name for name, step in STEP_MODELS.items() if step is model)
        return f"a {action} step"
    return _CALLED.get(model.__name__, "it")


def _literals(annotation: Any) -> list[str]:
    if get_origin(annotation) is Literal:
        return [str(value) for value in get_args(annotation)]
    return [value for arg in get_args(annotation) for value in _literals(arg)]


def _or(words: list[str]) -> str:
    """``fill, check or select``."""
    return " or ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} or {words[-1]}"


def _value(value: object) -> str:
    """A value of the file as a person reads it in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _say(error: ErrorDetails, raw: Path_, loc: Path_, root: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_key(raw, root)
    if kind == "unknown_action":
        return _no_action(value)
    if kind == "missing":
        return _missing(raw, loc, root)
    if kind == "literal_error":
        return _not_allowed(value, str(ctx.get("expected", "")), raw, loc, root)
    if kind == "too_short":
        if loc == ("steps",):
            return "a flow needs at least one step"
        if loc == ("check",):
            return "empty; give at least one case, or leave check: out"
        least = ctx.get("min_length", 1)
        return f"empty; give at least {'one' if least == 1 else least}"
    if kind == "too_long":
        return f"more than {ctx.get('max_length')} items"
    if kind == "string_too_short":
        shown = " as the page shows it" if _model_at(root, raw[:-1]) is Target else ""
        return f"empty; write the text{shown}"
    if kind == "string_pattern_mismatch" and loc[-1:] == ("into",):
        return f"{_value(value)} is not a name: letters, digits and _, not starting with a digit"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if ctx.get("class_name") == "Target":
            return (
                "a target is a text or a mapping such as {link: 名前}, {label: 名前} or "
                f"{{text: 文言}}, not {_value(value)}"
            )
        return f"a mapping (key: value), not {_value(value)}"
    plain = _PLAIN_TYPES.get(kind)
    if plain is not None:
        return f"{plain}, not {_value(value)}"
    # A check of the models' own (value_error) already speaks in words.
    return error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")


_PLAIN_TYPES = {
    "string_type": "a text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "list_type": "a list ([a, b], or one - item a line)",
    "tuple_type": "a list ([a, b], or one - item a line)",
}


def _unknown_key(raw: Path_, root: type[BaseModel]) -> str:
    model = _model_at(root, raw[:-1])
    if model is None:
        return "unknown field"
    keys = _keys_of(model)
    hint = did_you_mean(raw[-1], keys)
    return "unknown field" + (hint or f"; {_called(model)} has {', '.join(keys)}")


def _no_action(value: object) -> str:
    listed = ", ".join(ACTIONS)
    if not isinstance(value, dict):
        return f"a step is a mapping with one action ({listed}), not {_value(value)}"
    present = [key for key in value if key in ACTIONS]
    if len(present) > 1:
        return (
            f"a step has one action; this one has {' and '.join(present)}: make each its own step"
        )
    known = {key for model in STEP_MODELS.values() for key in _keys_of(model)}
    strangers = [key for key in value if isinstance(key, str) and key not in known]
    for key in strangers:
        hint = did_you_mean(key, ACTIONS)
        if hint:
            return f"{key} is not an action{hint} (a step needs one of {listed})"
    if strangers:
        return f"{strangers[0]} is not an action; a step needs one of {listed}"
    return f"a step needs exactly one action: {listed}"


def _missing(raw: Path_, loc: Path_, root: type[BaseModel]) -> str:
    model = _model_at(root, raw[:-1])
    info = _field(model, raw[-1]) if model is not None else None
    who = _called(model) if model is not None else "it"
    allowed = _literals(info.annotation) if info is not None else []
    if allowed:
        return f"missing; {who} needs one of {', '.join(allowed)}"
    why = _FOR.get(str(loc[-1]) if loc else "")
    return f"missing; {who} needs it" + (f" ({why})" if why else "")


def _not_allowed(
    value: object, expected: str, raw: Path_, loc: Path_, root: type[BaseModel]
) -> str:
    allowed = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    model = _model_at(root, raw[:-1])
    if loc[-1:] == ("effect",) and model is not None and issubclass(model, StepBase):
        elsewhere = [action for action in ACTIONS if value in effects_of(action)]
        where_else = f" ({value} is the effect of a {_or(elsewhere)} step)" if elsewhere else ""
        if len(allowed) == 1:
            return (
                f"{_called(model)}'s effect is {allowed[0]}, and it may be left out; "
                f"not {_value(value)}{where_else}"
            )
        hint = did_you_mean(value, allowed) if not elsewhere else ""
        return f"{_value(value)} is not one of {', '.join(allowed)}{hint}{where_else}"
    return f"{_value(value)} is not one of {', '.join(allowed)}{did_you_mean(value, allowed)}"


def _strings(data: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _names(declared: object) -> list[str] | None:
    """A file's ``variables:`` or ``secrets:`` names; None when it is not a mapping (the model
    says so: every use of one would be an error too, and say nothing new)."""
    if declared is None:
        return []
    return [str(name) for name in declared] if isinstance(declared, dict) else None


def placeholder_problems(data: dict[Any, Any], line_of: Callable[[Path_], int]) -> list[Problem]:
    """Every ``{name}`` in the steps must be a declared variable, every fill's secret a declared
    secret. Read from the file as written, so that a flow the model refuses is told these too."""
    steps = data.get("steps")
    variables, secrets = _names(data.get("variables")), _names(data.get("secrets"))
    if not isinstance(steps, list):
        return []
    problems: list[Problem] = []
    for path, text in _strings(steps, ("steps",)) if variables is not None else ():
        # Captions may show braces; advice fills its braces from what was read.
        if path[-1] in ("caption", "caption_en", "note", "say", "say_en"):
            continue
        for match in PLACEHOLDER.finditer(text):
            said = _unknown_variable(match.group(1), path, variables or [])
            problems.extend(Problem(line_of(path), problem) for problem in said)
    for index, step in enumerate(steps) if secrets is not None else ():
        secret = step.get("secret") if isinstance(step, dict) and "fill" in step else None
        if isinstance(secret, str) and secret not in (secrets or []):
            path = ("steps", index, "secret")
            hint = did_you_mean(secret, secrets or [])
            declared = ", ".join(secrets or []) or "none"
            problems.append(
                Problem(
                    line_of(path),
                    f"{where(path)}unknown secret {secret!r}{hint} (declared secrets: {declared})",
                )
            )
    return problems


def _unknown_variable(name: str, path: Path_, variables: list[str]) -> list[str]:
    if name == "which_one" and path[-1] == "within":
        # The recorder's question, said as the comment above the step asks it (its tests and
        # its count of open questions read this wording).
        return [
            "not answered yet: which of several matches a person means; write its section "
            "(within: SECTION, or header, footer, main, nav) in place of {which_one}, as the "
            "comment above says"
        ]
    if name in variables:
        return []
    close = get_close_matches(name, variables, n=1, cutoff=0.6)
    hint = f"; did you mean {{{close[0]}}}?" if close else ""
    declared = ", ".join(variables) or "none"
    return [f"{where(path)}unknown variable {{{name}}}{hint} (declared variables: {declared})"]
