"""``kanwu serve`` that cannot start says why in Chinese and exits 2."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from tests.helpers import kanwu

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine

ENGLISH = re.compile(r"Traceback|Error|Errno|Address already|Must be")


def test_a_busy_port_is_named_in_chinese(content: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        address = f"127.0.0.1:{busy.getsockname()[1]}"
        result = kanwu("serve", "--content", content, "--dev-addr", address)
    assert result.returncode == 2
    assert f"「{address}」：端口已被占用" in result.stderr
    assert ENGLISH.search(result.stdout + result.stderr) is None, result.stderr


@pytest.mark.parametrize(
    "address", ["abc", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:８０００", ":80"]
)
def test_a_malformed_address_is_a_usage_error_in_chinese(content: Path, address: str) -> None:
    result = kanwu("serve", "--content", content, "--dev-addr", address)
    assert result.returncode == 2
    assert "应为 地址:端口" in result.stderr
    assert ENGLISH.search(result.stdout + result.stderr) is None, result.stderr
