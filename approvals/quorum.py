"""The quorum rule, as plain functions of a submission's bar and its sign-offs: the actions use
it to approve, the pages to say who still has to sign, the tests to check every state."""

from collections.abc import Iterable
from dataclasses import dataclass

from socialops.models import Role


@dataclass(frozen=True)
class Bar:
    count: int
    required_roles: tuple[str, ...]
    reviewers: int  # how many of the sign-offs must come from reviewers

    @classmethod
    def of(cls, submission) -> "Bar":
        return cls(
            count=submission.required_count,
            required_roles=tuple(submission.required_roles),
            reviewers=submission.required_reviewers,
        )


@dataclass(frozen=True)
class Shortfall:
    sign_offs: int  # how many more sign-offs, from anyone eligible
    roles: tuple[str, ...]  # roles not yet among them
    reviewers: int  # how many more of them must be reviewers

    def __bool__(self) -> bool:
        return bool(self.sign_offs or self.roles or self.reviewers)

    def describe(self) -> str:
        """For authors and reviewers: "1 more sign-off, from a reviewer"."""
        if not self:
            return "No more sign-offs needed."
        more = max(self.sign_offs, self.reviewers, len(self.roles))
        parts = [f"{more} more sign-off{'s' if more != 1 else ''}"]
        if self.reviewers:
            parts.append(
                "from a reviewer"
                if self.reviewers == 1
                else f"{self.reviewers} of them from reviewers"
            )
        other_roles = [Role(r).label.lower() for r in self.roles if r != Role.REVIEWER]
        if other_roles:
            parts.append("including an " + " and an ".join(other_roles))
        return ", ".join(parts) + "."


def shortfall(bar: Bar, signer_roles: Iterable[tuple[int, str]]) -> Shortfall:
    """What is still missing, given (signer id, role) pairs. One person counts once however the
    pairs repeat; authors are kept out before this is called (and by the database)."""
    roles_by_signer = dict(signer_roles)
    roles = list(roles_by_signer.values())
    reviewers = roles.count(Role.REVIEWER)
    return Shortfall(
        sign_offs=max(0, bar.count - len(roles_by_signer)),
        roles=tuple(r for r in bar.required_roles if r not in roles),
        reviewers=max(0, bar.reviewers - reviewers),
    )


def quorum_met(bar: Bar, signer_roles: Iterable[tuple[int, str]]) -> bool:
    return not shortfall(bar, signer_roles)
