"""infrascope: a document-grounded research assistant for AI-infrastructure investors.

`from infrascope import Assistant` is the Python API; nothing heavy is imported until it is used.
"""

__all__ = ["Assistant", "Settings"]


def __getattr__(name):
    if name == "Assistant":
        from .assistant import Assistant

        return Assistant
    if name == "Settings":
        from .config import Settings

        return Settings
    raise AttributeError(name)
