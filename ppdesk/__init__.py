"""ppdesk: the front-office desk tool for Parent Portal PINs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ppdesk")
except PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.1.0"
