"""tebiki's command line: a thin layer of click commands over the flow engine."""

import os

# pydantic scans every installed distribution's entry points for plugins on first use; tebiki
# uses none, and the scan is a measurable part of a short command's start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
