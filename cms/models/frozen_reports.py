"""What the annual and the website report pages share: a report published with its
tables frozen, reviewed before it goes live."""

from __future__ import annotations

from cms.extend.report_tables import ReportTable, table_from_data
from cms.rules.permissions import ReviewedPagePermissionTester


class FrozenReportMixin:
    """Mixed into a report ``Page`` with a ``tables`` JSON field. A plain class, not an
    abstract model, so that the models' migrations stay as they are."""

    def permissions_for_user(self, user):
        # Only the workflow publishes a report, a correction too (cms.review.finish).
        return ReviewedPagePermissionTester(user, self)

    def frozen_tables(self) -> list[ReportTable]:
        """The tables as stored in this page (or revision): never recounted."""
        return [table_from_data(data) for data in self.tables or []]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["report"] = self
        return context
