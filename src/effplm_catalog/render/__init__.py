"""Renderers: pure functions from a :class:`~effplm_catalog.catalog.Catalog` to text."""

from .markdown import make_environment, md_escape, md_url
from .readme import render_contributing, render_readme

__all__ = ["make_environment", "md_escape", "md_url", "render_contributing", "render_readme"]
