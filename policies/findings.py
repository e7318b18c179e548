"""One shape for everything the editor's findings panel shows and submit checks: platform-rule
violations, lexicon and disclaimer and link findings, and PHI findings alike."""

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    BLOCK = "block"  # submit is refused while it stands (PHI: unless consent or justification)
    WARN = "warn"  # shown to the author and the reviewers; does not stop submit


@dataclass(frozen=True)
class Finding:
    # Character offsets into the text the finding is about; both None for a finding about the
    # whole text (a missing disclaimer, a missing image).
    start: int | None
    end: int | None
    # A short machine label: "phi.name", "phi.date", "lexicon", "disclaimer", "link.blocked",
    # "x.length"... Lowercase, dotted by family.
    label: str
    severity: Severity
    # One line an author understands: "names a patient and her procedure".
    reason: str

    def as_dict(self) -> dict:
        return asdict(self) | {"severity": str(self.severity)}
