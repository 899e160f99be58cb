"""Rules of the domain as plain functions: the disclosure attribute, document types,
the drafting divisions' permissions, and the confidentiality checks of a submission.
(The working-day calendar of every statutory clock is ``cms.workdays``.)"""
