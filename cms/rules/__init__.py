"""Rules of the domain as plain functions: the disclosure attribute, document types,
the working-day calendar of every statutory clock, one library per agency."""
