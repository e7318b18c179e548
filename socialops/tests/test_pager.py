from django.core.paginator import Paginator
from django.template.loader import render_to_string


def test_the_pager_keeps_the_filters_and_names_its_direction():
    page = Paginator(range(120), 50).get_page(2)
    html = render_to_string(
        "partials/pager.html",
        {"page": page, "query": "campaign=3", "previous_label": "Back"},
    )
    assert '<a href="?campaign=3&amp;page=1">Back</a>' in html
    assert '<a href="?campaign=3&amp;page=3">Older \u203a</a>' in html
    assert "Page 2 of 3" in html


def test_one_page_needs_no_pager():
    page = Paginator(range(10), 50).get_page(1)
    assert "pager" not in render_to_string("partials/pager.html", {"page": page})
