"""The production image for the production-build test: an engine, a base, the build, the runs.

The image is built from the real ``Dockerfile``. Its base is the Dockerfile's default (a public
image on Docker Hub) when the engine already holds it; otherwise a Debian bookworm base made
here from Debian's packages (``mmdebstrap``), kept in the engine's store under a name that
changes with its recipe, so it is made once per machine (under a minute, then seconds to
import). Containers run on the host's network (``--network host``): they reach the test's
PostgreSQL and SMTP server on 127.0.0.1, and the test reaches gunicorn there.

``compose.yaml`` is the source of the containers' commands and environment, so what the test
runs is what ``docker compose up`` runs; only the database, the secret, gunicorn's port and
the mail server are the test's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.server import ROOT

HERE = Path(__file__).resolve().parent
# One tag per checkout, so that two work trees on one machine do not replace each other's image.
TAG = "localhost/network-portal:production-test-" + hashlib.sha256(bytes(ROOT)).hexdigest()[:8]
PUBLIC_BASE = re.search(
    r"^ARG BASE_IMAGE=(\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE
).group(1)

# The base made from Debian's packages: what python:3.11-slim-bookworm offers the Dockerfile
# (Python 3.11 as `python` and `pip` on PATH, in a virtual environment instead of /usr/local).
BASE_REPOSITORY = "localhost/network-portal-base"
SUITE = "bookworm"
MIRRORS = (
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
)
PACKAGES = ("python3", "python3-venv", "ca-certificates")
VENV = "/opt/python"
# Kept out of the base and of whatever the Dockerfile installs on it (the slim image does alike).
DPKG_OPTIONS = (
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/locale/*",
)
# The host's certificate authorities go into the base, so that `pip install` in the build
# trusts what the host trusts (an intercepting proxy's CA on a CI machine, for one).
HOST_CA = Path("/etc/ssl/certs/ca-certificates.crt")
BASE_CA = "/etc/ssl/host-ca-certificates.crt"
PATH = f"{VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class Unavailable(Exception):
    """The image cannot be built on this machine; the message says why and what would help."""


@dataclass
class Engine:
    name: str
    command: list[str]
    env: dict = field(default_factory=dict)

    def run(self, *args: str, check: bool = True, timeout: float = 600):
        result = subprocess.run(
            [*self.command, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            output = (result.stdout + result.stderr)[-4000:]
            raise RuntimeError(f"`{self.name} {' '.join(args[:2])} …` failed:\n{output}")
        return result

    def has_image(self, image: str) -> bool:
        return self.run("image", "inspect", image, check=False, timeout=60).returncode == 0

    def image_id(self, image: str) -> str | None:
        result = self.run("image", "inspect", "--format", "{{.Id}}", image, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    def image_size(self, image: str) -> int:
        return int(self.run("image", "inspect", "--format", "{{.Size}}", image).stdout.strip())


def _runc() -> str | None:
    found = shutil.which("runc")
    if found:
        return found
    return "/usr/sbin/runc" if Path("/usr/sbin/runc").exists() else None


def find_engine() -> Engine:
    """docker when its daemon answers, else podman (with tests/production/containers.conf and
    runc, as it runs inside unprivileged CI machines); Unavailable when neither answers, or
    where the containers would not share this machine's network (a virtual machine)."""
    if sys.platform != "linux":
        raise Unavailable(
            f"on {sys.platform} containers run in a virtual machine, whose host network "
            "(--network host) is not this machine's 127.0.0.1 where the test's servers listen"
        )
    reasons = []
    for name in ("docker", "podman"):
        path = shutil.which(name)
        if path is None:
            reasons.append(f"no `{name}` command")
            continue
        command, env = [path], dict(os.environ)
        if name == "podman":
            env.setdefault("CONTAINERS_CONF", str(HERE / "containers.conf"))
            if _runc():
                command += ["--runtime", _runc()]
        try:
            info = subprocess.run(
                [*command, "info"], env=env, capture_output=True, text=True, timeout=60
            )
        except subprocess.TimeoutExpired:
            reasons.append(f"`{name} info` did not answer within 60 s")
            continue
        if info.returncode == 0 and "Docker Desktop" in info.stdout:
            reasons.append("Docker Desktop runs containers in a virtual machine (--network host)")
        elif info.returncode == 0:
            return Engine(name, command, env)
        else:
            last = (info.stderr.strip().splitlines() or ["no output"])[-1]
            reasons.append(f"`{name} info` failed: {last}")
    raise Unavailable(
        "no usable container engine (" + "; ".join(reasons) + "); install podman, runc, "
        "mmdebstrap and uidmap (Debian) or start Docker to build and check the image"
    )


