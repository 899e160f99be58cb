"""Rules of the domain as plain functions: the disclosure attribute, document types,
the drafting divisions' permissions, the confidentiality checks of a submission, and
whether an identity number (resident ID, credit code) can be real.
(The working-day calendar of every statutory clock is ``cms.workdays``.)"""
