import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.timezone import now

from platforms.models import PublishTarget, TargetState
from posts.models import Post, PostState
from socialops.audit import verify_chain
from socialops.management.commands.seed_demo import DEMO_PASSWORD, ORGANIZATIONS
from socialops.models import Membership, Organization
from socialops.navigation import ROLE_HOME


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_seeding_twice_keeps_one_of_everything(seeded):
    call_command("seed_demo", verbosity=0)
    assert Organization.objects.count() == 2
    assert Membership.objects.count() == sum(len(org["people"]) for org in ORGANIZATIONS)
    for org in Organization.objects.all():
        assert verify_chain(org) is None


def test_without_a_simulator_no_past_post_says_published(seeded):
    """Nothing could be sent (no simulator, no connected account): the history is honest about
    it, as the publisher is: held, then missed. platforms/tests/test_demo_history.py seeds with
    the simulator and finds every published post on it."""
    assert not Post.objects.filter(state__in=[PostState.PUBLISHED, PostState.FAILED]).exists()
    past = Post.objects.filter(scheduled_at__lt=now(), crisis_template=False)
    assert past.exists()
    assert set(past.values_list("state", flat=True)) == {PostState.MISSED}
    assert not PublishTarget.objects.filter(state=TargetState.PUBLISHED).exists()


@pytest.mark.parametrize(
    ("email", "role"),
    [(email, role) for email, _name, role in ORGANIZATIONS[0]["people"]],
)
def test_every_riverside_demo_login_reaches_its_role_home(seeded, client, email, role):
    response = client.post(
        reverse("login"), {"username": email, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(ROLE_HOME[role], args=["riverside"])
    assert response.status_code == 200
    # The second organization stays invisible to Riverside's people.
    assert b"Harbor Point" not in response.content
    assert client.get("/o/harbor-point/").status_code == 404
