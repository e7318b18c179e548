"""Separation of duties held by the database itself, whatever code writes the rows:

- a sign-off is refused when its signer wrote any part of the post (created it or is among its
  authors), when its submission is not open, or when it names another post than its submission;
- someone who holds a sign-off on a post's open or approved round can't become its author: the
  change must void that round first (approvals.actions.content_changed does);
- sign-offs are never changed or deleted;
- on PostgreSQL, (submission, content_hash) is a foreign key to the submission's own
  (id, content_hash): a sign-off can only carry the hash of the content it signed.

PostgreSQL is what production runs; the SQLite demo database gets the same triggers."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION approvals_sign_off_guard() RETURNS trigger AS $$
DECLARE
    sub approvals_submission%ROWTYPE;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'sign-offs are never changed: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO sub FROM approvals_submission WHERE id = NEW.submission_id;
    IF sub.post_id <> NEW.post_id THEN
        RAISE EXCEPTION 'sign-off names post % but its submission is of post %',
            NEW.post_id, sub.post_id USING ERRCODE = 'check_violation';
    END IF;
    IF sub.outcome <> 'open' THEN
        RAISE EXCEPTION 'submission % is %, not open for sign-offs', sub.id, sub.outcome
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM posts_post WHERE id = NEW.post_id AND created_by_id = NEW.signer_id)
       OR EXISTS (SELECT 1 FROM approvals_postauthor
                  WHERE post_id = NEW.post_id AND user_id = NEW.signer_id) THEN
        RAISE EXCEPTION 'user % wrote post % and cannot sign it off', NEW.signer_id, NEW.post_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER approvals_sign_off_guard
    BEFORE INSERT OR UPDATE OR DELETE ON approvals_signoff
    FOR EACH ROW EXECUTE FUNCTION approvals_sign_off_guard();

CREATE OR REPLACE FUNCTION approvals_author_guard() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM approvals_signoff s
        JOIN approvals_submission r ON r.id = s.submission_id
        WHERE s.post_id = NEW.post_id AND s.signer_id = NEW.user_id
          AND r.outcome IN ('open', 'approved')
    ) THEN
        RAISE EXCEPTION 'user % signed off post %: void that round before they change it',
            NEW.user_id, NEW.post_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER approvals_author_guard
    BEFORE INSERT OR UPDATE ON approvals_postauthor
    FOR EACH ROW EXECUTE FUNCTION approvals_author_guard();

ALTER TABLE approvals_signoff ADD CONSTRAINT approvals_sign_off_bound_to_content
    FOREIGN KEY (submission_id, content_hash)
    REFERENCES approvals_submission (id, content_hash);
"""
POSTGRES_DOWN = """
ALTER TABLE approvals_signoff DROP CONSTRAINT IF EXISTS approvals_sign_off_bound_to_content;
DROP TRIGGER IF EXISTS approvals_author_guard ON approvals_postauthor;
DROP FUNCTION IF EXISTS approvals_author_guard();
DROP TRIGGER IF EXISTS approvals_sign_off_guard ON approvals_signoff;
DROP FUNCTION IF EXISTS approvals_sign_off_guard();
"""
SQLITE_UP = [
    """CREATE TRIGGER approvals_sign_off_guard BEFORE INSERT ON approvals_signoff
    BEGIN
        SELECT RAISE(ABORT, 'sign-off names another post than its submission')
        WHERE (SELECT post_id FROM approvals_submission WHERE id = NEW.submission_id)
              <> NEW.post_id;
        SELECT RAISE(ABORT, 'submission is not open for sign-offs')
        WHERE (SELECT outcome FROM approvals_submission WHERE id = NEW.submission_id) <> 'open';
        SELECT RAISE(ABORT, 'sign-off bound to another content hash')
        WHERE (SELECT content_hash FROM approvals_submission WHERE id = NEW.submission_id)
              <> NEW.content_hash;
        SELECT RAISE(ABORT, 'an author of the post cannot sign it off')
        WHERE EXISTS (SELECT 1 FROM posts_post
                      WHERE id = NEW.post_id AND created_by_id = NEW.signer_id)
           OR EXISTS (SELECT 1 FROM approvals_postauthor
                      WHERE post_id = NEW.post_id AND user_id = NEW.signer_id);
    END;""",
    """CREATE TRIGGER approvals_sign_off_no_update BEFORE UPDATE ON approvals_signoff
    BEGIN SELECT RAISE(ABORT, 'sign-offs are never changed'); END;""",
    """CREATE TRIGGER approvals_sign_off_no_delete BEFORE DELETE ON approvals_signoff
    BEGIN SELECT RAISE(ABORT, 'sign-offs are never deleted'); END;""",
    """CREATE TRIGGER approvals_author_guard BEFORE INSERT ON approvals_postauthor
    BEGIN
        SELECT RAISE(ABORT, 'a signer of the live round cannot become an author')
        WHERE EXISTS (
            SELECT 1 FROM approvals_signoff s
            JOIN approvals_submission r ON r.id = s.submission_id
            WHERE s.post_id = NEW.post_id AND s.signer_id = NEW.user_id
              AND r.outcome IN ('open', 'approved'));
    END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS approvals_sign_off_guard;",
    "DROP TRIGGER IF EXISTS approvals_sign_off_no_update;",
    "DROP TRIGGER IF EXISTS approvals_sign_off_no_delete;",
    "DROP TRIGGER IF EXISTS approvals_author_guard;",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_submissions_sign_offs_comments_pauses")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
