"""The network guard of the tests (tools/build/offline/sitecustomize.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tools.build.book_layout import ROOT
from tools.build.offline.sitecustomize import block_network


def test_block_network_refuses_remote_but_allows_loopback(monkeypatch):
    import socket

    calls = []
    # stand-ins for the real functions: nothing in this test leaves the machine
    monkeypatch.setattr(socket.socket, "connect", lambda self, addr: calls.append(addr))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, addr: calls.append(addr) or 0)
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: calls.append(host) or [])
    block_network()
    s = socket.socket()
    try:
        with pytest.raises(OSError, match="network access is blocked"):
            s.connect(("192.0.2.1", 80))
        with pytest.raises(OSError, match="network access is blocked"):
            socket.getaddrinfo("pypi.org", 443)
        with pytest.raises(OSError, match="network access is blocked"):
            s.connect_ex(("198.51.100.7", 443))
        s.connect(("127.0.0.1", 9))
        s.connect_ex(("::1", 9))
        s.connect("/tmp/some.sock")  # an AF_UNIX path is local
        socket.getaddrinfo("localhost", 80)
        block_network()  # a second call keeps the guard and does not wrap it again
        s.connect(("127.0.0.1", 10))
    finally:
        s.close()
    assert calls == [("127.0.0.1", 9), ("::1", 9), "/tmp/some.sock", "localhost", ("127.0.0.1", 10)]


def test_every_python_process_started_offline_is_guarded():
    """What the Makefile's OFFLINE does for the pages' kernels: a new Python process refuses to
    look up a remote host (and the guard is not there without MIXTURE_BOOK_OFFLINE=1)."""
    code = "import socket\ntry:\n    socket.getaddrinfo('pypi.org', 443)\nexcept OSError as e:\n    print(e)"
    env = os.environ | {"PYTHONPATH": str(ROOT / "tools" / "build" / "offline"), "MIXTURE_BOOK_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "network access is blocked" in out.stdout
    code = "import socket; print(getattr(socket.getaddrinfo, '_mixture_book_guard', False))"
    env["MIXTURE_BOOK_OFFLINE"] = "0"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_the_helper_package_leaves_the_network_alone():
    code = "import mixture_tools, socket; print(getattr(socket.getaddrinfo, '_mixture_book_guard', False))"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"MIXTURE_BOOK_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
