#!/usr/bin/env bash
# All tests: unit and registry tests (Surefire) and the invoker ITs (real Maven builds using the plugin).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify "$@"
