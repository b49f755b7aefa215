"""The network guard of the book's tests: with MIXTURE_BOOK_OFFLINE=1, every Python process
(the test runner, `make book`'s workers, every notebook kernel) refuses connections and name
look-ups that leave this machine, so a page that downloads something fails its test.

Python imports ``sitecustomize`` at start-up from its path; the Makefile puts this folder on
PYTHONPATH for the commands that execute pages (its OFFLINE variable), and tests/conftest.py
calls :func:`block_network` for the unit tests.
"""

from __future__ import annotations

import os

OFFLINE_ENV_VAR = "MIXTURE_BOOK_OFFLINE"
_LOOPBACK = ("127.", "::1", "localhost", "0:0:0:0:0:0:0:1")


def block_network() -> None:
    """Refuse socket connections and name look-ups for anything but loopback.

    Jupyter talks to its kernel over loopback, so that keeps working; a page
    that tried to download something would fail with a clear ``OSError``.
    """
    import socket

    if getattr(socket.socket.connect, "_mixture_book_guard", False):
        return

    def _is_local(address) -> bool:
        if isinstance(address, (str, bytes)):  # AF_UNIX path
            return True
        host = str(address[0])
        return host == "" or host.startswith(_LOOPBACK)

    def _refuse(what):
        raise OSError(f"network access is blocked while the book's tests run ({OFFLINE_ENV_VAR}=1): {what}")

    real_connect, real_connect_ex, real_getaddrinfo = (
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo)

    def connect(self, address):
        return real_connect(self, address) if _is_local(address) else _refuse(f"connect to {address}")

    def connect_ex(self, address):
        return real_connect_ex(self, address) if _is_local(address) else _refuse(f"connect to {address}")

    def getaddrinfo(host, *args, **kwargs):
        return real_getaddrinfo(host, *args, **kwargs) if _is_local((host,)) else _refuse(f"look up {host}")

    connect._mixture_book_guard = True
    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo


if os.environ.get(OFFLINE_ENV_VAR) == "1":
    block_network()
