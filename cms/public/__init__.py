"""What the public site offers beside its pages: the sitemap and robots.txt for crawlers,
and the page tags (网页标签) every public page carries."""
