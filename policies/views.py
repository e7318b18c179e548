import csv
import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from platforms.models import SocialAccount
from policies import actions
from policies.access import (
    acknowledgement_for,
    current_policy,
    get_org_object_for_member,
    get_version_for_member,
    pending_policy,
    policy_acknowledged_required,
)
from policies.forms import (
    AccountRuleForm,
    AcknowledgeForm,
    CampaignRuleForm,
    ConsentForm,
    ContactForm,
    DisclaimerForm,
    LexiconForm,
    LinkRuleForm,
    OrgRuleForm,
    PublishForm,
    RevokeForm,
    StaffForm,
)
from policies.models import (
    Acknowledgement,
    ApprovalRule,
    ConsentRecord,
    ContactDetail,
    Disclaimer,
    LexiconEntry,
    LinkRule,
    PolicyVersion,
    StaffMember,
)
from policies.navigation import CONSENT_KEEPERS, EDITORS, roles_for, subnav
from policies.rendering import diff_lines, render_markdown
from posts.models import Campaign
from socialops.access import ALL_ROLES, org_member_required
from socialops.actions import ActionError
from socialops.forms import add_action_error
from socialops.models import Role
from socialops.navigation import home_url


def _render(request, template: str, context: dict | None = None, status: int = 200):
    context = {"subnav": subnav(request), **(context or {})}
    return render(request, template, context, status=status)


# The policy --------------------------------------------------------------------------------------


def _policy_context(request) -> dict:
    policy = current_policy(request.organization)
    return {
        "policy": policy,
        "rendered": [(v, render_markdown(v.body)) for v in policy.versions],
        "acknowledgement": acknowledgement_for(request.membership, policy),
        "pending": pending_policy(request.membership),
    }


@org_member_required(roles_for("policies:index"))
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _render(request, "policies/index.html", _policy_context(request))


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return home_url(request.membership)


