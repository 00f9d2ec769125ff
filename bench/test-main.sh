#!/usr/bin/env bash
# Runs a program that lives in a module's test sources, where it reuses the tests' fixtures and harnesses:
# the store's (bench/journal, bench/probes, bench/reads, bench/sink) or the launcher's (bench/feedback,
# bench/soak.sh). Nothing is installed into ~/.m2: the reactor compiles the modules it needs and the class path
# points at their target/classes.
# Usage: bench/test-main.sh MODULE "JVM OPTIONS" MAIN-CLASS [ARGUMENTS...]
# Environment: BENCH_SKIP_BUILD=1 reuses what was built last time.
set -euo pipefail
cd "$(dirname "$0")/.."
module=$1
read -r -a jvm_options <<<"$2"
main=$3
shift 3
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  ./mvnw -B -q -pl "$module" -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
exec java "${jvm_options[@]}" \
    -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")" \
    "$main" "$@"
