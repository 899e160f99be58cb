"""Running the site: health checks, the one guard for outbound requests, and
sweeping search work a dead process left pending."""
