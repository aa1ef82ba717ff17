"""factcheck: every figure in the news, who said it, and where sources disagree."""

import sys as _sys

if "thinc" not in _sys.modules and "torch" not in _sys.modules:
    # spaCy's thinc imports torch (2-4 s on this CPU) only to offer torch-backed layers; our
    # CNN pipeline never uses them, and the default static encoder needs no torch. So thinc
    # is imported once with torch hidden; MiniLM (sentence-transformers) imports torch
    # itself later, as usual. Cold `check`: about 3 s less (bench/bench_cli.py).
    _sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises
    try:
        import thinc.compat  # noqa: F401
    finally:
        del _sys.modules["torch"]
