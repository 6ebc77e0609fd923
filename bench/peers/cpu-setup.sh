#!/usr/bin/env bash
# Makes `python3 -c 'import torch'` work for bench/peers/cpu-run.sh on a machine without PyPI:
# the CPU wheel from a local wheel folder (default /opt/wheels) installed without its dependencies,
# and the two pure-Python ones torch.compile needs that such machines lack (filelock, fsspec) taken
# from Debian's packages into target/pydeps. Prints the PYTHONPATH to export.
# usage: bench/peers/cpu-setup.sh [WHEEL_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
wheels=${1:-/opt/wheels}
python=${PYTHON:-python3}
if ! "$python" -c 'import torch' 2>/dev/null; then
  whl=$(ls "$wheels"/torch-*cpu*.whl 2>/dev/null | head -1)
  [ -n "$whl" ] || { echo "no torch CPU wheel in $wheels" >&2; exit 2; }
  "$python" -m pip install -q --no-deps "$whl"
fi
deps=$PWD/target/pydeps
if ! "$python" -c 'import filelock, fsspec' 2>/dev/null; then
  mkdir -p "$deps" /tmp/latent-debs
  (cd /tmp/latent-debs && apt-get download python3-filelock python3-fsspec >/dev/null)
  for d in /tmp/latent-debs/*.deb; do dpkg-deb -x "$d" /tmp/latent-debs/x; done
  cp -r /tmp/latent-debs/x/usr/lib/python3/dist-packages/. "$deps/"
fi
echo "export PYTHONPATH=$deps\${PYTHONPATH:+:\$PYTHONPATH}"
