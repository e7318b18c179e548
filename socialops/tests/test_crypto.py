import pytest
from django.core.management import call_command
from django.test import override_settings

from socialops import crypto
from socialops.checks import check_encryption_keys

OLD = "dGVzdC1vbmx5LWtleS0wMTIzNDU2Nzg5LTAxMjM0NTY="


def test_it_round_trips_and_never_stores_the_plaintext():
    secret = "token-abc-123"
    stored = crypto.encrypt(secret)
    assert secret not in stored
    assert crypto.decrypt(stored) == secret


def test_a_value_from_an_old_key_still_opens_and_rotates_to_the_newest():
    stored = crypto.encrypt("token-abc-123")
    new = crypto.generate_key()
    with override_settings(ENCRYPTION_KEYS=[new, OLD]):
        assert crypto.decrypt(stored) == "token-abc-123"
        rotated = crypto.rotate(stored)
    with override_settings(ENCRYPTION_KEYS=[new]):
        assert crypto.decrypt(rotated) == "token-abc-123"
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(stored)


def test_tampered_ciphertext_fails_closed():
    stored = crypto.encrypt("token-abc-123")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored[:-4] + "AAAA")


@pytest.mark.parametrize("keys", [[], ["not-a-key"]])
def test_the_system_check_names_bad_keys(keys):
    with override_settings(ENCRYPTION_KEYS=keys):
        errors = check_encryption_keys(None)
    assert [e.id for e in errors] == ["socialops.E001"]
    assert "ENCRYPTION_KEYS" in errors[0].msg


def test_generate_encryption_key_prints_a_usable_key(capsys):
    call_command("generate_encryption_key")
    key = capsys.readouterr().out.strip()
    with override_settings(ENCRYPTION_KEYS=[key]):
        assert crypto.decrypt(crypto.encrypt("x")) == "x"
