"""What a tutorial folder holds, as the tests read it."""

from __future__ import annotations

from pathlib import Path


def step_images(folder: Path) -> list[Path]:
    """The steps' images in order, without the crops made beside them (NN-*.narrow.png)."""
    return sorted(path for path in folder.glob("*.png") if not path.name.endswith(".narrow.png"))


def step_image_names(folder: Path) -> list[str]:
    return [path.name for path in step_images(folder)]
