"""Request overhead: a trivial view behind Souk's host routing against a bare Django app.

Two gunicorn servers with identical settings (sync workers, ``--workers 2
--threads 1``, persistent database connections) serve the same ``/robots.txt``
bytes with the same ``Host: <shop>.localhost`` header:

* ``souk``: ``config.wsgi`` with bench/settings_souk.py (``config.settings.base``,
  DEBUG off) -- host routing, django-tenants' backend, the shop status check,
  Wagtail's redirects, then ``storefront.views.robots_txt`` (no query).
* ``bare``: bench/bare_app.py -- the same Django middleware minus Souk's.

bench/loadgen.py drives one server at a time for ``--duration`` seconds with
``--concurrency`` client processes on 127.0.0.1, alternating the servers over
``--rounds`` rounds so that a noisy neighbour hits both alike. Reported: requests per
second (median of the rounds), the workers' CPU time per request (steadier than
requests per second on a shared machine) and the workers' peak RSS (sampled).

One shop is provisioned for the run (``bench9NN-<hex>``, cloned on demand with the
schema pool set aside) and removed afterwards.
Run: ``SOUK_EMBEDDED_DB=souk_bench .venv/bin/python bench/request_overhead.py``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import measure
import psutil
from shop_provisioning import SoukProvision, django_setup, leftovers_sweep, pool_set_aside

BENCH = Path(__file__).resolve().parent
PATH = "/robots.txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, *, name: str, app: str, settings_module: str, env: dict, options: dict):
        self.name = name
        self.app = app
        self.port = free_port()
        self.env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": settings_module}
        self.options = options
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-{name}-", suffix=".log")  # noqa: SIM115

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", self.app,
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.options["workers"]),
            "--threads", str(self.options["threads"]),
            "--worker-class", self.options["worker_class"],
            "--pythonpath", str(BENCH),
            "--chdir", str(measure.ROOT),
            "--timeout", "60",
            "--log-level", "warning",
        ]  # fmt: skip

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command(), env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def workers(self) -> list[int]:
        try:
            return [child.pid for child in psutil.Process(self.process.pid).children()]
        except psutil.Error:
            return []

    def workers_cpu(self) -> float:
        total = 0.0
        for pid in self.workers():
            try:
                times = psutil.Process(pid).cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    def get(self, host: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", PATH, headers={"Host": host})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def wait_ready(self, host: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, _body = self.get(host)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200 and len(self.workers()) >= self.options["workers"]:
                return
            time.sleep(0.2)
        self.log.seek(0)
        raise RuntimeError(f"{self.name} did not start:\n{self.log.read().decode()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def load(server: Server, *, host: str, duration: float, concurrency: int) -> dict:
    cpu_before = server.workers_cpu()
    out = subprocess.run(
        [
            sys.executable,
            str(BENCH / "loadgen.py"),
            "--port",
            str(server.port),
            "--host",
            host,
            "--path",
            PATH,
            "--duration",
            str(duration),
            "--concurrency",
            str(concurrency),
        ],
        capture_output=True,
        text=True,
        timeout=duration + 120,
        check=True,
    )
    result = json.loads(out.stdout)
    cpu = server.workers_cpu() - cpu_before
    result["worker_cpu_us_per_request"] = cpu / max(result["ok"], 1) * 1e6
    return result


def run(*, duration: float, rounds: int, concurrency: int, warmup: float, options: dict) -> dict:
    django_setup()
    from django.conf import settings
    from django.db import connection

    leftovers_sweep()
    provisioner = SoukProvision()
    provisioner._n = 900
    with pool_set_aside():  # cloned on demand: the pool is left as it was
        provisioner.run_once()
    shop = provisioner.made[-1]
    host = f"{shop['subdomain']}.{settings.PLATFORM_DOMAIN}"
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {"DATABASE_URL": settings.DATABASE_URL, "STATIC_ROOT": static_root}
    connection.close()  # the servers' connections are the ones that count
    servers = {
        "souk": Server(
            name="souk",
            app="config.wsgi:application",
            settings_module="settings_souk",
            env=env,
            options=options,
        ),
        "bare": Server(
            name="bare",
            app="bare_app:application",
            settings_module="bare_app",
            env=env,
            options=options,
        ),
    }
    results: dict = {
        "server": {**options, "concurrency": concurrency, "duration_s": duration},
        "loadavg_before": os.getloadavg(),
        "host": "<shop>." + settings.PLATFORM_DOMAIN,
        "servers": {},
    }
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready(host)
        bodies = {name: server.get(host) for name, server in servers.items()}
        if bodies["souk"] != bodies["bare"] or bodies["souk"][0] != 200:
            raise RuntimeError(f"The two servers answer differently: {bodies!r}")
        samplers = {
            name: measure.RssSampler(server.workers, interval=0.05)
            for name, server in servers.items()
        }
        for sampler in samplers.values():
            sampler.__enter__()
        try:
            for server in servers.values():
                load(server, host=host, duration=warmup, concurrency=concurrency)
            runs: dict[str, list[dict]] = {name: [] for name in servers}
            for index in range(rounds):
                order = ["souk", "bare"] if index % 2 == 0 else ["bare", "souk"]
                for name in order:
                    runs[name].append(
                        load(servers[name], host=host, duration=duration, concurrency=concurrency)
                    )
        finally:
            for sampler in samplers.values():
                sampler.__exit__(None, None, None)
        for name, server in servers.items():
            master = psutil.Process(server.process.pid).memory_info().rss
            results["servers"][name] = {
                "rps": statistics.median(r["rps"] for r in runs[name]),
                "rps_rounds": [r["rps"] for r in runs[name]],
                "requests": sum(r["ok"] for r in runs[name]),
                "errors": sum(r["errors"] for r in runs[name]),
                "worker_cpu_us_per_request": statistics.median(
                    r["worker_cpu_us_per_request"] for r in runs[name]
                ),
                "rss": {**samplers[name].peak(), "master_mib": measure.mib(master)},
            }
    finally:
        for server in servers.values():
            server.stop()
        os.rmdir(static_root)
        provisioner.drop_last()
        results["leftovers_after"] = leftovers_sweep()
    results["loadavg_after"] = os.getloadavg()
    souk, bare = results["servers"]["souk"], results["servers"]["bare"]
    results["ratio"] = souk["rps"] / bare["rps"]
    results["cpu_ratio"] = bare["worker_cpu_us_per_request"] / souk["worker_cpu_us_per_request"]
    results["targets"] = {"at_least_60_percent_of_bare": results["ratio"] >= 0.6}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per server")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    results = run(
        duration=args.duration,
        rounds=args.rounds,
        concurrency=args.concurrency,
        warmup=args.warmup,
        options={
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": args.worker_class,
        },
    )
    text = json.dumps(results, indent=2)
    if args.json:
        args.json.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
