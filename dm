#!/usr/bin/env bash
# Data Migration on this machine, with only a JDK 17:
#   ./dm            build if needed, then start everything (Kafka, PostgreSQL, token issuer, five applications)
#   ./dm down       stop what ./dm started
#   ./dm token --org acme [--no-permission]   mint a development token from the running stack
set -euo pipefail
cd "$(dirname "$0")"
[ $# -eq 0 ] && set -- up
stamp=.local-stack/build.stamp
if [ "$1" = up ]; then
  changed=""
  if [ -f "$stamp" ] && [ -f local-stack/target/local-stack-exec.jar ]; then
    changed=$(find . -path ./.git -prune -o -path '*/target' -prune -o -path ./.local-stack -prune -o \
      \( -name '*.java' -o -name '*.yml' -o -name '*.sql' -o -name '*.properties' -o -name pom.xml \) -newer "$stamp" -print -quit)
  else
    changed=yes
  fi
  if [ -n "$changed" ]; then
    echo "Building the applications (first start, or sources changed)…"
    ./mvnw -B -q -DskipTests package
    mkdir -p .local-stack && touch "$stamp"
  fi
fi
exec java -jar local-stack/target/local-stack-exec.jar "$@"
