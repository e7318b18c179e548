from policies.rendering import diff_lines, render_markdown


def test_markdown_is_rendered_and_script_is_removed():
    html = render_markdown(
        "# Title\n\n**Bold** <script>alert(1)</script> [x](javascript:alert(1)) "
        '<img src=x onerror="alert(1)">\n\n- one\n- two'
    )
    assert "<h1>Title</h1>" in html
    assert "<strong>Bold</strong>" in html
    assert "<li>one</li>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_the_diff_shows_added_and_removed_lines_with_their_numbers():
    old = "intro\nkeep 1\nkeep 2\nold rule\nkeep 3\n"
    new = "intro\nkeep 1\nkeep 2\nnew rule\nkeep 3\nextra line\n"
    lines = [
        (line.kind, line.text, line.old_number, line.new_number) for line in diff_lines(old, new)
    ]
    assert ("removed", "old rule", 4, None) in lines
    assert ("added", "new rule", None, 4) in lines
    assert ("added", "extra line", None, 6) in lines
    assert ("same", "keep 2", 3, 3) in lines


def test_far_apart_changes_are_separated_by_a_gap():
    old = "\n".join(f"line {n}" for n in range(30))
    new = old.replace("line 1\n", "line one\n").replace("line 28", "line twenty-eight")
    kinds = [line.kind for line in diff_lines(old, new)]
    assert "gap" in kinds
    assert kinds.count("added") == 2 and kinds.count("removed") == 2


def test_identical_texts_have_no_diff():
    assert diff_lines("same\ntext", "same\ntext") == []