# Viewers acknowledge too: every member is asked to, though only the others are held by it.
@org_member_required(ALL_ROLES, write_roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest) -> HttpResponse:
    context = _policy_context(request)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.acknowledge_policy(
                membership=request.membership,
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirmed"],
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, "Thank you: your acknowledgement is recorded.")
            return redirect(_safe_next(request, next_url))
    return _render(
        request,
        "policies/acknowledge.html",
        {**context, "form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@org_member_required(roles_for("policies:index"))
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    versions = (
        PolicyVersion.objects.visible_to(request.organization)
        .select_related("organization", "published_by")
        .order_by("organization__parent_id", "-number")
    )
    return _render(request, "policies/history.html", {"versions": versions})


@org_member_required(roles_for("policies:index"))
@require_GET
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    shown = get_version_for_member(request.membership, version_id)
    previous = (
        PolicyVersion.objects.filter(organization=shown.organization, number__lt=shown.number)
        .order_by("-number")
        .first()
    )
    return _render(
        request,
        "policies/version.html",
        {"version": shown, "html": render_markdown(shown.body), "previous": previous},
    )


@org_member_required(roles_for("policies:index"))
@require_GET
def diff(request: HttpRequest) -> HttpResponse:
    """Two versions of the same organization's policy, line by line (?old=<id>&new=<id>)."""
    try:
        old_id, new_id = int(request.GET["old"]), int(request.GET["new"])
    except (KeyError, ValueError):
        messages.info(request, "Choose two versions to compare.")
        return redirect("policies:history", request.organization.slug)
    old = get_version_for_member(request.membership, old_id)
    new = get_version_for_member(request.membership, new_id)
    if old.organization_id != new.organization_id:
        raise Http404("Compare versions of the same policy.")
    lines = diff_lines(old.body, new.body)
    return _render(
        request,
        "policies/diff.html",
        {
            "old": old,
            "new": new,
            "lines": lines,
            "title_changed": old.title != new.title,
            "added": sum(1 for line in lines if line.kind == "added"),
            "removed": sum(1 for line in lines if line.kind == "removed"),
        },
    )


@org_member_required(EDITORS)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    current = current_policy(request.organization).local
    initial = {"effective_date": timezone.localdate()}
    if current:
        initial.update(title=current.title, body=current.body)
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            published = actions.publish_policy_version(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(
                request,
                f"Version {published.number} is published; everyone is asked to acknowledge it.",
            )
            return redirect("policies:index", request.organization.slug)
    return _render(
        request,
        "policies/publish.html",
        {"form": form, "current": current},
        status=400 if form.errors else 200,
    )


# Training records --------------------------------------------------------------------------------


def _acknowledgements(request):
    records = (
        Acknowledgement.objects.for_org(request.organization)
        .select_related("user", "version", "network_version")
        .order_by("-acknowledged_at")
    )
    person = request.GET.get("person", "")
    if person.isdigit():
        records = records.filter(user_id=int(person))
    version_id = request.GET.get("version", "")
    if version_id.isdigit():
        records = records.filter(version_id=int(version_id)) | records.filter(
            network_version_id=int(version_id)
        )
    return records


@org_member_required(roles_for("policies:training"))
@require_GET
def training(request: HttpRequest) -> HttpResponse:
    policy = current_policy(request.organization)
    members = list(
        request.organization.memberships.select_related("user").order_by("user__full_name")
    )
    done = set()
    if policy:
        done = set(
            Acknowledgement.objects.for_org(request.organization)
            .filter(version=policy.local, network_version=policy.network)
            .values_list("user_id", flat=True)
        )
    records = _acknowledgements(request)[:500]
    return _render(
        request,
        "policies/training.html",
        {
            "policy": policy,
            "status": [(m, m.user_id in done) for m in members],
            "outstanding": sum(1 for m in members if m.user_id not in done),
            "records": records,
            "versions": PolicyVersion.objects.visible_to(request.organization).order_by(
                "-published_at"
            ),
            "people": members,
            "query": request.GET.urlencode(),
            "person": request.GET.get("person", ""),
            "version_filter": request.GET.get("version", ""),
        },
    )


class _Echo:
    def write(self, value):
        return value


@org_member_required(roles_for("policies:training"))
@require_GET
def training_export(request: HttpRequest) -> HttpResponse:
    """Training records as CSV for an audit, streamed."""
    records = _acknowledgements(request).order_by("acknowledged_at")
    writer = csv.writer(_Echo())
    header = [
        "acknowledged_at_utc", "email", "full_name", "typed_name", "role", "policy_version",
        "policy_title", "network_version", "network_title",
    ]  # fmt: skip

    def rows():
        yield writer.writerow(header)
        for r in records.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    r.acknowledged_at.astimezone(dt.UTC).isoformat(),
                    r.user_email,
                    r.user.full_name,
                    r.typed_name,
                    r.role,
                    r.version.number if r.version else "",
                    r.version.title if r.version else "",
                    r.network_version.number if r.network_version else "",
                    r.network_version.title if r.network_version else "",
                ]
            )

    filename = f"training-records-{request.organization.slug}.csv"
    return StreamingHttpResponse(
        rows(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# Content rules -----------------------------------------------------------------------------------

# kind in the URL → (model, form, action, title, help, columns)
CONTENT_KINDS = {
    "lexicon": (LexiconEntry, LexiconForm, actions.add_lexicon_entry, "Lexicon",
                "Words, phrases and patterns posts must avoid. Whole words, any case, "
                "with or without accents."),
    "disclaimer": (Disclaimer, DisclaimerForm, actions.add_disclaimer, "Required disclaimers",
                   "Text a post must carry on the chosen platforms."),
    "link": (LinkRule, LinkRuleForm, actions.add_link_rule, "Link rules",
             "Blocked domains (and their subdomains), and tracking parameters links to your "
             "own domains must carry."),
    "contact": (ContactDetail, ContactForm, actions.add_contact_detail, "Contact details",
                "Your own phones, emails, addresses and web domains: never treated as PHI."),
    "staff": (StaffMember, StaffForm, actions.add_staff_member, "Public staff roster",
              "Staff who appear publicly in their professional role: their names are not PHI."),
}  # fmt: skip


def _cells(kind: str, rule) -> list[str]:
    if kind == "lexicon":
        return [rule.text, rule.get_kind_display(), rule.get_severity_display(), rule.reason]
    if kind == "disclaimer":
        return [rule.text, ", ".join(rule.platform_labels()), str(rule.campaign or "Every post")]
    if kind == "link":
        return [rule.get_kind_display(), rule.value, rule.reason]
    if kind == "contact":
        return [rule.get_kind_display(), rule.value, rule.label]
    return [rule.name, rule.title]


HEADERS = {
    "lexicon": ["Text", "Kind", "Severity", "Reason shown to the author"],
    "disclaimer": ["Text", "Platforms", "Campaign"],
    "link": ["Rule", "Value", "Reason"],
    "contact": ["Kind", "Value", "Label"],
    "staff": ["Name", "Title"],
}


def _section(request, kind: str, form=None) -> dict:
    model, form_class, _action, title, help_text, *_ = CONTENT_KINDS[kind]
    return {
        "kind": kind,
        "title": title,
        "help": help_text,
        "headers": HEADERS[kind],
        "rows": [
            (rule, _cells(kind, rule)) for rule in model.objects.for_org(request.organization)
        ],
        "form": form or form_class(auto_id=f"id_{kind}_%s", organization=request.organization),
    }


def _kind_or_404(kind: str) -> str:
    if kind not in CONTENT_KINDS:
        raise Http404("No such kind of rule.")
    return kind


@org_member_required(roles_for("policies:content_rules"), write_roles=EDITORS)
@require_GET
def content_rules(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "policies/content_rules.html",
        {
            "sections": [_section(request, kind) for kind in CONTENT_KINDS],
            "can_edit": request.membership.role in EDITORS,
        },
    )


def _after_content_change(request, kind: str, form=None, status: int = 200) -> HttpResponse:
    if request.htmx:
        return render(
            request,
            "policies/partials/content_section.html",
            {"section": _section(request, kind, form), "can_edit": True},
            status=status,
        )
    if form is not None and form.errors:
        sections = [_section(request, k, form if k == kind else None) for k in CONTENT_KINDS]
        return _render(
            request, "policies/content_rules.html", {"sections": sections, "can_edit": True},
            status=status,
        )  # fmt: skip
    url = reverse("policies:content_rules", args=[request.organization.slug])
    return redirect(f"{url}#rules-{kind}")


@org_member_required(EDITORS)
@require_POST
@policy_acknowledged_required
def content_rule_add(request: HttpRequest) -> HttpResponse:
    """Add one rule; `kind` (lexicon, disclaimer, link, contact, staff) comes with the form."""
    kind = request.POST.get("rule_kind", "")
    _model, form_class, action, *_ = CONTENT_KINDS[_kind_or_404(kind)]
    form = form_class(request.POST, auto_id=f"id_{kind}_%s", organization=request.organization)
    if form.is_valid():
        try:
            action(organization=request.organization, by=request.user, **form.cleaned_data)
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, "Rule added.")
            return _after_content_change(request, kind)
    # htmx swaps 4xx responses only when told; a 200 with the errors keeps the form in place.
    return _after_content_change(request, kind, form, status=200 if request.htmx else 400)


@org_member_required(EDITORS)
@require_POST
@policy_acknowledged_required
def content_rule_remove(request: HttpRequest, kind: str, rule_id: int) -> HttpResponse:
    model = CONTENT_KINDS[_kind_or_404(kind)][0]
    rule = get_org_object_for_member(model, request.membership, rule_id)
    actions.remove_content_rule(rule=rule, by=request.user)
    messages.success(request, f"Removed “{rule}”.")
    return _after_content_change(request, kind)


# Approval rules ----------------------------------------------------------------------------------


def _rule_initial(rule: ApprovalRule | None) -> dict:
    rule = rule or ApprovalRule(sign_offs=2, required_roles=[Role.REVIEWER])
    return {
        "sign_offs": rule.sign_offs,
        "required_roles": rule.required_roles,
        "patient_story_raises": rule.patient_story_raises,
        "phi_override_raises": rule.phi_override_raises,
        "crisis_raises": rule.crisis_raises,
        "review_target_hours": rule.review_target_hours,
    }


def _approval_page(request, form=None, account_form=None, campaign_form=None, status=200):
    organization = request.organization
    rules = ApprovalRule.objects.for_org(organization).select_related("social_account", "campaign")
    org_rule = next((r for r in rules if not r.social_account_id and not r.campaign_id), None)
    return _render(
        request,
        "policies/approval_rules.html",
        {
            "org_rule": org_rule,
            "review_target_hours": (org_rule or ApprovalRule()).review_target_hours,
            "account_rules": [r for r in rules if r.social_account_id],
            "campaign_rules": sorted(
                (r for r in rules if r.campaign_id), key=lambda r: r.campaign.name.lower()
            ),
            "form": form or OrgRuleForm(initial=_rule_initial(org_rule)),
            "account_form": account_form
            or AccountRuleForm(
                organization=organization, auto_id="id_account_%s", initial=_rule_initial(None)
            ),
            "campaign_form": campaign_form
            or CampaignRuleForm(
                organization=organization, auto_id="id_campaign_%s", initial=_rule_initial(None)
            ),
            "has_accounts": SocialAccount.objects.for_org(organization).exists(),
            "has_campaigns": Campaign.objects.filter(organization=organization).exists(),
            "can_edit": request.membership.role in EDITORS,
        },
        status=status,
    )


@org_member_required(roles_for("policies:approval_rules"), write_roles=EDITORS)
@require_http_methods(["GET", "POST"])
def approval_rules(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _approval_page(request)
    return _save_org_rule(request)


@policy_acknowledged_required
def _save_org_rule(request: HttpRequest) -> HttpResponse:
    form = OrgRuleForm(request.POST)
    if form.is_valid():
        try:
            actions.save_approval_rule(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, "Approval rule saved.")
            return redirect("policies:approval_rules", request.organization.slug)
    return _approval_page(request, form=form, status=400)


@org_member_required(EDITORS)
@require_POST
@policy_acknowledged_required
def approval_rule_account(request: HttpRequest) -> HttpResponse:
    form = AccountRuleForm(request.POST, organization=request.organization, auto_id="id_account_%s")
    if form.is_valid():
        try:
            actions.save_approval_rule(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, f"Rule for {form.cleaned_data['social_account']} saved.")
            return redirect("policies:approval_rules", request.organization.slug)
    return _approval_page(request, account_form=form, status=400)


@org_member_required(EDITORS)
@require_POST
@policy_acknowledged_required
def approval_rule_campaign(request: HttpRequest) -> HttpResponse:
    form = CampaignRuleForm(
        request.POST, organization=request.organization, auto_id="id_campaign_%s"
    )
    if form.is_valid():
        try:
            actions.save_approval_rule(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(
                request, f"Rule for the campaign {form.cleaned_data['campaign']} saved."
            )
            return redirect("policies:approval_rules", request.organization.slug)
    return _approval_page(request, campaign_form=form, status=400)


@org_member_required(EDITORS)
@require_POST
@policy_acknowledged_required
def approval_rule_remove(request: HttpRequest, approval_rule_id: int) -> HttpResponse:
    rule = get_org_object_for_member(ApprovalRule, request.membership, approval_rule_id)
    actions.remove_approval_rule(rule=rule, by=request.user)
    messages.success(request, "Rule removed.")
    return redirect("policies:approval_rules", request.organization.slug)


# Consents ----------------------------------------------------------------------------------------


@org_member_required(roles_for("policies:consents"), write_roles=CONSENT_KEEPERS)
@require_GET
def consents(request: HttpRequest) -> HttpResponse:
    records = ConsentRecord.objects.for_org(request.organization).order_by("-created_at")
    return _render(
        request,
        "policies/consents.html",
        {
            "consents": records,
            "expiring": ConsentRecord.objects.for_org(request.organization)
            .expiring_within(30)
            .count(),
            "can_keep": request.membership.role in CONSENT_KEEPERS,
            "today": timezone.localdate(),
        },
    )


@org_member_required(roles_for("policies:consents"), write_roles=CONSENT_KEEPERS)
@require_GET
def consents_expiring(request: HttpRequest) -> HttpResponse:
    records = ConsentRecord.objects.for_org(request.organization).expiring_within(30)
    return _render(
        request,
        "policies/consents_expiring.html",
        {"consents": records, "today": timezone.localdate(),
         "can_keep": request.membership.role in CONSENT_KEEPERS},
    )  # fmt: skip


@org_member_required(CONSENT_KEEPERS)
@require_http_methods(["GET", "POST"])
@policy_acknowledged_required
def consent_new(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = actions.create_consent(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, f"Consent {consent.reference} is kept.")
            return redirect("policies:consent", request.organization.slug, consent.pk)
    return _render(
        request, "policies/consent_new.html", {"form": form}, status=400 if form.errors else 200
    )


@org_member_required(roles_for("policies:consents"), write_roles=CONSENT_KEEPERS)
@require_GET
def consent(request: HttpRequest, consent_id: int) -> HttpResponse:
    record = get_org_object_for_member(ConsentRecord, request.membership, consent_id)
    return _render(
        request,
        "policies/consent.html",
        {
            "consent": record,
            "can_keep": request.membership.role in CONSENT_KEEPERS,
            "revoke_form": RevokeForm(),
            "today": timezone.localdate(),
        },
    )


@org_member_required(CONSENT_KEEPERS)
@require_POST
@policy_acknowledged_required
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    record = get_org_object_for_member(ConsentRecord, request.membership, consent_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.revoke_consent(
                consent=record, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, f"Consent {record.reference} is revoked.")
            return redirect("policies:consent", request.organization.slug, record.pk)
    return _render(
        request,
        "policies/consent.html",
        {"consent": record, "can_keep": True, "revoke_form": form, "today": timezone.localdate()},
        status=400,
    )


@org_member_required(CONSENT_KEEPERS)
@require_GET
def consent_document(request: HttpRequest, consent_id: int) -> HttpResponse:
    """The signed form, only through this access-checked view (never a public media URL)."""
    record = get_org_object_for_member(ConsentRecord, request.membership, consent_id)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    response = FileResponse(
        record.document.open("rb"),
        content_type=record.document_type,
        filename=f"consent-{record.reference}.{extension.get(record.document_type, 'bin')}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
