"""The brotli and zstd modules that Scrapy installs, or None where one is missing.

``brotli`` or ``brotlicffi``; ``compression.zstd`` from Python 3.14, ``backports.zstd`` before.
The archive reader decodes such payloads with them (warcio cannot) and the sample site encodes
its ``encoding_br`` and ``encoding_zstd`` faults with them.
"""

from __future__ import annotations

from types import ModuleType

brotli: ModuleType | None
zstd: ModuleType | None
try:
    import brotli
except ImportError:
    try:
        import brotlicffi as brotli
    except ImportError:
        brotli = None
try:
    from compression import zstd  # type: ignore[import-not-found, no-redef]
except ImportError:
    try:
        from backports import zstd
    except ImportError:
        zstd = None
