"""The redaction filter itself: messages, arguments and tracebacks (issue 9, item 6)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.log_redaction import Redactor

TOKEN = "123456:AAE-very-secret-token"


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(Redactor(TOKEN, ["db-password-42"]))
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_tokens_secrets_and_codes_are_masked_in_messages_and_tracebacks(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    logger.info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    logger.debug("connecting with db-password-42")
    logger.debug("update text %r", "/start K7M2PQ9XZA")
    logger.warning("typed ABCDEFGH23 as is")
    logger.debug("update text %r", "/lienket 482 913")  # a link code (issue 11)
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError:
        logger.exception("start failed")
    logger.error("error while handling /start from user 5")  # not a code: left as it is
    out = stream.getvalue()
    for secret in (TOKEN, "very-secret", "db-password-42", "K7M2PQ9XZA", "ABCDEFGH23", "482 913"):
        assert secret not in out
    assert out.count("<token>") == 2 and "<secret>" in out and out.count("<code>") == 3
    assert "Traceback" in out and "RuntimeError: The token `<token>` was rejected" in out
    assert "while handling /start from user 5" in out
