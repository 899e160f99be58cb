"""Each level of a bundle review mails its reviewers (issue 24.10).

Wagtail mails a group approval step's reviewers when the step starts, but it connects
that notifier to TaskState only: a bundle step's state is a BundleTaskState, which
Wagtail's signal handler never heard, so no reviewer was told that a bundle waited for
them. This connects the same mail (Wagtail's task_state_submitted templates, in the
recipient's language) to BundleTaskState, sent to those who may act on this bundle: not
the submitter, and a 处室负责人 only for their own divisions' bundles.
"""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.signals import task_submitted

from cms.models import BundleTaskState


class BundleTaskSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def __init__(self):
        super().__init__()
        self.valid_classes = (BundleTaskState,)

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"  # Wagtail's templates, not bundle_task_state_…

    def get_recipient_users(self, task_state, **kwargs):
        users = super().get_recipient_users(task_state, **kwargs)
        page = task_state.workflow_state.content_object.specific
        task = task_state.task.specific
        return {user for user in users if task.get_actions(page, user)}


notifier = BundleTaskSubmissionNotifier()


def connect():
    task_submitted.connect(
        notifier, sender=BundleTaskState, dispatch_uid="cms_bundle_task_submitted_mail"
    )
