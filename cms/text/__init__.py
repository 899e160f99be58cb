"""Text as the site stores and shows it: normalising untrusted input, the text a page
and its attachments publish, and whole numbers read from public input."""
