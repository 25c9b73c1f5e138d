"""Diarium's top layer: the command line (and later the web page). No business logic lives here."""
