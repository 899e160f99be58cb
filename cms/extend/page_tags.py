"""The page tags (网页标签) the national website rules ask of every public page, by name:
the site's on every page, a column's on a column page (a library, a list, the catalogue),
an article's on an article page (a policy, an interpretation, a report, a consultation).

A page type says which it is by a method: ``column_tags()`` or ``article_tags()``, each
returning a dict of the tags below it knows (a plugin's page types too; no import is
needed). ``cms.public.page_tags`` fills in the rest and renders them."""

SITE = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE = (
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Image",
    "Url",
)

# ColumnType: what a column does, in the four functions the rules give a government site.
INFORMATION = "信息发布"
INTERPRETATION = "解读回应"
SERVICE = "办事服务"
INTERACTION = "互动交流"
