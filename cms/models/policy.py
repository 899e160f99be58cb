"""The policy document (政策文件)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.admin_ui.panels import BundlePanel, DisclosureNoticePanel, PolicyNotesPanel
from cms.extend import plugin_manager
from cms.models import shapes
from cms.models.agencies import Agency, agency_values
from cms.models.bundles import Submission
from cms.models.index_numbers import assign_index_number
from cms.models.stamps import kept_for_stamp, stamp_of
from cms.models.text import NormalizedText
from cms.models.visibility import private_q
from cms.rules.attachments import file_label
from cms.rules.disclosure import Disclosure, disclosure_errors, footnote, published_status
from cms.rules.doc_types import DocType, interpretation_required
from cms.rules.permissions import PolicyPermissionTester, may_draft_for
from cms.text.matching import normalize, title_words
from interpretations.choices import Stage
from interpretations.models import InterpretationPage, stage_order_key

# A bundle's state in the page list and the editor's status tag (PolicyPage.status_string).
BUNDLE_STATUS_LABELS = {
    "scheduled": pgettext_lazy("page status", "scheduled"),
    "returned": pgettext_lazy("page status", "returned"),
    "withdrawn": pgettext_lazy("page status", "withdrawn"),
}


DOC_TYPE_LABELS = dict(DocType.choices)

LISTED_INTERPRETATION_FIELDS = (
    *("id", "content_type", "locale", "path", "depth", "url_path", "live"),
    *("title", "first_published_at", "form", "stage"),
)


class PolicyPageTopic(TaggedItemBase):
    content_object = ParentalKey(
        "cms.PolicyPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


def topic_spellings() -> dict[str, list[str]]:
    """The policies' topics in use, by their name as matching compares it
    (``cms.text.matching.normalize``: simplified, half-width, lower case): each with its
    spellings, the normalized one first, then the oldest."""
    used = PolicyPageTopic.objects.values("tag_id")
    spellings: dict[str, list[tuple]] = {}
    for pk, name in Tag.objects.filter(pk__in=used).values_list("pk", "name"):
        key = normalize(name)
        spellings.setdefault(key, []).append((name != key, pk, name))
    return {key: [name for *_, name in sorted(found)] for key, found in spellings.items()}


def topic_spelling(names) -> dict[str, str]:
    """Each of ``names`` to the spelling of its topic already in use: 政務公開 is filed
    under 政务公开 when that is in use (and the reverse), so the library's topic filter and
    the search's topic facet count one topic, not two. A new topic takes the first of its
    spellings in ``names``."""
    in_use = topic_spellings()
    chosen: dict[str, str] = {}
    for name in names:
        key = normalize(name)
        chosen.setdefault(key, in_use.get(key, [name])[0])
    return {name: chosen[normalize(name)] for name in names}


@kept_for_stamp
def _kept_topic_spellings() -> dict[str, list[str]]:
    return topic_spellings()


def topic_spellings_of(topic: str, stamp=None) -> list[str]:
    """Every spelling of ``topic``'s topic in use (``topic_spellings``), the one in use
    first; ``[topic]`` when none is. A filter by topic asks for all of them, so 政務公開
    finds the policies filed under 政务公开 and the reverse. Kept per publication stamp
    (topics reach the public when their policy is published); pass the request's
    ``stamp`` to read it no second time."""
    return list(_kept_topic_spellings(stamp=stamp).get(normalize(topic), [topic]))


def topics_of(policies, stamp=None) -> list[str]:
    """The topics of ``policies`` (a queryset), each once in the spelling in use
    (``topic_spellings_of``), sorted: the choices of a filter by topic."""
    tags = Tag.objects.filter(cms_policypagetopic_items__content_object__in=policies)
    names = tags.values_list("name", flat=True).distinct()
    return sorted({topic_spellings_of(name, stamp)[0] for name in names})


def topic_select(topics, asked: str, stamp=None) -> tuple[list[tuple[str, str]], str]:
    """A topic select's (choices, selected value): ``topics`` (``topics_of``) and the
    ``asked`` topic in the spelling in use, itself a choice even when none of ``topics``
    (a link to a topic the list does not have), so the filter form sent again keeps it."""
    selected = topic_spellings_of(asked, stamp)[0] if asked else ""
    choices = [(topic, topic) for topic in topics]
    if selected and selected not in topics:
        choices.insert(0, (selected, selected))
    return choices, selected


def one_spelling_each(names) -> list[str]:
    """``names`` with one spelling per topic (as ``topic_spellings`` compares them), the
    normalized one where a policy carries several (stored before topics were filed under
    one spelling), sorted: what the search index counts a policy under, once per topic."""
    chosen: dict[str, str] = {}
    for name in sorted(names, key=lambda name: (name != normalize(name), name)):
        chosen.setdefault(normalize(name), name)
    return sorted(chosen.values())


def merged_topic_counts(counts, stamp=None) -> list[tuple[str, int]]:
    """(topic, count) pairs, each topic once in the spelling in use
    (``topic_spellings_of``) with its spellings' counts added up, most used first: the
    facets by topic. Adding up is exact where no policy is counted under two spellings of
    one topic (``one_spelling_each``)."""
    merged: dict[str, list] = {}
    for name, count in counts:
        found = merged.setdefault(normalize(name), [topic_spellings_of(name, stamp)[0], 0])
        found[1] += count
    return sorted(((name, count) for name, count in merged.values()), key=lambda b: (-b[1], b[0]))


def canonical_topics(names) -> list[str]:
    """``names`` spelled as the topics in use (``topic_spelling``), without repeats."""
    return list(dict.fromkeys(topic_spelling(names).values()))


class PolicyAttachment(NormalizedText, Orderable):
    page = ParentalKey("cms.PolicyPage", on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Defaults to the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def display_title(self):
        return self.title or self.document.title

    @property
    def format_and_size(self) -> str:
        """The document's format and size beside its link: （PDF，1.2 MB）."""
        document = self.document
        size = document.file_size
        if size is None:  # stored without Wagtail's upload form (an import, the demo)
            try:
                size = document.file.size
            except (OSError, ValueError):
                size = None
        return file_label(document.file.name, size)


