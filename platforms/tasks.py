"""The publisher on the clock: thin tasks that take ids and call platforms.publishing.

The beat runs `sweep_publishing` every few seconds; it hands due targets to `publish_target` on
the `publishing` queue. Nothing is scheduled with a Celery ETA: the database says what is due, so
a second beat or a message delivered twice only makes a worker find the target already taken."""

from celery import shared_task

from platforms import publishing


@shared_task
def sweep_publishing() -> int:
    """Hand every due target to the workers; read back the unconfirmed; renew tokens of accounts
    with targets due soon. Returns how many targets were handed out."""
    due = publishing.sweep()
    for target_id in due:
        publish_target.delay(target_id)
    for target_id in publishing.to_reconcile():
        reconcile_target.delay(target_id)
    return len(due)


@shared_task
def prepare_publishing() -> int:
    """Renew, ahead of time, the tokens of accounts with posts due soon."""
    accounts = publishing.to_prepare()
    for account_id in accounts:
        publishing.prepare_account(account_id)
    return len(accounts)


@shared_task
def publish_target(target_id: int) -> str:
    return publishing.publish(target_id)


@shared_task
def reconcile_target(target_id: int) -> str:
    return publishing.reconcile(target_id)
