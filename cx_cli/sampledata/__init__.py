"""Sample-data generator: realistic TikTok Shop exports for demos, tests and benchmarks."""

from .generator import generate

__all__ = ["generate"]
