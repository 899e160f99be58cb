"""The annual government-information disclosure report (政府信息公开工作年度报告) in the
2021 template (国办公开办函〔2021〕30号): its layout, the tables assembled from the plugins'
counts (hook ``annual_report_tables``) or entered by hand, the checks before it is
finalised, its Word file, its admin listing and the reminders of its deadline
(docs/domain.md §7, docs/architecture.md#where-things-live).

The page itself (``AnnualReportPage``) is a model of ``cms.models``; this package is the
work done with it."""
