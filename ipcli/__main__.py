"""`python -m ipcli`."""

from ipcli.cli.main import main

raise SystemExit(main())
