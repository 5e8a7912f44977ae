from tests.sites.hostile.server import HostileSite

__all__ = ["HostileSite"]
