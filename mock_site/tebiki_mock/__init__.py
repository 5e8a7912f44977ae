"""A fake of CrowdWorks's pages along the article's withdrawal (退会) paths, for tests and demos.

Standalone: ``python -m tebiki_mock --port 8800 [--auto-login email|social|none]``.
"""

from .labels import LabelSet
from .server import MockSession, MockSite, serve

__all__ = ["LabelSet", "MockSession", "MockSite", "serve"]
