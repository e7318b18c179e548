"""The acknowledgement gate as other apps call it."""

import pytest

from policies.access import pending_policy, require_acknowledged
from policies.testing import acknowledge, publish
from socialops.actions import ActionError


def test_require_acknowledged_names_the_pending_version_then_lets_through(riverside):
    publish(riverside.org, riverside.admin.user, title="Social media policy")
    with pytest.raises(ActionError, match=r'Acknowledge "Social media policy" \(version 1\)'):
        require_acknowledged(riverside.reviewer)
    acknowledge(riverside.reviewer)
    require_acknowledged(riverside.reviewer)


def test_viewers_are_never_pending(riverside):
    publish(riverside.org, riverside.admin.user)
    assert pending_policy(riverside.viewer) is None
    assert pending_policy(riverside.author) is not None


def test_an_acknowledgement_of_an_older_version_does_not_cover_a_new_one(riverside):
    publish(riverside.org, riverside.admin.user)
    acknowledge(riverside.author)
    v2 = publish(riverside.org, riverside.admin.user, body="changed")
    assert pending_policy(riverside.author) == v2


def test_acknowledging_twice_keeps_one_record(riverside):
    publish(riverside.org, riverside.admin.user)
    first = acknowledge(riverside.author)
    assert acknowledge(riverside.author) == first
