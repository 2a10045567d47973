#!/usr/bin/env bash
# Times the plugin against the transfer floors (curl in parallel without verification, and curl | tee |
# openssl dgst -sha256 per blob, which verifies), skopeo and Maven's own start-up (a -Dblob.skip=true run), on a
# local registry holding a 1 GiB image (4 x 256 MiB incompressible gzip layers), an image of 100 small layers and
# one of 40 tiny layers, served over plain HTTP and, from the same storage, over TLS (a CA made at run time,
# given to the plugin as caCertificates). The extract rows unpack bench/rootfs:1 (4 gzip tar layers of about
# 256 MiB of files, upper layers replacing and deleting some of the lower files) and bench/big:1 with
# mvn …:extract against skopeo copy … oci: + umoci unpack --rootless. Prints medians and the ratios the project
# targets.
#   scripts/benchmark.sh            (from anywhere; RUNS=5 scripts/benchmark.sh for more runs)
#   ONLY=extract scripts/benchmark.sh   (the extract rows alone)
# The plugin is installed into a private local repository (target/bench-repo), never into ~/.m2.
# Needs: java 17, mvn, docker-registry, skopeo, umoci, curl, openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
RUNS=${RUNS:-3}
ONLY=${ONLY:-}
repo="$root/target/bench-repo"
plugin=io.github.blobdownloader:blob-downloader-maven-plugin:1.0.0-SNAPSHOT
for tool in docker-registry skopeo umoci curl openssl mvn java; do
    command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install -y docker-registry skopeo umoci curl openssl maven" >&2; exit 1; }
done

# On a VM that hands free memory back to its host (virtio-balloon free page reporting), writing 1 GiB into pages
# the host took back costs up to 2 s of page faults, at random from run to run and tool to tool (a tool that
# starts writing a second later, as a JVM does, finds more of the memory freed by the run before handed back).
# While the script runs, the reporting is paused where it can be (root, and the kernel knob exists) and restored
# on exit; KEEP_PAGE_REPORTING=1 leaves it alone.
knob=/sys/module/page_reporting/parameters/page_reporting_order
page_order=
if [ -z "${KEEP_PAGE_REPORTING:-}" ] && [ -w "$knob" ]; then
    page_order=$(cat "$knob")
    if echo 11 >"$knob" 2>/dev/null; then
        echo "== free page reporting paused for the run (page_reporting_order $page_order -> 11)"
    else
        page_order=
    fi
fi
restore_reporting() { if [ -n "$page_order" ]; then echo "$page_order" >"$knob" || true; fi; }
trap restore_reporting EXIT

echo "== installing the plugin into $repo (private local repository)"
mvn -B -q -ntp -Dmaven.repo.local="$repo" install -DskipTests -Dinvoker.skip=true

work=$(mktemp -d "$root/target/bench-XXXXXX")
mkfifo "$work/stdin"
echo "== starting the registry and pushing bench/big:1 (1 GiB), bench/rootfs:1 (1 GiB of files) and bench/many:1 (100 layers)"
java -cp target/test-classes:target/classes io.github.blobdownloader.testing.BenchmarkRegistry <"$work/stdin" >"$work/registry.out" 2>&1 &
registry_pid=$!
exec 3>"$work/stdin"
trap 'exec 3>&-; wait $registry_pid 2>/dev/null || true; rm -rf "$work"; restore_reporting' EXIT
for _ in $(seq 1 600); do grep -q '^READY' "$work/registry.out" && break; kill -0 $registry_pid 2>/dev/null || break; sleep 0.2; done
grep -q '^READY' "$work/registry.out" || { cat "$work/registry.out" >&2; exit 1; }
read -r _ hostport access_log tls_hostport ca_pem < <(grep '^READY' "$work/registry.out")
big="$hostport/bench/big:1"
many="$hostport/bench/many:1"
rootfs="$hostport/bench/rootfs:1"
tls_big="$tls_hostport/bench/big:1"
tls_tiny="$tls_hostport/bench/tiny:1"
mkdir -p "$work/certs" && cp "$ca_pem" "$work/certs/ca.crt"   # skopeo's --src-cert-dir wants *.crt
mvn_run=(mvn -B -q -ntp -nsu -Dmaven.repo.local="$repo")
mkdir -p "$work/cwd" && cd "$work/cwd"   # no project here: the goals run as from a bare folder

