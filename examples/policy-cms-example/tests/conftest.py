from datetime import date

import pytest


@pytest.fixture
def archive(tmp_path, settings):
    settings.EXAMPLE_ARCHIVE_DIR = str(tmp_path / "archive")
    return tmp_path / "archive"


@pytest.fixture
def make_policy(db):
    from cms.models import Agency, Division, PolicyPage

    agency = Agency.objects.create(name="示例市统计局", org_code="000000001")
    division = Division.objects.create(agency=agency, name="综合处")

    def make(title):
        policy = PolicyPage(
            title=title, agency=agency, division=division, issued_on=date(2025, 1, 2), live=False
        )
        agency.library.add_child(instance=policy)
        policy.save_revision()
        return policy

    return make
