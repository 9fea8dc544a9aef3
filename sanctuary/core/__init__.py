"""Pieces every feature shares. Nothing in here imports a feature."""
