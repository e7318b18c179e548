"""Lexicon, disclaimer and link findings, the allow-list, and approval requirements."""

import pytest

from platforms.models import Platform, SocialAccount
from policies import actions
from policies.findings import Severity
from policies.models import ApprovalRule
from policies.rules import (
    LexiconRule,
    Requirement,
    allow_list_for,
    approval_requirement,
    check_text,
    disclaimer_findings,
    find_links,
    fold,
    lexicon_findings,
    link_findings,
    strictest_requirement,
)
from socialops.actions import ActionError
from socialops.models import Role

MIRACLE = LexiconRule("word", "miracle", "block", "overstates what treatment does")


class TestLexicon:
    def test_a_word_matches_whole_words_in_any_case_with_its_exact_span(self):
        text = "A MIRACLE of a clinic, not miraculous, no miracles."
        findings = lexicon_findings(text, [MIRACLE])
        assert [(f.start, f.end) for f in findings] == [(2, 9)]
        assert text[2:9] == "MIRACLE"
        assert findings[0].severity == Severity.BLOCK
        assert findings[0].label == "lexicon"
        assert findings[0].reason == '"MIRACLE": overstates what treatment does'

    def test_a_spanish_word_matches_with_or_without_its_accent_and_keeps_the_span(self):
        rule = LexiconRule("word", "curación", "block", "promete un resultado")
        text = "¡Curación garantizada! o curacion, pero no curaciones"
        spans = [(f.start, f.end) for f in lexicon_findings(text, [rule])]
        assert [text[s:e] for s, e in spans] == ["Curación", "curacion"]

    def test_an_accented_letter_counts_as_part_of_the_word(self):
        # "cura" is not inside "cúrate" or "curandero"; "cúra", a stray accent, still counts.
        rule = LexiconRule("word", "cura", "block", "promete")
        assert lexicon_findings("cúrate pronto, dijo el curandero", [rule]) == []
        assert [f.start for f in lexicon_findings("La cúra.", [rule])] == [3]

    def test_a_phrase_matches_across_any_spacing(self):
        rule = LexiconRule("phrase", "risk free", "warn", "say what the risk is")
        findings = lexicon_findings("Totally risk   free!", [rule])
        assert [(f.start, f.end, f.severity) for f in findings] == [(8, 19, Severity.WARN)]

    def test_a_pattern_is_used_as_written_and_case_insensitive(self):
        rule = LexiconRule("pattern", r"\b\d+% (?:effective|success)", "block", "no figures")
        text = "It is 100% Effective."
        finding = lexicon_findings(text, [rule])[0]
        assert text[finding.start : finding.end] == "100% Effective"

    def test_folding_maps_every_character_back_to_the_original(self):
        folded, origin = fold("Ñandú")
        assert folded == "Nandu"
        assert origin == [0, 1, 2, 3, 4]


class TestDisclaimers:
    DISCLAIMERS = [("Not medical advice.", ["facebook", "instagram"])]

    def test_a_missing_disclaimer_is_a_whole_text_finding(self):
        findings = disclaimer_findings("Flu shots today!", self.DISCLAIMERS, platform="instagram")
        assert len(findings) == 1
        assert (findings[0].start, findings[0].end) == (None, None)
        assert findings[0].severity == Severity.BLOCK
        assert findings[0].reason == 'needs the disclaimer "Not medical advice." on Instagram'

    def test_the_disclaimer_is_found_whatever_its_case_and_spacing(self):
        text = "Flu shots today!  not  MEDICAL advice."
        assert disclaimer_findings(text, self.DISCLAIMERS, platform="facebook") == []

    def test_a_platform_the_disclaimer_is_not_for_needs_nothing(self):
        assert disclaimer_findings("Flu shots", self.DISCLAIMERS, platform="x") == []


class TestLinks:
    def test_links_are_found_without_trailing_punctuation(self):
        text = "See https://riverside.example/flu?x=1, or www.cdc.gov/flu. Also bit.ly/abc)"
        assert [url for _s, _e, url in find_links(text)] == [
            "https://riverside.example/flu?x=1",
            "www.cdc.gov/flu",
            "bit.ly/abc",
        ]

    def test_a_blocked_domain_blocks_its_subdomains_too_but_not_lookalikes(self):
        text = "go to https://promo.bit.ly/x and https://notbit.ly/y"
        findings = link_findings(
            text, blocked=[("bit.ly", "hides where it goes")], tracking_parameters=[],
            own_domains=[],
        )  # fmt: skip
        assert len(findings) == 1
        assert text[findings[0].start : findings[0].end] == "https://promo.bit.ly/x"
        assert findings[0].label == "link.blocked"
        assert findings[0].reason == "links to bit.ly, which is blocked: hides where it goes"

    def test_a_link_to_our_own_domain_without_the_tracking_parameter_warns(self):
        text = (
            "Book: https://www.riverside.example/book and https://riverside.example/a?utm_source=fb"
        )
        findings = link_findings(
            text, blocked=[], tracking_parameters=["utm_source"], own_domains=["riverside.example"]
        )
        assert len(findings) == 1
        assert text[findings[0].start : findings[0].end] == "https://www.riverside.example/book"
        assert findings[0].severity == Severity.WARN
        assert "utm_source" in findings[0].reason

    def test_links_elsewhere_need_no_tracking_parameter(self):
        findings = link_findings(
            "https://cdc.gov/flu", blocked=[], tracking_parameters=["utm_source"],
            own_domains=["riverside.example"],
        )  # fmt: skip
        assert findings == []


