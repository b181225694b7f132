"""Loading WeasyPrint's native libraries without spawning a compiler for every name it tries.

WeasyPrint tries several spellings per library (Windows, macOS and Linux names: 'libpango-1.0-0',
'pango-1.0-0', 'pango-1.0', ..., 'libpango-1.0.so.0'). cffi hands every name that is not a loadable
file to `ctypes.util.find_library`, which on Linux runs `ldconfig -p` and, for a name the linker cache
does not know, gcc and then ld (WeasyPrint issue #1125). For the six libraries that is 22 lookups and
16 compiler runs: 0.15-0.2 s of every process that makes a PDF.

`quick_library_lookup` answers those lookups, while WeasyPrint loads, from one reading of the linker
cache, exactly as `ctypes.util` reads it, and gives a name the cache does not know no compiler run.
That loads the same files: a Linux soname that only gcc or ld could find would be found by dlopen
itself too, and every WeasyPrint list ends with the plain sonames, which cffi hands to dlopen
directly. Off Linux, or without a readable linker cache, nothing changes."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from contextlib import contextmanager
from functools import cache

# ctypes.util's own table (Python 3.11-3.13, _findSoname_ldconfig): the ABI tag ldconfig prints
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


@cache
def linker_cache() -> bytes | None:
    """`ldconfig -p`, read once per process, or None where there is none (not glibc, not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        done = subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None


def find_library(name: str) -> str | None:
    """What `ctypes.util.find_library(name)` answers from the linker cache (its first way of looking),
    without its gcc and ld fallbacks."""
    listing = linker_cache()
    if listing is None:
        return None
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    pattern = rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name).encode(), _ABI.get(machine, "libc6").encode())
    found = re.search(pattern, listing)
    return os.fsdecode(found.group(1)) if found else None


@contextmanager
def quick_library_lookup():
    """While inside: `ctypes.util.find_library` answers from the linker cache (see the module doc)."""
    import ctypes.util

    if linker_cache() is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original
