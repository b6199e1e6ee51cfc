"""Loaded by a Python started with this folder on PYTHONPATH: every attempt to reach a host other
than this machine is recorded (in $ATLAS_NETGUARD_LOG) and refused, loudly.

Used by tests/deploy/test_no_outbound.py to prove that the server makes no outbound call at start
or while serving (Streamlit's external-IP lookup among them).
"""

import os
import socket

_LOG = os.environ.get("ATLAS_NETGUARD_LOG")
_LOCAL = ("127.", "::1", "localhost", "0.0.0.0", "::")


def _record(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(what + "\n")


def _is_local(host: object) -> bool:
    return isinstance(host, str) and (host.startswith(_LOCAL) or host == "")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self, address):  # noqa: ANN001, ANN202
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _record(f"connect {address!r}")
        raise OSError(f"netguard: outbound connection to {address!r} refused")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):  # noqa: ANN001, ANN202
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _record(f"connect_ex {address!r}")
        return 111
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    if host is not None and not _is_local(host if isinstance(host, str) else host.decode()):
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror(f"netguard: lookup of {host!r} refused")
    return _real_getaddrinfo(host, *args, **kwargs)


# Replaced on the class, so every socket any library makes is guarded (setattr: mypy refuses a plain
# assignment to a method, which is exactly what this guard means to do).
for _name, _guard in (("connect", _guarded_connect), ("connect_ex", _guarded_connect_ex)):
    setattr(socket.socket, _name, _guard)
socket.getaddrinfo = _guarded_getaddrinfo
