"""Health observances on the calendar: the national list from posts/data/observances.json plus
the ones an organization's admins added."""

import calendar
import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from posts.models import Observance
from socialops.models import Organization

DATA_FILE = Path(__file__).parent / "data" / "observances.json"
WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}


@dataclass(frozen=True)
class Occurrence:
    name: str
    kind: str  # "month", "week" or "day"
    starts_on: dt.date
    ends_on: dt.date
    national: bool = True

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@cache
def national_list(path: Path = DATA_FILE) -> tuple[dict, ...]:
    return tuple(json.loads(path.read_text())["observances"])


def occurrence_in(entry: dict, year: int) -> Occurrence:
    month = entry["month"]
    if entry["kind"] == "month":
        last = calendar.monthrange(year, month)[1]
        return Occurrence(
            entry["name"], "month", dt.date(year, month, 1), dt.date(year, month, last)
        )
    if "nth" in entry:
        weekday = WEEKDAYS[entry["weekday"]]
        first = dt.date(year, month, 1)
        start = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (entry["nth"] - 1))
    else:
        start = dt.date(year, month, entry["day"])
    days = entry.get("days", 1)
    return Occurrence(entry["name"], entry["kind"], start, start + dt.timedelta(days=days - 1))


def between(organization: Organization, start: dt.date, end: dt.date) -> list[Occurrence]:
    """Every observance overlapping [start, end], national and the organization's own."""
    found = [
        occurrence
        for year in range(start.year, end.year + 1)
        for entry in national_list()
        if (occurrence := occurrence_in(entry, year)).ends_on >= start
        and occurrence.starts_on <= end
    ]
    found += [
        Occurrence(o.name, "local", o.starts_on, o.ends_on, national=False)
        for o in Observance.objects.filter(
            organization=organization, ends_on__gte=start, starts_on__lte=end
        )
    ]
    return sorted(found, key=lambda o: (o.starts_on, o.kind != "month", o.name))


def names_for(organization: Organization, around: dt.date) -> list[str]:
    """Observance names to offer in the editor: this year's and next year's, de-duplicated."""
    names = {entry["name"] for entry in national_list()}
    names |= set(
        Observance.objects.filter(
            organization=organization, ends_on__gte=around - dt.timedelta(days=365)
        ).values_list("name", flat=True)
    )
    return sorted(names)
