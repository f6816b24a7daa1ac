"""One customer record per e-mail for what a shop already has: every e-mail that placed
an order (the latest order's shipping name as the name) and every shopper account
(linked). From now on checkout and registration make them (``customers.services``)."""

from django.db import migrations

FROM_ORDERS = """
INSERT INTO customers_customer
    (email, first_name, last_name, phone, accepts_marketing, note, tags, created_at, updated_at)
SELECT lower(email),
       left(split_part(name, ' ', 1), 150),
       left(coalesce(nullif(substr(name, length(split_part(name, ' ', 1)) + 2), ''), ''), 150),
       '', false, '', '{}', first_placed, now()
FROM (
    SELECT email,
           min(placed_at) AS first_placed,
           btrim(coalesce(
               (array_agg(shipping_address->>'name' ORDER BY placed_at DESC))[1], ''
           )) AS name
    FROM orders_order
    GROUP BY lower(email), email
) AS placed
ON CONFLICT DO NOTHING
"""

FROM_ACCOUNTS = """
INSERT INTO customers_customer
    (email, first_name, last_name, phone, accepts_marketing, note, tags, created_at, updated_at,
     user_id)
SELECT lower(email), left(first_name, 150), left(last_name, 150), '', false, '', '{}',
       date_joined, now(), id
FROM accounts_user
WHERE NOT is_staff AND NOT is_superuser
ON CONFLICT ((lower(email))) DO UPDATE SET user_id = EXCLUDED.user_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_customer_and_segment"),
        ("orders", "0004_tracking_url_validated"),
        ("accounts", "0004_staff_sign_on"),
    ]

    operations = [
        migrations.RunSQL(FROM_ORDERS, migrations.RunSQL.noop),
        migrations.RunSQL(FROM_ACCOUNTS, migrations.RunSQL.noop),
    ]
