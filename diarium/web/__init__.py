"""Diarium's local web interface: server-rendered pages with JSON twins (``create_app``)."""

from diarium.web.app import create_app

__all__ = ["create_app"]
