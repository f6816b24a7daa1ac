"""Demo and benchmark catalogues: the demo shops' products, their pictures (drawn
locally with Pillow) and the bulk generator behind ``manage.py generate_catalog``."""
