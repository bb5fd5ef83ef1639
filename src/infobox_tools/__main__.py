"""``python -m infobox_tools``: the same as the ``infobox-tools`` command."""

from infobox_tools.cli import run

if __name__ == "__main__":
    run()
