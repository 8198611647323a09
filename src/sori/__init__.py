"""Sori (소리): the voices of a city's AI industry turned into tracked policy."""

__version__ = "0.1.0"
