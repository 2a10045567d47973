#!/usr/bin/env bash
# Runs the invoker ITs (src/it) with several Maven versions: the machine's `mvn` and downloaded distributions.
#   scripts/maven-matrix.sh                    (from anywhere; default versions below)
#   scripts/maven-matrix.sh 3.9.16 4.0.0-rc-7  (other distributions; the machine's mvn always runs first)
# Distributions come from Maven Central through `mvn dependency:copy` and are kept in
# ${XDG_CACHE_HOME:-~/.cache}/blob-downloader-maven-plugin/maven. The outer build always runs on the machine's
# mvn; only the ITs' builds use the version under test (the invoker's mavenHome). Unit tests are not re-run.
# Prints one PASS/FAIL line per version and exits non-zero if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.6.3 3.9.16 3.10.0 4.0.0-rc-7)  # the declared minimum, newest 3.9.x, 3.10, newest 4.0 RC
dependency_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
cache="${XDG_CACHE_HOME:-$HOME/.cache}/blob-downloader-maven-plugin/maven"
logs="$root/target/maven-matrix"
mkdir -p "$cache" "$logs"

# Unpacks apache-maven-<v> into the cache once and prints its home.
maven_home() {
    local version=$1 home="$cache/apache-maven-$1"
    if [ ! -x "$home/bin/mvn" ]; then
        local download
        download=$(mktemp -d)
        # Run outside the project so the project's POM plays no part.
        (cd "$download" && mvn -B -q -ntp "$dependency_plugin:copy" \
            -Dartifact="org.apache.maven:apache-maven:$version:tar.gz:bin" -DoutputDirectory="$download") >&2
        tar -xzf "$download/apache-maven-$version-bin.tar.gz" -C "$cache"
        rm -rf "$download"
    fi
    echo "$home"
}

# Runs the ITs with the given Maven home ("" = the machine's mvn); prints the result line.
run_its() {
    local label=$1 home=$2 log="$logs/$1.log" start=$SECONDS status=PASS
    local args=(-B -ntp verify -DskipTests)
    [ -z "$home" ] || args+=("-Dinvoker.mavenHome=$home")
    mvn "${args[@]}" >"$log" 2>&1 || status=FAIL
    # Every IT's build.log starts with its Maven version (showVersion): prove the intended one ran. With -q,
    # Maven 4 prints the bare version on a line of its own.
    local ran="(Apache Maven |^)$label( |\$)"
    if grep -L -E "$ran" target/it/*/build.log | grep -q .; then
        echo "some ITs did not run on Maven $label:" $(grep -L -E "$ran" target/it/*/build.log) >>"$log"
        status=FAIL
    fi
    local summary
    summary=$(grep -E 'Passed: [0-9]+, Failed: [0-9]+' "$log" | tail -1 | sed 's/^\[[A-Z]*\] *//' || true)
    printf '%-5s Maven %-12s %4ss  %s  (log: %s)\n' "$status" "$label" $((SECONDS - start)) \
        "${summary:-no invoker summary}" "${log#"$root"/}"
    [ "$status" = PASS ]
}

homes=()
for v in "${versions[@]}"; do
    homes+=("$(maven_home "$v")")
done

failed=0
default_version=$(mvn -B -v 2>/dev/null | sed -n 's/.*Apache Maven \([^ ]*\).*/\1/p' | head -1)
run_its "${default_version:-default}" "" || failed=1
for i in "${!versions[@]}"; do
    run_its "${versions[$i]}" "${homes[$i]}" || failed=1
done
exit $failed
