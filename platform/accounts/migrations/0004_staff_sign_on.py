"""Shop staff enter by single sign-on only.

The schema part: the browser proof of a sign-on ticket, and the account's session
generation ("log out everywhere"). The data part runs in every shop schema: staff
users there lose any password they still have (owners provisioned before this
change had a copy of their platform password), so no password opens a shop admin.
Shoppers (no staff flag) keep theirs. In the public schema it does nothing: there
the users are platform accounts, whose passwords are the way in.
"""

from django.contrib.auth.hashers import make_password
from django.db import migrations, models
from django.db.models import Q


def staff_passwords_unusable(apps, schema_editor):
    from django_tenants.utils import get_public_schema_name

    if schema_editor.connection.schema_name == get_public_schema_name():
        return
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(Q(is_staff=True) | Q(is_superuser=True)).exclude(
        password__startswith="!"
    ):
        user.password = make_password(None)
        user.save(update_fields=["password"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_collaborator_code_long"),
    ]

    operations = [
        migrations.AddField(
            model_name="ssoticket",
            name="browser_hash",
            field=models.CharField(default="", max_length=64, verbose_name="browser proof"),
        ),
        migrations.AddField(
            model_name="user",
            name="session_generation",
            field=models.PositiveIntegerField(default=0, verbose_name="session generation"),
        ),
        migrations.RunPython(staff_passwords_unusable, migrations.RunPython.noop),
    ]
