"""The ``sori`` command as an operator meets it."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from sori.cli import main


@pytest.mark.django_db
def test_serve_on_a_port_in_use_says_what_to_do_instead_of_a_traceback(capsys: Any) -> None:
    # given another program listening on a port
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when Sori is asked to serve there
        status = main(["serve", "--host", "127.0.0.1", "--port", str(port)])
    # then it stops with a Korean message naming the port and another one to try
    err = capsys.readouterr().err
    assert status == 2
    assert f"127.0.0.1:{port}" in err and f"--port {port + 1}" in err
    assert "Traceback" not in err
