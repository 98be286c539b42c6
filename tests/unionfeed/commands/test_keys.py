"""`unionfeed keys` (unionfeed/commands/keys.py): a key is printed once and stored hashed."""

from __future__ import annotations

from typer.testing import CliRunner

from storage.repositories import api_keys
from storage.session import make_engine, make_session_factory, session_scope
from unionfeed.commands.keys import keys_app


def test_keys_create_prints_the_key_once_and_stores_its_hash(stored: str) -> None:
    runner = CliRunner()
    result = runner.invoke(keys_app, ["create", "newsroom", "--database-url", stored])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith("uf_")
    engine = make_engine(stored)
    with session_scope(make_session_factory(engine)) as session:
        assert api_keys.find_active(session, key) is not None
        assert all(key not in (k.key_hash, k.prefix) for k in api_keys.list_keys(session))
    engine.dispose()
    listing = runner.invoke(keys_app, ["list", "--database-url", stored])
    assert "newsroom" in listing.output and key not in listing.output
    assert runner.invoke(keys_app, ["create", "newsroom", "--database-url", stored]).exit_code == 1
    assert runner.invoke(keys_app, ["revoke", "newsroom", "--database-url", stored]).exit_code == 0
    assert runner.invoke(keys_app, ["revoke", "newsroom", "--database-url", stored]).exit_code == 1