@pytest.fixture
def rules(riverside):
    admin = riverside.admin.user
    org = riverside.org
    actions.add_lexicon_entry(
        organization=org, by=admin, kind="word", text="guaranteed", severity="block",
        reason="promises an outcome",
    )  # fmt: skip
    actions.add_disclaimer(
        organization=org, by=admin, text="Not medical advice.", platforms=["facebook"]
    )
    actions.add_link_rule(organization=org, by=admin, kind="blocked_domain", value="bit.ly")
    actions.add_link_rule(organization=org, by=admin, kind="tracking_parameter", value="utm_source")
    actions.add_contact_detail(
        organization=org, by=admin, kind="domain", value="https://www.Riverside.example/"
    )
    actions.add_contact_detail(organization=org, by=admin, kind="phone", value="(555) 555-0142")
    actions.add_contact_detail(
        organization=org, by=admin, kind="email", value="Info@Riverside.example"
    )
    actions.add_contact_detail(
        organization=org, by=admin, kind="address", value="1200  River Rd, Springfield"
    )
    actions.add_staff_member(organization=org, by=admin, name="Dr. Ana  Ruiz", title="Director")
    return riverside


class TestCheckText:
    def test_it_returns_lexicon_link_and_disclaimer_findings_in_order(self, rules):
        text = "Guaranteed results! https://bit.ly/x and https://riverside.example/flu"
        findings = check_text(rules.org, text, platform="facebook")
        assert [f.label for f in findings] == [
            "lexicon", "link.blocked", "link.tracking", "disclaimer",
        ]  # fmt: skip
        assert [text[f.start : f.end] for f in findings[:3]] == [
            "Guaranteed", "https://bit.ly/x", "https://riverside.example/flu",
        ]  # fmt: skip

    def test_a_clean_text_has_no_findings(self, rules):
        text = "Flu shots Saturday. Not medical advice."
        assert check_text(rules.org, text, platform="facebook") == []

    def test_another_organizations_rules_do_not_apply(self, rules, harbor):
        assert check_text(harbor.org, "Guaranteed! https://bit.ly/x", platform="facebook") == []


class TestAllowList:
    def test_it_normalises_the_organizations_contact_details_and_staff(self, rules):
        allow = allow_list_for(rules.org)
        assert allow.phones == {"5555550142"}
        assert allow.emails == {"info@riverside.example"}
        assert allow.addresses == {"1200 river rd, springfield"}
        assert allow.domains == {"riverside.example"}
        assert allow.staff_names == {"dr. ana ruiz"}


class TestRuleValidation:
    def test_a_broken_pattern_is_refused_with_the_reason(self, riverside):
        with pytest.raises(ActionError) as error:
            actions.add_lexicon_entry(
                organization=riverside.org, by=riverside.admin.user, kind="pattern",
                text="(unclosed", severity="block", reason="x",
            )  # fmt: skip
        assert error.value.field == "text"
        assert "does not work" in error.value.message

    def test_the_same_rule_twice_is_refused(self, rules):
        with pytest.raises(ActionError, match="already there"):
            actions.add_link_rule(
                organization=rules.org, by=rules.admin.user, kind="blocked_domain", value="BIT.LY"
            )


class TestApprovalRequirement:
    def test_without_a_rule_two_sign_offs_including_a_reviewer(self, riverside):
        assert approval_requirement(riverside.org, accounts=[]) == Requirement(
            count=2, required_roles=(Role.REVIEWER,), extra_reviewer=0
        )

    def test_each_risk_adds_one_sign_off_from_a_reviewer(self, riverside):
        requirement = approval_requirement(
            riverside.org, accounts=[], patient_story=True, phi_override=True, crisis=False
        )
        assert requirement.count == 4
        assert requirement.extra_reviewer == 2
        assert requirement.min_reviewers == 3

    def test_the_strictest_applicable_rule_wins(self, riverside):
        admin = riverside.admin.user
        account = SocialAccount.objects.create(
            organization=riverside.org, platform=Platform.INSTAGRAM, handle="riverside"
        )
        other = SocialAccount.objects.create(
            organization=riverside.org, platform=Platform.X, handle="riverside"
        )
        actions.save_approval_rule(
            organization=riverside.org, by=admin, sign_offs=2, required_roles=[Role.REVIEWER],
            patient_story_raises=False,
        )  # fmt: skip
        actions.save_approval_rule(
            organization=riverside.org, by=admin, social_account=account, sign_offs=3,
            required_roles=[Role.ADMIN], patient_story_raises=True,
        )  # fmt: skip
        assert approval_requirement(riverside.org, accounts=[other], patient_story=True) == (
            Requirement(count=2, required_roles=(Role.REVIEWER,), extra_reviewer=0)
        )
        assert approval_requirement(
            riverside.org, accounts=[account, other], patient_story=True
        ) == Requirement(count=4, required_roles=(Role.ADMIN, Role.REVIEWER), extra_reviewer=1)

    def test_the_database_refuses_a_rule_of_four_sign_offs(self, riverside):
        from django.db import IntegrityError

        with pytest.raises(IntegrityError):
            ApprovalRule.objects.create(organization=riverside.org, sign_offs=4)

    def test_strictest_requirement_is_pure(self):
        rules = [ApprovalRule(sign_offs=3, required_roles=[], crisis_raises=False)]
        assert strictest_requirement(
            rules, patient_story=False, phi_override=False, crisis=True
        ) == Requirement(count=3, required_roles=(), extra_reviewer=0)
