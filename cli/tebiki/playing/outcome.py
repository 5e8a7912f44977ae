"""What happened at a step, in the words the person running the flow reads: a StrEnum, so each
outcome prints as the same string it always was and is compared by its member."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    # every mode
    OPENED = "opened"  # a goto step: tebiki opened the address
    SKIPPED = "skipped"  # an optional step whose target is not on the page
    READ = "read"
    SEEN = "seen"  # an expect step found what it expects
    FAILED = "failed"  # keep_going: the step went wrong and the walk went on
    # run: tebiki acts
    CLICKED = "clicked"
    CLICKED_UNHOVERED = "clicked (hover did not open it)"
    HOVERED = "hovered"
    TYPED = "typed"
    SELECTED = "selected"
    TICKED = "ticked"
    NOT_PERFORMED = "not performed"  # a destructive step not confirmed: the walk stops
    # dry run: nothing reaches the site
    HIGHLIGHTED = "highlighted"
    FOLLOWED_LINK = "followed link"
    REVEALED = "revealed"
    NOT_CHECKED = "not checked"  # an expect after a submit the dry run did not send
    # the guide: the person acts
    DONE_BY_YOU = "done by you"
    ALREADY_OPEN = "already open"
    ALREADY_DONE = "already done"
    # tutorial shots: a step after the walk stopped
    NOT_SHOWN = "not shown"

    @property
    def played(self) -> bool:
        """The step was played through: found and highlighted, performed, seen, read, or done
        by the person. Not a step skipped, failed, or reached and left alone (not checked, not
        performed, not shown): a summary names those apart (and counts a skipped optional
        step as done, since the flow allows its absence)."""
        return self not in LEFT_ALONE and self not in (Outcome.SKIPPED, Outcome.FAILED)


# Steps the walk reached and did not play: a dry run's summary must not count them as checked.
LEFT_ALONE = frozenset({Outcome.NOT_CHECKED, Outcome.NOT_PERFORMED, Outcome.NOT_SHOWN})
