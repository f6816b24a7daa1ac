"""Demo and benchmark data: the demo platform's shops, their catalogues, pictures,
orders and pages, and the bulk catalogue generator for benchmarks.

A Django app only for its management commands (``seed_demo``, ``generate_catalog``);
it has no models. It sits above every app it fills (``docs/architecture.md``,
"Layers"), so none of them imports it.
"""