@kept_for_stamp
def attached_policy_ids() -> frozenset[int]:
    """The policies with an attachment. Kept per publication stamp (attachments change
    with their policy's publication, which moves it): most policies have none, and their
    page and API answer then read none."""
    rows = PolicyAttachment.objects.values_list("page_id", flat=True).distinct().order_by()
    return frozenset(rows)


class PolicyPage(NormalizedText, Page):
    doc_number = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        help_text=_("As printed on the document, e.g. 沪统〔2024〕5号."),
    )
    agency = models.ForeignKey(
        "cms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="policies"
    )
    division = models.ForeignKey(
        "cms.Division",
        verbose_name=_("drafting division"),
        on_delete=models.PROTECT,
        related_name="policies",
    )
    doc_type = models.CharField(
        _("document type"), max_length=20, choices=DocType.choices, default=DocType.POLICY
    )
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=PolicyPageTopic, blank=True)
    issued_on = models.DateField(_("issued on"))
    disclosure = models.CharField(
        _("disclosure attribute"),
        max_length=20,
        choices=Disclosure.choices,
        default=Disclosure.PROACTIVE,
    )
    disclosure_reason = models.TextField(
        _("reason for the disclosure attribute"),
        blank=True,
        max_length=500,
        help_text=_(
            "Required unless the document is disclosed proactively: cite the legal ground."
        ),
    )
    index_number = models.CharField(
        _("index number"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Assigned on first publication."),
    )
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = RichTextField(_("body"), blank=True)

    # The admin form (cms.review.forms.PolicyPageForm) runs the bundle's submission checks; it is
    # set as base_form_class when the app is ready, as Wagtail sets Page's own, so the
    # model does not import the workflow that imports the model.
    content_panels = [
        *Page.content_panels,
        PolicyNotesPanel(heading=_("Related records")),
        FieldRowPanel([FieldPanel("doc_number"), FieldPanel("issued_on")]),
        FieldRowPanel([FieldPanel("agency", widget=forms.Select), FieldPanel("division")]),
        FieldRowPanel([FieldPanel("doc_type"), FieldPanel("topics")]),
        MultiFieldPanel(
            [
                DisclosureNoticePanel(),
                FieldPanel("disclosure", widget=forms.RadioSelect),
                FieldPanel("disclosure_reason"),
            ],
            heading=_("Disclosure"),
        ),
        MultiFieldPanel(
            [BundlePanel(), FieldPanel("acknowledge_warnings")],
            heading=_("Bundle (三同步) and confidentiality review"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("index_number", read_only=True)]

    # Wagtail's admin (listings, search, choosers) finds pages with autocomplete(), which
    # reads only the autocomplete fields; the public search (the search app) has the text.
    # So the summary and body stay out of Wagtail's own index, where they only cost every
    # save, and a migration of tens of thousands of policies, their full-text vectors.
    search_fields = [
        *Page.search_fields,
        index.SearchField("title_words"),
        index.AutocompleteField("title_words"),
        index.SearchField("doc_number"),
        index.AutocompleteField("doc_number"),
        index.FilterField("agency"),
        index.FilterField("division"),
        index.FilterField("doc_type"),
        index.FilterField("disclosure"),
        index.FilterField("issued_on"),
    ]

    parent_page_types = ["cms.PolicyLibraryPage"]
    subpage_types = ["interpretations.InterpretationPage"]

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        indexes = [
            models.Index(fields=["agency", "doc_number"]),
            # Lists are newest first, (issued_on, id) descending: the API, the libraries
            # and the catalogue page through this order from a page's first key
            # (cms/models/paging.py).
            models.Index(fields=["issued_on", "page_ptr"], name="policy_issued_on_id"),
        ]

    preview_modes = [("bundle", _("Whole bundle")), ("", _("Policy page"))]
    default_preview_mode = "bundle"

    def permissions_for_user(self, user):
        return PolicyPermissionTester(user, self)

    def get_doc_type_display(self):
        """Django's answer, looked up in the labels (its own translates every choice's
        label on each call to look one up)."""
        return force_str(DOC_TYPE_LABELS.get(self.doc_type, self.doc_type), strings_only=True)

    def may_be_drafted_by(self, user) -> bool:
        """Whether the user drafts for this policy's division (so edits it and its
        interpretations)."""
        return may_draft_for(user, self.division_id)

    def serve_preview(self, request, mode_name):
        if mode_name != "bundle":
            return super().serve_preview(request, mode_name)
        # The template asks the bundle rules for the review's findings (bundle_tags).
        context = {"page": self, "self": self, "request": request}
        return TemplateResponse(request, "cms/bundle_preview.html", context)

    def clean(self):
        super().clean()
        errors = dict(disclosure_errors(self.disclosure, self.disclosure_reason))
        if self.division_id and self.agency_id and self.division.agency_id != self.agency_id:
            errors["division"] = _("This division does not belong to the agency.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.live:
            self._keep_or_assign_index_number()
        return super().save(*args, **kwargs)

    def _keep_or_assign_index_number(self):
        # A revision drafted before the first publish carries no index number; reuse the
        # stored one so republishing an old revision never issues a second number.

        if not self.index_number and self.pk:
            self.index_number = (
                PolicyPage.objects.filter(pk=self.pk).values_list("index_number", flat=True).first()
            )
        assign_index_number(self)

    def title_words(self) -> str:
        """The title's words for the admin search, whose tokenizer does not cut Chinese."""
        return title_words(self.title)

    def plugin_notes(self, public: bool = True) -> list:
        """What plugins note on this policy (hook ``policy_notes``): the public notes, or
        every note for the edit view."""
        return plugin_manager.policy_notes([self], public=public).get(self.pk, [])

    def is_publicly_disclosed(self) -> bool:
        """Whether the policy is disclosed proactively: only then do it and its
        interpretations reach the public (bundle rule 7,
        docs/architecture.md#bundle-rules)."""
        return self.disclosure == Disclosure.PROACTIVE

    def stops_public_disclosure_when_published(self) -> bool:
        """Whether this version (the editor's draft) takes a live, publicly disclosed
        policy off the website: only once its bundle is published, until then the live
        version stays public."""
        if self.pk is None or self.is_publicly_disclosed():
            return False
        return PolicyPage.objects.filter(
            pk=self.pk, live=True, disclosure=Disclosure.PROACTIVE
        ).exists()

    @property
    def footnote(self):
        return footnote(self.disclosure)

    @property
    def interpretation_required(self):
        return interpretation_required(self.doc_type)

    def interpretations(self, request=None):
        """The live interpretations of this policy, synchronous ones first. With the
        request, the view restrictions are those read for its publication stamp, and the
        answer is a list read with SQL kept per stamp (cms.models.shapes)."""
        # Its children by the path's range, which the path's index serves at any size, not
        # child_of's LIKE, which SQLite answers by reading every page.
        last_child = self.path + Page.alphabet[-1] * Page.steplen
        if request is not None:
            return listed_interpretations(self.depth + 1, self.path, last_child, stamp_of(request))
        interpretations = InterpretationPage.objects.live().filter(
            depth=self.depth + 1, path__range=(self.path, last_child)
        )
        return interpretations.public().in_stage_order()

    def all_interpretations(self):
        """Every interpretation of this policy, live or not, in stage order (the editor's
        bundle panel lists them)."""
        return InterpretationPage.objects.child_of(self).in_stage_order()

    def synchronous_interpretations(self):
        """The interpretations published with this policy (its bundle's other members),
        live or not, in tree order."""
        return (
            InterpretationPage.objects.child_of(self)
            .filter(stage=Stage.SYNCHRONOUS)
            .order_by("path")
        )

    def member_revisions(self) -> dict[str, int | None]:
        """Each bundle member's latest revision id, keyed by page id (what a reviewer
        approves). Read from the database, not from the objects: callers often hold a
        policy loaded before its latest save."""
        ids = [self.pk, *self.synchronous_interpretations().values_list("pk", flat=True)]
        return {
            str(pk): revision
            for pk, revision in Page.objects.filter(pk__in=ids).values_list(
                "pk", "latest_revision_id"
            )
        }

    def bundle_status(self) -> str | None:
        """Where a policy that is not live stands as a bundle: "scheduled" (approved, to
        go live at its time), "returned" (退文), "withdrawn" (was public, no longer), or
        None (a draft, as Wagtail says)."""
        last = self.submissions.order_by("-submitted_at", "-pk").only("state").first()
        if last is not None and last.state == Submission.State.SCHEDULED:
            return "scheduled"
        if last is not None and last.state == Submission.State.RETURNED:
            return "returned"
        if self.first_published_at is not None:
            return "withdrawn"
        return None

    @property
    def status_string(self):
        """The page list's status: a scheduled, returned or withdrawn bundle says so, not
        草稿 (24.20); a live policy that is not on the website says that, not 已发布."""
        published = published_status(self.disclosure) if self.live else None
        if published:
            more = self._more_than_live()
            return f"{published} + {more}" if more else published
        if self.live or self.expired or self.workflow_in_progress:
            return super().status_string
        status = self.bundle_status()
        return BUNDLE_STATUS_LABELS[status] if status else super().status_string

    def _more_than_live(self) -> str | None:
        """What Wagtail adds to 已发布 in the page list: a schedule, a review or a draft."""
        if self.approved_schedule:
            return gettext("scheduled")
        if self.workflow_in_progress:
            return gettext("in moderation")
        if self.has_unpublished_changes:
            return gettext("draft")
        return None

    def member_status_label(self, interpretation) -> str | None:
        """The page list's status of a synchronous interpretation that is not live: its
        bundle's, when scheduled or returned; withdrawn with its policy once it was
        published; None for a draft, which Wagtail names."""
        status = None if self.live else self.bundle_status()
        if status not in ("scheduled", "returned"):
            status = "withdrawn" if interpretation.first_published_at else None
        return BUNDLE_STATUS_LABELS[status] if status else None

    @cached_property
    def topic_names(self) -> list[str]:
        """The policy's topics, read once for its page (the metadata table and the page
        tags); a public page's are read by ``take_topics_for``."""
        if self.pk is None or "tagged_topics" in getattr(self, "_cluster_related_objects", {}):
            return list(self.topics.names())  # a draft's, in memory (a preview)
        # Read directly: the tag manager builds three querysets for one list of names.
        return [row["tag__name"] for row in _topic_rows(self.pk)]

    def take_topics_for(self, request) -> None:
        """Read the topics (``topic_names``) with SQL kept for the request's publication
        stamp (cms.models.shapes): only the policy's id differs from page to page."""
        in_memory = "tagged_topics" in getattr(self, "_cluster_related_objects", {})
        if self.pk is not None and not in_memory and "topic_names" not in self.__dict__:
            rows = shapes.read(("policy topics",), _topic_rows, (self.pk,), stamp=stamp_of(request))
            self.__dict__["topic_names"] = [row["tag__name"] for row in rows]

    def public_attachments(self):
        """The attachments with their documents, in one query (the draft's own in a
        preview); none read for a page ``take_attachments_for`` found without any."""
        if self.__dict__.get("_without_attachments"):
            return []
        return self.attachments.select_related("document").only(
            "page_id",
            "sort_order",
            "title",
            "document__title",
            "document__file",
            "document__file_size",
        )

    def take_agency_for(self, request) -> None:
        """Take the agency from the values kept for the request's publication stamp rather
        than reading its row (an agency's change moves the stamp): a public page of the
        policy or of its interpretation shows its name."""
        if self.agency_id and not PolicyPage.agency.is_cached(self):
            values = agency_values(self.agency_id, stamp=stamp_of(request))
            if values is not None:
                PolicyPage.agency.field.set_cached_value(self, Agency(**values))

    def take_attachments_for(self, request) -> None:
        """Learn from the set kept for the request's publication stamp whether the page
        has attachments at all, so that ``public_attachments`` reads none when it has
        none."""
        in_memory = "attachments" in getattr(self, "_cluster_related_objects", {})
        if not in_memory and self.pk not in attached_policy_ids(stamp=stamp_of(request)):
            self.__dict__["_without_attachments"] = True

    def article_tags(self) -> dict:
        """The policy's page tags (cms.extend.page_tags); its interpretations start from
        these too."""
        return {
            "ContentSource": self.agency.name,
            "Author": self.agency.name,
            "Keywords": [*self.topic_names, self.doc_number],
            "Description": self.summary or self.search_description,
        }

    def serve(self, request, *args, **kwargs):
        # Only proactively disclosed documents reach the public site (bundle rule 7,
        # docs/architecture.md#bundle-rules).
        if not self.is_publicly_disclosed():
            raise Http404
        return super().serve(request, *args, **kwargs)

    @classmethod
    def public_at(cls, path: str, request) -> "PolicyPage | None":
        """The policy at tree ``path``, live or not, read with SQL kept for the request's
        publication stamp (an interpretation's public page reads its policy so)."""
        found = shapes.read(
            ("policy at path", cls),
            lambda path: cls.objects.filter(path=path).order_by()[:1],
            (path,),
            stamp=stamp_of(request),
        )
        return found[0] if found else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.take_agency_for(request)
        self.take_attachments_for(request)
        self.take_topics_for(request)
        context["interpretations"] = self.interpretations(request)
        return context


def _topic_rows(policy_id: int):
    """The names of a policy's topics, in the order they were given."""
    topics = PolicyPageTopic.objects.filter(content_object_id=policy_id).order_by("pk")
    return topics.values("tag__name")


def listed_interpretations(depth: int, first: str, last: str, stamp) -> list:
    """The public interpretations among the pages at ``depth`` whose paths lie between
    ``first`` and ``last`` (one policy's children), with what a policy's page lists of
    each (its title, address, form and stage), in stage order. The SQL is kept per
    publication stamp (cms.models.shapes): it has no order to build, and only the path's
    range differs from policy to policy; the order is cheaper sorted here."""

    def build(depth, first, last):
        listed = InterpretationPage.objects.live().exclude(private_q(stamp))
        listed = listed.only(*LISTED_INTERPRETATION_FIELDS).order_by()
        return listed.filter(depth=depth, path__range=(first, last))

    rows = shapes.read(("listed interpretations",), build, (depth, first, last), stamp=stamp)
    return sorted(rows, key=stage_order_key)
