"""Flow variables: ``{display_name}`` in a target or caption, filled from the site or --var."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tebiki.errors import BadInputError
from tebiki.flowfile.targets import Target

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(text: str, variables: Mapping[str, str]) -> str:
    """Fill in the known variables; an unknown one stays as written (the loader rejects those
    in targets, and a caption may show braces)."""
    return PLACEHOLDER.sub(lambda match: variables.get(match.group(1), match.group(0)), text)


def render_target(target: Target, variables: Mapping[str, str]) -> Target:
    def fill(text: str | None) -> str | None:
        return render(text, variables) if text else None

    return target.model_copy(
        update={
            "name": fill(target.name),
            "label": fill(target.label),
            "text": fill(target.text),
            "also": tuple(render(name, variables) for name in target.also),
            "within": fill(target.within),
        }
    )


def check_given(declared: Mapping[str, str], given: Mapping[str, str], option: str) -> None:
    """Values given for variables the flow does not have: said before anything starts.
    ``option`` names a given value as the caller took it: ``--var {name}``."""
    unknown = [name for name in given if name not in declared]
    if unknown:
        raise BadInputError(
            f"{option.format(name=unknown[0])}: the flow has no such variable "
            f"(its variables: {', '.join(declared) or 'none'})"
        )


def resolve(
    declared: Mapping[str, str],
    given: Mapping[str, str],
    from_site: Mapping[str, str],
    option: str = "--var {name}",
) -> dict[str, str]:
    """Every variable the flow declares, with its value: what the site fills in (the bundled
    mock's account shows its name, say), then what the caller gave. A variable left without a
    value, or given an empty one, is bad input naming how to give it."""
    check_given(declared, given, option)
    values = {**{name: from_site[name] for name in declared if name in from_site}, **given}
    for name, description in declared.items():
        if name not in values:
            raise BadInputError(f"the flow needs {option.format(name=name)}=VALUE ({description})")
        if not values[name].strip():
            raise BadInputError(f"{option.format(name=name)} is empty ({description})")
    return values
