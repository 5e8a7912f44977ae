"""``python -m tebiki_mock``: serve the mock site in the foreground."""

from __future__ import annotations

import argparse
from pathlib import Path

from .scenarios import ScenarioError
from .server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tebiki_mock", description=__doc__)
    parser.add_argument("--port", type=int, default=8800, help="port on 127.0.0.1 (0: any free)")
    parser.add_argument(
        "--auto-login",
        choices=["email", "social", "none"],
        default="none",
        help="log a new visitor straight into a fresh demo account of this kind",
    )
    parser.add_argument("--fixtures", type=Path, default=None, help="fixtures directory")
    args = parser.parse_args(argv)
    try:
        serve(args.port, None if args.auto_login == "none" else args.auto_login, args.fixtures)
    except ScenarioError as exc:
        parser.error(str(exc))
    except OSError as exc:  # most often: the port is taken
        parser.exit(3, f"mock site: cannot listen on 127.0.0.1:{args.port}: {exc}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
