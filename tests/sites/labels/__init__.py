from tests.sites.labels.server import LabelsSite

__all__ = ["LabelsSite"]
