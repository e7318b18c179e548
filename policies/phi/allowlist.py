"""What the PHI scanner treats as not-PHI for one organization: its own published contact
details and its public staff roster. Kept apart from the scanner so the scanner stays a pure
function of (text, allow-list) and the corpus benchmark can run without a database."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AllowList:
    # Digits only ("5555550142"), so "(555) 555-0142" and "555.555.0142" match alike.
    phones: frozenset[str] = field(default_factory=frozenset)
    # Lowercased addresses ("info@riverside.example").
    emails: frozenset[str] = field(default_factory=frozenset)
    # Lowercased street addresses as the organization writes them ("1200 river rd").
    addresses: frozenset[str] = field(default_factory=frozenset)
    # Lowercased domains the organization owns ("riversidehealth.example").
    domains: frozenset[str] = field(default_factory=frozenset)
    # Lowercased full names of staff who appear publicly in their professional role.
    staff_names: frozenset[str] = field(default_factory=frozenset)


EMPTY = AllowList()
