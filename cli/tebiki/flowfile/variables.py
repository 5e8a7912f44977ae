"""Flow variables: ``{display_name}`` in a target or caption, filled from the site or --var."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tebiki.flowfile.model import Target

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
