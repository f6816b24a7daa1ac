"""Collaborator request codes become 12 characters of Crockford base 32.

The old six-digit codes could be guessed: they are deleted, so each owner gets a
new code the next time they show it on the Team page (a request already sent is
unaffected). The constraint keeps a short code from ever being stored again.
"""

from django.db import migrations, models


def void_short_codes(apps, schema_editor):
    CollaboratorCode = apps.get_model("accounts", "CollaboratorCode")
    CollaboratorCode.objects.exclude(code__regex=r"^[0-9A-Z]{12,16}$").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_identity")]

    operations = [
        migrations.RunPython(
            void_short_codes, migrations.RunPython.noop, hints={"model_name": "collaboratorcode"}
        ),
        migrations.AddConstraint(
            model_name="collaboratorcode",
            constraint=models.CheckConstraint(
                condition=models.Q(code__regex="^[0-9A-Z]{12,16}$"),
                name="collaborator_code_long",
            ),
        ),
    ]
