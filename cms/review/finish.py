"""The end of a bundle's review: Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION points here.

Wagtail imports this module while its own models load, so imports stay inside the function.
"""


def finish_workflow(workflow_state, user=None):
    """Publish the whole bundle when the last level approves a policy; other pages (a
    follow-up interpretation, a library page) publish as Wagtail would."""
    # Here, not at the top: Wagtail imports this module while its own models load.
    from cms.models import PolicyPage
    from cms.review.bundle import publish_bundle

    obj = workflow_state.content_object.specific
    if isinstance(obj, PolicyPage):
        publish_bundle(obj, user)
        return
    # Completing the review is the permission to publish: interpretations deny direct
    # publishing to everyone, so the check is skipped here as Wagtail's own action cannot.
    obj.get_latest_revision().publish(user=user, skip_permission_checks=True)
