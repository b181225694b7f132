"""WeasyPrint's native libraries are found from the linker cache: the same files, no compiler runs."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
import textwrap

import pytest

from thuis_cli import native

linux_with_ldconfig = pytest.mark.skipif(native.linker_cache() is None, reason="no glibc linker cache here")


@linux_with_ldconfig
@pytest.mark.parametrize("name", ["c", "m", "pango-1.0", "gobject-2.0", "harfbuzz", "fontconfig"])
def test_a_library_in_the_linker_cache_is_found_as_ctypes_finds_it(name):
    assert native.find_library(name) == ctypes.util.find_library(name)
    assert native.find_library(name) is not None


@linux_with_ldconfig
def test_a_spelling_the_cache_does_not_know_gets_no_answer_and_no_compiler(monkeypatch):
    native.linker_cache()  # read once already
    spawned = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: spawned.append(a) or pytest.fail("spawned"))
    assert native.find_library("libpango-1.0-0") is None
    assert native.find_library("pango-1.0.dylib") is None
    assert spawned == []


def test_the_lookup_is_only_replaced_while_weasyprint_loads():
    original = ctypes.util.find_library
    with native.quick_library_lookup():
        inside = ctypes.util.find_library
    assert ctypes.util.find_library is original
    assert inside is (native.find_library if native.linker_cache() is not None else original)


_LOAD = textwrap.dedent("""
    import json, subprocess, sys
    ran = []
    real = subprocess.Popen.__init__
    def noting(self, args, *a, **k):
        ran.append(args[0] if isinstance(args, (list, tuple)) else args)
        real(self, args, *a, **k)
    subprocess.Popen.__init__ = noting
    if sys.argv[1] == "quick":
        from thuis_cli.pdf import load_weasyprint
        load_weasyprint()
    else:
        import weasyprint
    from weasyprint.text import ffi  # pango, harfbuzz, fontconfig, ... loaded
    libraries = sorted({line.split()[-1] for line in open("/proc/self/maps")  # the system's, not Python's
                        if ".so" in line and line.split()[-1].startswith(("/usr/", "/lib"))})
    print(json.dumps({"ran": ran, "libraries": libraries}))
""")


@linux_with_ldconfig
def test_weasyprint_loads_the_same_libraries_running_only_ldconfig():
    def load(how):
        done = subprocess.run([sys.executable, "-c", _LOAD, how], capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    quick, plain = load("quick"), load("plain")
    assert quick["libraries"] == plain["libraries"]
    assert any("libpango" in path for path in quick["libraries"])
    assert quick["ran"] == ["/sbin/ldconfig"]
    assert len(plain["ran"]) > 1  # what it saves: one ldconfig (and often gcc) per name tried
