"""cx: customer experience for TikTok Shop sellers, from their exports."""

__version__ = "0.1.0"
