"""The self-inspection (网站自查): where a site stands against the national website
inspection (政府网站与政务新媒体检查指标, 国办秘函〔2019〕19号), indicator by indicator, each
ok, a warning or a veto risk (单项否决风险), with the records behind it.

``indicators.inspect(site)`` judges (the core's indicators, then the plugins' through the
hook ``self_inspection_indicators``); ``links`` is the patrol of the links inside the
site's own pages and attachments (a beat task, its findings stored); ``alerts`` mails the
editorial directors when a veto risk appears. Reports → 网站自查 (``admin_views``) and
``GET /api/v1/ops/self-inspection`` (``api``) show the same. docs/operations.md,
"Self-inspection"."""
