"""`python -m factcheck COMMAND ...`: the command line of `factcheck.cli`."""

from factcheck.cli import main

raise SystemExit(main())
