#!/usr/bin/env bash
# Starts the whole system locally: embedded PostgreSQL, store-service (8080), pipeline-service (8081) with
# its synthetic feed. Needs only a JDK 17+. Ctrl-C stops all of it (services drain first, then the database).
set -euo pipefail
cd "$(dirname "$0")"
jar=launcher/target/launcher-0.1.0-SNAPSHOT-exec.jar
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find . -path '*/target' -prune -o \( -name '*.java' -o -name '*.yml' -o -name '*.sql' -o -name 'pom.xml' -o -name '*.html' -o -name '*.js' -o -name '*.css' \) -newer "$jar" -print -quit)" ]
}
if stale; then
  echo "Building marketflow (first run downloads dependencies; later runs reuse them) ..."
  ./mvnw -B -q -DskipTests package
fi
# The store's JVM options as its image ships them (one file, store-service/jvm.options), so the local system's
# memory is what a deployed store's is; JAVA_OPTS adds to or overrides them.
exec java @store-service/jvm.options ${JAVA_OPTS:-} -jar "$jar" "$@"
