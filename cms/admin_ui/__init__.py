"""The admin as editors meet it: page forms and panels, Chinese wording where
Wagtail leaves English, empty values, and CSV exports that open in Excel."""
