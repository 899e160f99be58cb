"""The bundle (三同步) and its review: submitting, the four levels, the confidentiality
check, exemptions, what reviewers are told and mailed, and the bundle report."""
