"""Record the calls a view makes to a service, and still run the service.

For admin forms where the service and a direct model save would leave the same rows
(the form already asks the service's checks), the tests prove the write path by the
call itself; the service still runs, against the real database.
"""

from __future__ import annotations


def service_calls(monkeypatch, module, name: str) -> list[dict]:
    """The keyword arguments of each call ``module`` makes to its service ``name``."""
    calls: list[dict] = []
    real = getattr(module, name)

    def recorded(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(module, name, recorded)
    return calls
