"""The one exception loaders raise: its message is shown to the user next to the file name."""


class LoadError(Exception):
    pass
