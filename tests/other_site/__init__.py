"""A second site for tebiki's flows, written independently of the bundled mock site."""

from tests.other_site.server import OtherSite

__all__ = ["OtherSite"]
