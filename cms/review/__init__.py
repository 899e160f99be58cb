"""The bundle (三同步) and its review: submitting, the four levels, publishing and
withdrawing the bundle with every effect in order (``bundle``), exemptions, what reviewers
are told and mailed, the serious-error check (its list matched over the bundle:
``serious_errors``; again at each approval: ``approval``), and the bundle report. The
confidentiality matchers a submission runs are rules: ``cms.rules.confidentiality``."""
