"""A production-like test site (Rails + Bootstrap style markup, late-drawn content, a consent
manager, an APG menu button). See server.py for the pages, the flags and the logs."""

from .server import Account, Event, Mutation, ProductionSite, Visit

__all__ = ["Account", "Event", "Mutation", "ProductionSite", "Visit"]
