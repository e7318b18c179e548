"""Tokens at rest: encrypted, rotatable, fail closed, refreshed once under concurrency."""

import threading
from datetime import timedelta
from io import StringIO

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from platforms.adapters import PublishRequest, adapter_for
from platforms.http import ErrorKind, PlatformError
from platforms.models import ConnectionState, Credential
from platforms.testing import connect_simulated
from platforms.tokens import TokenSet, read_tokens, write_tokens
from socialops import crypto
from socialops.models import AuditEvent

NEW_KEY = "bmV3LWtleS0wMTIzNDU2Nzg5LTAxMjM0NTY3ODktMDE="


@pytest.fixture
def x_account(simulator, riverside):
    return connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)


def _secrets(account):
    tokens = read_tokens(account)
    return [tokens.access_token, tokens.refresh_token]


def test_a_database_dump_contains_no_plaintext_token(x_account, settings):
    secrets = _secrets(x_account)
    out = StringIO()
    call_command("dumpdata", stdout=out)
    assert Credential.objects.count() == 1
    # And the raw table, as pg_dump would copy it.
    db = settings.DATABASES["default"]
    raw = psycopg2.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=connection.settings_dict["NAME"],
    )
    with raw, raw.cursor() as cursor:
        sql_dump = StringIO()
        for table in ("platforms_credential", "platforms_socialaccount", "socialops_auditevent"):
            cursor.copy_expert(f"COPY {table} TO STDOUT", sql_dump)
    raw.close()
    for secret in secrets:
        assert len(secret) > 20
        assert secret not in out.getvalue()
        assert secret not in sql_dump.getvalue()


def test_rotation_re_encrypts_under_the_newest_key_and_the_old_key_can_go(x_account, settings):
    secrets = _secrets(x_account)
    old_keys = list(settings.ENCRYPTION_KEYS)
    settings.ENCRYPTION_KEYS = [NEW_KEY, *old_keys]
    out = StringIO()
    call_command("rotate_token_keys", stdout=out)
    assert "Re-encrypted 1 " in out.getvalue()
    settings.ENCRYPTION_KEYS = [NEW_KEY]  # old key dropped
    x_account.refresh_from_db()
    assert _secrets(x_account) == secrets


def test_a_token_no_key_opens_fails_closed_and_marks_the_account(x_account, settings, simulator):
    settings.ENCRYPTION_KEYS = [NEW_KEY]  # the key the tokens were stored under is gone
    with pytest.raises(PlatformError) as caught:
        adapter_for(x_account).publish(PublishRequest(text="must not go out"))
    assert caught.value.kind == ErrorKind.AUTH_EXPIRED
    x_account.refresh_from_db()
    assert x_account.state == ConnectionState.NEEDS_REAUTH
    assert "decrypted" in x_account.state_reason
    assert simulator.posts("x") == []
    assert AuditEvent.objects.filter(verb="social_account.needs_reauth").exists()


def test_a_refresh_without_a_refresh_token_keeps_the_stored_one(x_account):
    before = read_tokens(x_account)
    write_tokens(x_account, TokenSet("new-access", "", timezone.now() + timedelta(hours=2)))
    after = read_tokens(x_account)
    assert after.access_token == "new-access"
    assert after.refresh_token == before.refresh_token


def test_a_token_near_expiry_is_refreshed_before_the_call_and_the_rotated_one_kept(x_account):
    old = read_tokens(x_account)
    x_account.token_expires_at = timezone.now() + timedelta(minutes=5)
    x_account.save(update_fields=["token_expires_at"])
    adapter_for(x_account).publish(PublishRequest(text="after refresh"))
    new = read_tokens(x_account)
    assert new.access_token != old.access_token
    assert new.refresh_token and new.refresh_token != old.refresh_token
    assert new.expires_at > timezone.now() + timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_refreshing_at_once_spend_the_rotated_refresh_token_once(simulator):
    # transaction=True: each thread has its own connection and the row lock is real.
    from conftest import _org_with_people

    people = _org_with_people("Lakeside", "lakeside")
    account = connect_simulated(people.org, "x", "lakeside", simulator_url=simulator.url)
    account.token_expires_at = timezone.now() + timedelta(minutes=1)
    account.save(update_fields=["token_expires_at"])
    barrier, errors, results = threading.Barrier(4), [], []

    def worker(n):
        from django.db import connection as conn

        try:
            barrier.wait()
            fresh = type(account).objects.get(pk=account.pk)
            results.append(adapter_for(fresh).publish(PublishRequest(text=f"worker {n}")))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 4
    account.refresh_from_db()
    assert account.state == ConnectionState.CONNECTED
    # The stored refresh token is the newest one: it still works.
    account.token_expires_at = timezone.now()
    account.save(update_fields=["token_expires_at"])
    assert adapter_for(account).publish(PublishRequest(text="once more")).external_id


def test_ciphertext_is_what_the_table_holds(x_account):
    raw = Credential.objects.get(account=x_account)
    assert raw.access_token.startswith("gAAAA")
    assert crypto.decrypt(raw.access_token) == read_tokens(x_account).access_token
