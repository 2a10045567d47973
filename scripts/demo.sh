#!/usr/bin/env bash
# The main job, end to end: start a local registry, push a sample image, download it with the plugin.
#   scripts/demo.sh            (from the project root)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v docker-registry >/dev/null || { echo "docker-registry not found: apt-get install -y docker-registry" >&2; exit 1; }

echo "== building and installing the plugin"
mvn -q -B install -DskipTests -Dinvoker.skip=true

echo "== starting a registry and pushing demo/hello:1.0"
work=$(mktemp -d)
mkfifo "$work/stdin"
java -cp target/test-classes:target/classes io.github.blobdownloader.testing.DemoRegistry <"$work/stdin" >"$work/registry.out" 2>&1 &
registry_pid=$!
exec 3>"$work/stdin"   # holding the pipe open keeps the registry serving
trap 'exec 3>&-; wait $registry_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q '^READY' "$work/registry.out" && break; sleep 0.2; done
grep -q '^READY' "$work/registry.out" || { cat "$work/registry.out" >&2; exit 1; }
hostport=$(awk '/^READY/ {print $2}' "$work/registry.out")

echo "== downloading $hostport/demo/hello:1.0 with the plugin, in an empty folder"
mkdir "$work/empty" && cd "$work/empty"
mvn -B io.github.blobdownloader:blob-downloader-maven-plugin:1.0.0-SNAPSHOT:download \
    -Dblob.image="$hostport/demo/hello:1.0"
echo "== downloaded_blobs:"
ls -l downloaded_blobs
