"""Wagtail's default "Moderators approval" workflow, switched off in every shop.

Wagtail assigns it to the tree's root, so each page's editor offers "Submit to
Moderators approval" beside Publish, in shops of one person. Deactivated, not
deleted: a merchant who wants review before publishing turns it back on under
Advanced → Workflows.
"""

from django.db import migrations


def workflow_off(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name="Moderators approval").update(active=False)


def workflow_on(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name="Moderators approval").update(active=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_links_validated"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(workflow_off, workflow_on)]