def _base_recipe() -> dict:
    ca = hashlib.sha256(HOST_CA.read_bytes()).hexdigest() if HOST_CA.exists() else None
    return {
        "suite": SUITE,
        "mirrors": MIRRORS,
        "packages": PACKAGES,
        "venv": VENV,
        "dpkg": DPKG_OPTIONS,
        "ca": ca,
        "path": PATH,
    }


def debian_base_tag() -> str:
    digest = hashlib.sha256(json.dumps(_base_recipe(), sort_keys=True).encode()).hexdigest()
    return f"{BASE_REPOSITORY}:{SUITE}-{digest[:12]}"


def make_debian_base(engine: Engine, tag: str) -> None:
    """Debian bookworm (minbase) with Python 3.11 in a virtual environment, from Debian's
    packages, imported into the engine's store as ``tag``."""
    with tempfile.TemporaryDirectory(prefix="portal-base-") as folder:
        rootfs = Path(folder) / "rootfs.tar"
        command = ["mmdebstrap", "--variant=minbase", "--include=" + ",".join(PACKAGES)]
        command += [f"--dpkgopt={option}" for option in DPKG_OPTIONS]
        command.append(f'--customize-hook=chroot "$1" python3 -m venv {VENV}')
        changes = [f"ENV PATH={PATH}", "ENV LANG=C.UTF-8", 'CMD ["python3"]']
        if HOST_CA.exists():
            shutil.copyfile(HOST_CA, Path(folder) / Path(BASE_CA).name)
            command.append(f"--customize-hook=copy-in {Path(folder) / Path(BASE_CA).name} /etc/ssl")
            changes.append(f"ENV PIP_CERT={BASE_CA}")
        command += [SUITE, str(rootfs), *MIRRORS]
        try:
            made = subprocess.run(command, capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired as error:
            raise Unavailable("mmdebstrap did not finish within 15 minutes") from error
        if made.returncode != 0:
            raise Unavailable(
                "mmdebstrap could not make a Debian base (is Debian's mirror reachable?):\n"
                + made.stderr[-2000:]
            )
        arguments = [item for change in changes for item in ("--change", change)]
        engine.run("import", *arguments, str(rootfs), tag)


def base_image(engine: Engine) -> tuple[str, str]:
    """The image the Dockerfile builds on here, and a few words on where it came from."""
    chosen = os.environ.get("PORTAL_IMAGE_BASE")
    if chosen:
        if not engine.has_image(chosen):
            pulled = engine.run("pull", chosen, check=False, timeout=600)
            if pulled.returncode != 0:
                raise Unavailable(f"PORTAL_IMAGE_BASE={chosen} cannot be pulled")
        return chosen, "PORTAL_IMAGE_BASE"
    if engine.has_image(PUBLIC_BASE):
        return PUBLIC_BASE, "the Dockerfile's default, already in the engine's store"
    tag = debian_base_tag()
    if engine.has_image(tag):
        return tag, "made from Debian's packages earlier (cached in the engine's store)"
    if shutil.which("mmdebstrap"):
        started = time.monotonic()
        make_debian_base(engine, tag)
        seconds = time.monotonic() - started
        return tag, f"made from Debian's packages with mmdebstrap in {seconds:.0f} s"
    try:
        pulled = engine.run("pull", PUBLIC_BASE, check=False, timeout=300)
        failure = (pulled.stderr.strip().splitlines() or ["?"])[-1] if pulled.returncode else ""
    except subprocess.TimeoutExpired:
        failure = "no answer within 5 minutes"
    if not failure:
        return PUBLIC_BASE, "the Dockerfile's default, pulled"
    raise Unavailable(
        f"{engine.name} answers, but there is no base image: pulling {PUBLIC_BASE} failed "
        f"({failure}) and mmdebstrap, which makes one from Debian's packages, is not installed "
        "(apt-get install mmdebstrap uidmap)"
    )


def build(engine: Engine, base: str) -> None:
    """Build the Dockerfile of this checkout on ``base`` as ``TAG`` (the previous image of the
    tag is removed, so repeated runs leave one image behind)."""
    previous = engine.image_id(TAG)
    command = ["build", "--network", "host", "--build-arg", f"BASE_IMAGE={base}", "-t", TAG]
    if engine.name == "podman":
        command += ["--format", "docker"]  # keep the HEALTHCHECK, as docker does
    engine.run(*command, "-f", str(ROOT / "Dockerfile"), str(ROOT), timeout=1800)
    if previous and previous != engine.image_id(TAG):
        engine.run("rmi", previous, check=False)


# --- compose.yaml -------------------------------------------------------------------------------
_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def _interpolate(value: str, variables: dict) -> str:
    def replace(match):
        name, operator, argument = match.groups()
        present = variables.get(name)
        if operator in (":-", ":?") and not present:
            present = None
        if present is not None:
            return present
        if operator and operator.endswith("?"):
            raise KeyError(f"compose.yaml needs {name}: {argument}")
        return argument or ""

    return _VARIABLE.sub(replace, value.replace("$$", "\0")).replace("\0", "$")


@dataclass
class Service:
    command: list[str]
    environment: dict
    healthcheck: list[str]


def compose_service(name: str, variables: dict) -> Service:
    """A service of compose.yaml: its command and environment, with ``${…}`` resolved from
    ``variables`` alone (not from the caller's environment)."""
    service = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"][name]
    command = service.get("command") or []
    command = shlex.split(command) if isinstance(command, str) else list(command)
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    environment = {k: _interpolate(str(v), variables) for k, v in environment.items()}
    test = (service.get("healthcheck") or {}).get("test") or []
    if isinstance(test, str):
        test = ["CMD-SHELL", test]
    return Service(command, environment, test)


def with_bind(command: list[str], port: int) -> list[str]:
    """The command with gunicorn's --bind moved to 127.0.0.1:``port`` (the host's network is
    shared with the other processes of the machine, so not port 8000)."""
    moved = [re.sub(r"(--bind[= ])\S+", rf"\g<1>127.0.0.1:{port}", part) for part in command]
    if moved == command:
        raise AssertionError(f"compose.yaml's command names no gunicorn --bind: {command}")
    return moved


# --- containers ---------------------------------------------------------------------------------
@contextlib.contextmanager
def running(
    engine: Engine,
    name: str,
    command: list[str],
    environment: dict,
    *,
    volumes: tuple[str, ...] = (),
) -> Iterator[str]:
    """A container of the image on the host's network; its log is printed when the block fails
    (pytest shows it with the failure); removed afterwards."""
    arguments = ["run", "--detach", "--name", name, "--network", "host"]
    for volume in volumes:
        arguments += ["--volume", volume]
    for key, value in environment.items():
        arguments += ["--env", f"{key}={value}"]
    engine.run(*arguments, TAG, *command, timeout=120)
    try:
        yield name
    except BaseException:
        print(f"--- log of the container {name} ---\n{logs(engine, name)}", file=sys.stderr)
        raise
    finally:
        engine.run("stop", "--time", "10", name, check=False, timeout=60)
        engine.run("rm", "--force", name, check=False, timeout=60)


def logs(engine: Engine, name: str) -> str:
    result = engine.run("logs", name, check=False, timeout=60)
    return (result.stdout + result.stderr)[-6000:]


def is_running(engine: Engine, name: str) -> bool:
    result = engine.run("inspect", "--format", "{{.State.Running}}", name, check=False)
    return result.stdout.strip() == "true"


if __name__ == "__main__":
    # `python -m tests.production.container`: print the base the test builds on (made when needed).
    try:
        found = find_engine()
        print(base_image(found)[0])
    except Unavailable as reason:
        sys.exit(str(reason))
