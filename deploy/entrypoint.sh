#!/usr/bin/env sh
# Start the Atlas the way README's first command does, bound for a container or a replica behind
# a load balancer. PORT (default 8501) and ADDRESS (default 0.0.0.0) come from the environment.
set -eu
cd "$(dirname "$0")/.."
# Beside the server: runs every page once as soon as it answers, so that the first visitor finds
# the caches warm and a deep link logs no 404 (deploy/warm.py says why).
python deploy/warm.py --port "${PORT:-8501}" &
exec python -m streamlit run app.py \
  --server.port "${PORT:-8501}" \
  --server.address "${ADDRESS:-0.0.0.0}" \
  --server.headless true
