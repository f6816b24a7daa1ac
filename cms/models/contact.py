"""The contact page: a form the merchant builds, submissions kept and emailed.

Built on ``wagtail.contrib.forms`` (fields edited in the admin, submissions listed
and exported there). Two things are added for spam: a honeypot field people never
see, and a limit on submissions per visitor and page (``cms.throttle``). Storing
and emailing go through ``cms.contact.contact_submission_record``, which sends the
email only once the submission is committed. Submissions are Wagtail's
``FormSubmission`` rows, stored in the shop's schema like every other row, so one
shop's submissions are never listed in another's admin.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from cms import throttle
from cms.contact import HONEYPOT, contact_submission_record
from cms.models.pages import CONTENT_PARENTS, SeoFieldsMixin


class ContactFormField(AbstractFormField):
    page = ParentalKey("cms.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(SeoFieldsMixin, AbstractEmailForm):
    intro = RichTextField(_("intro"), blank=True)
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, help_text=_("Shown after a message is sent.")
    )
    show_contact_details = models.BooleanField(
        _("show the shop's contact details"),
        default=True,
        help_text=_("Email, phone and address from the site settings, beside the form."),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        FieldPanel("show_contact_details"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]
    parent_page_types = CONTENT_PARENTS
    subpage_types: list[str] = []
    template = "cms/contact_page.html"
    landing_page_template = "cms/contact_page_landing.html"

    class Meta:
        verbose_name = _("contact page")

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        # Not hidden by type (bots skip type=hidden): off screen by CSS, out of the
        # tab order, with a label telling screen-reader users to leave it empty.
        form.fields[HONEYPOT] = forms.CharField(
            label=gettext("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        return form

    def process_form_submission(self, form):
        return contact_submission_record(page=self, form=form)

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if request.POST.get(HONEYPOT):
            # A bot: thank it as if it worked, keep and send nothing.
            return self.render_landing_page(request, None, *args, **kwargs)
        status = 200
        if form.is_valid():
            if throttle.allow(request, scope=f"contact:{self.pk}"):
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            form.add_error(
                None,
                gettext(
                    "You have sent several messages in a short time. Please wait a few "
                    "minutes and try again; your message is still in the form below."
                ),
            )
            status = 429
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)
