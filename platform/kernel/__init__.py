"""What every Souk app needs and none owns: money, the public schema, side effects
run in the right schema, and the Stripe client.

The bottom layer: it imports Django, django-tenants, babel and the Stripe SDK, never
a Souk app, so every app may import it.
"""
