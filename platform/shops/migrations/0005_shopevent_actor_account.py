import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The audit entry's actor becomes the platform account that acted, beside the
    name it had then (the old free-text ``actor``, kept as ``actor_name``)."""

    dependencies = [
        ('shops', '0004_custom_domains_and_usage'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='shopevent', old_name='actor', new_name='actor_name'),
        migrations.AlterField(
            model_name='shopevent',
            name='actor_name',
            field=models.CharField(blank=True, max_length=254, verbose_name='actor name'),
        ),
        migrations.AddField(
            model_name='shopevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
        ),
        migrations.AlterField(
            model_name='shopevent',
            name='action',
            field=models.CharField(choices=[('provisioned', 'Provisioned'), ('suspended', 'Suspended'), ('reactivated', 'Reactivated'), ('exported', 'Exported'), ('deleted', 'Deleted'), ('domain_added', 'Domain added'), ('domain_verified', 'Domain verified'), ('domain_removed', 'Domain removed'), ('domain_primary', 'Primary domain changed'), ('member_joined', 'Member joined'), ('member_changed', "Member's access changed"), ('member_removed', 'Member removed'), ('member_invited', 'Member invited'), ('ownership_proposed', 'Ownership transfer proposed'), ('ownership_transferred', 'Ownership transferred'), ('collaborator_requested', 'Collaborator access requested'), ('collaborator_approved', 'Collaborator access approved'), ('collaborator_refused', 'Collaborator access refused'), ('collaborator_withdrawn', 'Collaborator access withdrawn'), ('collaborator_changed', 'Collaborator permissions changed'), ('collaborator_entered', 'Collaborator entered the shop admin'), ('support_entered', 'Platform support viewed the shop admin'), ('billing.trial_started', 'Trial started'), ('billing.status', 'Subscription status changed'), ('billing.plan_changed', 'Plan changed'), ('billing.cancel_requested', 'Subscription cancellation requested'), ('billing.cancel_undone', 'Cancellation undone'), ('payments.stripe_connected', 'Stripe account connected'), ('payments.stripe_state', 'Stripe account state changed'), ('payments.stripe_disconnected', 'Stripe account disconnected'), ('payments.test_mode_on', 'Test payments turned on'), ('payments.test_mode_off', 'Test payments turned off'), ('payments.stripe_event_replayed', 'Stripe event replayed')], max_length=32, verbose_name='action'),
        ),
    ]
