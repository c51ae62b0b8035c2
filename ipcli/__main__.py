"""`python -m ipcli`."""

from ipcli.cli.main import run

run()