now_ms() { date +%s%3N; }
# time_ms <command...>: runs the command, prints its wall time in ms; fails the script if it fails.
time_ms() {
    local start end
    start=$(now_ms)
    "$@" >"$work/last.log" 2>&1 || { echo "FAILED: $*" >&2; cat "$work/last.log" >&2; exit 1; }
    end=$(now_ms)
    echo $((end - start))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
blob_gets() { grep -c '"GET /v2/[^ ]*/blobs/' "$access_log" || true; }
# Every run starts with an empty blob cache; the TLS engine's native library stays unpacked under cache/native, as
# it does in a user's cache after the first pull (the "first TLS pull" row times that one).
fresh() {
    rm -rf "$work/out" "$work/oci" "$work/bundle"
    if [ -d "$work/cache" ]; then find "$work/cache" -mindepth 1 -maxdepth 1 ! -name native -exec rm -rf {} +; fi
}

plugin_pull() { # image, extra args...
    local image=$1; shift
    "${mvn_run[@]}" "$plugin:download" -Dblob.image="$image" -Dblob.outputDirectory="$work/out" \
        -Dblob.cacheDirectory="$work/cache" "$@"
}
tls_pull() { plugin_pull "$@" -Dblob.caCertificates="$ca_pem"; }
jdk_tls_pull() { tls_pull "$@" -Dblob.tlsEngine=jdk; }
first_tls_pull() { rm -rf "$work/cache/native"; tls_pull "$@"; }
skopeo_pull() { skopeo copy -q --insecure-policy --src-tls-verify=false "docker://$1" "dir:$work/out"; }
skopeo_tls_pull() { skopeo copy -q --insecure-policy --src-cert-dir "$work/certs" "docker://$1" "dir:$work/out"; }
plugin_extract() { # image
    "${mvn_run[@]}" "$plugin:extract" -Dblob.image="$1" -Dblob.outputDirectory="$work/out" -Dblob.cacheDirectory="$work/cache"
}
skopeo_umoci() { # image: the daemonless workflow extract replaces
    skopeo copy -q --insecure-policy --src-tls-verify=false "docker://$1" "oci:$work/oci:1" \
        && umoci unpack --rootless --image "$work/oci:1" "$work/bundle"
}
curl_pull() { # base URL, curl options...: the blobs of bench/big:1, in parallel, no verification
    local base=$1; shift
    local args=() digest
    for digest in "${digests[@]}"; do
        args+=(-o "$work/out/${digest#sha256:}" "$base/v2/bench/big/blobs/$digest")
    done
    mkdir -p "$work/out" && curl -sf -Z --parallel-max 8 "$@" "${args[@]}"
}
verifying_floor() { # base URL, curl options...: each blob through tee into its file and openssl's SHA-256, in parallel
    local base=$1; shift
    local digest pids=()
    mkdir -p "$work/out"
    for digest in "${digests[@]}"; do
        ( curl -sf "$@" "$base/v2/bench/big/blobs/$digest" | tee "$work/out/${digest#sha256:}" \
            | openssl dgst -sha256 -r | grep -q "^${digest#sha256:}" ) & pids+=($!)
    done
    local pid
    for pid in "${pids[@]}"; do wait "$pid"; done
}
digests=($(curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$hostport/v2/bench/big/manifests/1" \
    | grep -o 'sha256:[0-9a-f]\{64\}'))

declare -A times
run() { # name, command...
    local name=$1; shift
    local samples=() i t
    for i in $(seq 1 "$RUNS"); do fresh; t=$(time_ms "$@"); samples+=("$t"); done
    times[$name]=$(median "${samples[@]}")
    printf '  %-34s %6d ms   (runs: %s)\n' "$name" "${times[$name]}" "${samples[*]}"
}

echo "== timing, median of $RUNS runs (cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg))"
run "mvn trivial goal (-Dblob.skip=true)" plugin_pull "$big" -Dblob.skip=true
run "plugin extract, rootfs 1 GiB" plugin_extract "$rootfs"
run "skopeo oci: + umoci unpack, rootfs" skopeo_umoci "$rootfs"
run "plugin extract, big 1 GiB" plugin_extract "$big"
run "skopeo oci: + umoci unpack, big" skopeo_umoci "$big"
fresh
extract_check() {
    check "extract rootfs 1 GiB: whole plugin run / skopeo + umoci" \
        "$(ratio ${times["plugin extract, rootfs 1 GiB"]} ${times["skopeo oci: + umoci unpack, rootfs"]})" 0.5 "x"
    check "extract big 1 GiB: whole plugin run / skopeo + umoci" \
        "$(ratio ${times["plugin extract, big 1 GiB"]} ${times["skopeo oci: + umoci unpack, big"]})" 0.5 "x"
}
check() { # label, value, limit, unit
    awk -v l="$1" -v v="$2" -v t="$3" -v u="$4" 'BEGIN { printf "  %-58s %7.2f%s  target <= %.2f%s  %s\n", l, v, u, t, u, (v <= t) ? "PASS" : "FAIL" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
if [ "$ONLY" = extract ]; then
    echo "== targets"
    extract_check
    exit 0
fi
run "curl parallel, 1 GiB" curl_pull "http://$hostport"
run "curl | tee | openssl dgst, 1 GiB" verifying_floor "http://$hostport"
run "plugin download, 1 GiB" plugin_pull "$big"
run "skopeo copy, 1 GiB" skopeo_pull "$big"
run "plugin download, 100 layers" plugin_pull "$many"
run "skopeo copy, 100 layers" skopeo_pull "$many"
run "TLS: curl parallel, 1 GiB" curl_pull "https://$tls_hostport" --cacert "$ca_pem"
run "TLS: curl | tee | openssl dgst, 1 GiB" verifying_floor "https://$tls_hostport" --cacert "$ca_pem"
run "TLS: plugin download, 1 GiB" tls_pull "$tls_big"
run "TLS: skopeo copy, 1 GiB" skopeo_tls_pull "$tls_big"
run "TLS: plugin download, 40 tiny layers" tls_pull "$tls_tiny"
run "TLS: skopeo copy, 40 tiny layers" skopeo_tls_pull "$tls_tiny"
run "TLS: plugin, tlsEngine=jdk, 1 GiB" jdk_tls_pull "$tls_big"
run "TLS: plugin, tlsEngine=jdk, 40 tiny" jdk_tls_pull "$tls_tiny"
run "TLS: first pull, 40 tiny (unpacks)" first_tls_pull "$tls_tiny"
# The tiny row's download time is a small difference of two whole runs timed minutes apart, and the VM's speed
# drifts in between; the same three runs again in rounds (skip run, plugin, skopeo), for a reference figure
# measured under one state of the machine.
round_skip=(); round_tiny=(); round_skopeo=()
for i in $(seq 1 "$RUNS"); do
    fresh; round_skip+=("$(time_ms plugin_pull "$big" -Dblob.skip=true)")
    fresh; round_tiny+=("$(time_ms tls_pull "$tls_tiny")")
    fresh; round_skopeo+=("$(time_ms skopeo_tls_pull "$tls_tiny")")
done
printf '  %-34s %6d / %d / %d ms   (runs: %s / %s / %s)\n' "rounds: skip / 40 tiny / skopeo" \
    "$(median "${round_skip[@]}")" "$(median "${round_tiny[@]}")" "$(median "${round_skopeo[@]}")" \
    "${round_skip[*]}" "${round_tiny[*]}" "${round_skopeo[*]}"

fresh
small_heap=PASS
(MAVEN_OPTS=-Xmx64m time_ms plugin_pull "$big") >/dev/null || small_heap=FAIL
plugin_pull "$big" >/dev/null   # fills out/ and the cache for the no-op re-runs
gets_before=$(blob_gets)
noop=()
for i in $(seq 1 "$RUNS"); do t=$(time_ms plugin_pull "$big"); noop+=("$t"); done
times["no-op re-run, 1 GiB"]=$(median "${noop[@]}")
noop_gets=$(( $(blob_gets) - gets_before ))
printf '  %-34s %6d ms   (runs: %s; blob GETs: %d)\n' "no-op re-run, 1 GiB" "${times["no-op re-run, 1 GiB"]}" "${noop[*]}" "$noop_gets"
big_digest=$(curl -sfI -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$hostport/v2/bench/big/manifests/1" \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}')
requests_before=$(grep -c '"[A-Z]* /v2/bench/big/' "$access_log" || true)
pinned=()
for i in $(seq 1 "$RUNS"); do t=$(time_ms plugin_pull "$hostport/bench/big@$big_digest"); pinned+=("$t"); done
pinned_requests=$(( $(grep -c '"[A-Z]* /v2/bench/big/' "$access_log" || true) - requests_before ))
printf '  %-34s %6d ms   (runs: %s; requests: %d)\n' "no-op re-run, pinned by digest" "$(median "${pinned[@]}")" \
    "${pinned[*]}" "$pinned_requests"

mvn_ms=${times["mvn trivial goal (-Dblob.skip=true)"]}
echo "== targets (download time = run - the -Dblob.skip=true run)"
extract_check
dl_big=$(( times["plugin download, 1 GiB"] - mvn_ms ))
dl_many=$(( times["plugin download, 100 layers"] - mvn_ms ))
dl_tiny=$(( times["TLS: plugin download, 40 tiny layers"] - mvn_ms ))
check "TLS 1 GiB: whole plugin run / skopeo whole run" \
    "$(ratio ${times["TLS: plugin download, 1 GiB"]} ${times["TLS: skopeo copy, 1 GiB"]})" 0.6 "x"
check "TLS 40 tiny layers: plugin download time / skopeo whole run" \
    "$(ratio $dl_tiny ${times["TLS: skopeo copy, 40 tiny layers"]})" 1.0 "x"
awk -v v="$(ratio $(( $(median "${round_tiny[@]}") - $(median "${round_skip[@]}") )) "$(median "${round_skopeo[@]}")")" \
    'BEGIN { printf "  %-58s %7.2fx  (reference, no target)\n", "the same, from the rounds of skip run, plugin and skopeo", v }'
# The same two ratios with tlsEngine=jdk, for comparison (the targets are for the default, auto).
awk -v a="$(ratio ${times["TLS: plugin, tlsEngine=jdk, 1 GiB"]} ${times["TLS: skopeo copy, 1 GiB"]})" \
    -v b="$(ratio $(( times["TLS: plugin, tlsEngine=jdk, 40 tiny"] - mvn_ms )) ${times["TLS: skopeo copy, 40 tiny layers"]})" \
    'BEGIN { printf "  %-58s %7.2fx / %.2fx  (reference, no target)\n", "the same two with -Dblob.tlsEngine=jdk", a, b }'
check "HTTP 1 GiB: plugin download time / verifying floor" \
    "$(ratio $dl_big ${times["curl | tee | openssl dgst, 1 GiB"]})" 1.0 "x"
# For reference only (the targets compare with the verifying floor): how far the plugin is from a copy that
# neither hashes nor checks what it writes.
awk -v v="$(ratio $dl_big ${times["curl parallel, 1 GiB"]})" \
    'BEGIN { printf "  %-58s %7.2fx  (reference, no target)\n", "HTTP 1 GiB: plugin download time / curl, no verification", v }'
check "HTTP 1 GiB: whole plugin run / skopeo whole run" \
    "$(ratio ${times["plugin download, 1 GiB"]} ${times["skopeo copy, 1 GiB"]})" 0.6 "x"
check "HTTP 100 layers: plugin download time / skopeo whole run" \
    "$(ratio $dl_many ${times["skopeo copy, 100 layers"]})" 1.0 "x"
check "no-op re-run - skip run (s)" \
    "$(awk -v a=${times["no-op re-run, 1 GiB"]} -v b=$mvn_ms 'BEGIN {print (a - b) / 1000}')" 0.5 " s"
check "blob GETs during the no-op re-runs" "$noop_gets" 0 ""
echo "  MAVEN_OPTS=-Xmx64m pulls the 1 GiB image                          $small_heap"
