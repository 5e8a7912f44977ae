"""A user's own small site, as a tutorial writer or QA engineer would point tebiki at: English,
a header with an account menu that opens on a click, a settings page with two sections each
with an "Edit" link, a profile form, a contact form, and a danger zone whose "Delete account"
asks 「Really delete your account?」 in a native confirm dialog."""

from tests.sites.small.server import SmallSite

__all__ = ["SmallSite"]
