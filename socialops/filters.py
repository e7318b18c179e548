import django_filters
from django import forms

from socialops.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    """The audit page, its CSV export and the API filter the trail the same way."""

    verb = django_filters.ChoiceFilter(label="What happened", empty_label="Any action")
    actor = django_filters.CharFilter(
        field_name="actor_email", lookup_expr="icontains", label="Who (email contains)"
    )
    target_type = django_filters.ChoiceFilter(label="About", empty_label="Anything")
    since = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["verb", "actor", "target_type", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what this organization's trail actually holds.
        if self.queryset is not None:
            events = self.queryset.order_by()
            self.filters["verb"].extra["choices"] = [
                (v, v) for v in events.values_list("verb", flat=True).distinct().order_by("verb")
            ]
            self.filters["target_type"].extra["choices"] = [
                (t, t.split(".")[-1].replace("_", " "))
                for t in events.exclude(target_type="")
                .values_list("target_type", flat=True)
                .distinct()
                .order_by("target_type")
            ]
