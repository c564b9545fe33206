#!/usr/bin/env bash
# The contract as integrators meet it: starts the service, generates a Java client from its live
# /openapi.json with OpenAPI Generator (the CLI jar from Maven Central), compiles the client,
# checks what generators are known to trip on, and runs bench/ClientSmoke.java with the client
# against the service (create, list, read, filter by status, session and readiness, the QR).
# Needs Java 17, Maven, curl and python3.
#
#   bench/client-check.sh                         # embedded PostgreSQL under target/client-check
#   CLIENT_CHECK_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/wa_client_check?user=postgres \
#     bench/client-check.sh                       # a database of its own (it adds the schema)
#
# Settings (environment): OPENAPI_GENERATOR_VERSION (7.25.0), CLIENT_CHECK_SKIP_BUILD=1 (use the
# jar in target/ as it is), CLIENT_CHECK_DATABASE_URL (unset: embedded).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${OPENAPI_GENERATOR_VERSION:-7.25.0}
WORK=target/client-check
for tool in java mvn curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing" >&2; exit 1; }
done
rm -rf "$WORK/client" "$WORK/openapi.json"
mkdir -p "$WORK"

if [ -z "${CLIENT_CHECK_SKIP_BUILD:-}" ]; then
  echo "Building target/whatsapp-api.jar"
  mvn -B -q package -DskipTests
fi
GENERATOR="$WORK/openapi-generator-cli-$VERSION.jar"
if [ ! -f "$GENERATOR" ]; then
  echo "Fetching openapi-generator-cli $VERSION"
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.openapitools:openapi-generator-cli:$VERSION" -DoutputDirectory="$WORK"
fi

echo "Starting the service (WA_SENDER=log)"
LOG="$WORK/service.log"
ADMIN_TOKEN="client-check-$RANDOM$RANDOM$RANDOM"
env WA_SENDER=log WA_HTTP_HOST=127.0.0.1 WA_HTTP_PORT=0 WA_DATA_DIR="$WORK/data" \
  WA_ADMIN_TOKEN="$ADMIN_TOKEN" \
  ${CLIENT_CHECK_DATABASE_URL:+WA_DATABASE_URL="$CLIENT_CHECK_DATABASE_URL"} \
  java -jar target/whatsapp-api.jar serve >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null; wait "$SERVICE" 2>/dev/null || true' EXIT
PORT=
for _ in $(seq 1 300); do
  PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$SERVICE" 2>/dev/null || { cat "$LOG" >&2; echo "The service exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$LOG" >&2; echo "The service did not start" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$PORT/openapi.json" -o "$WORK/openapi.json"
echo "Fetched the live document from port $PORT"

echo "Generating the Java client"
java -jar "$GENERATOR" generate -i "$WORK/openapi.json" -g java -o "$WORK/client" \
  --package-name com.example.wagateway.client --api-package com.example.wagateway.client.api \
  --model-package com.example.wagateway.client.model >"$WORK/generate.log" 2>&1 \
  || { cat "$WORK/generate.log" >&2; exit 1; }
# Beta notice for OpenAPI 3.1 aside, any warning is about the document.
if grep -E 'WARN' "$WORK/generate.log" | grep -v -E 'OpenAPI 3.1 support is still in beta'; then
  echo "The generator warned about the document (above)" >&2
  exit 1
fi

echo "Compiling the generated client"
cp bench/ClientSmoke.java "$WORK/client/src/main/java/com/example/wagateway/client/"
mvn -B -q -f "$WORK/client/pom.xml" compile dependency:build-classpath \
  -Dmdep.outputFile=classpath.txt

python3 - "$WORK" <<'EOF'
import json, os, re, sys
work = sys.argv[1]
doc = json.load(open(os.path.join(work, "openapi.json")))
src = os.path.join(work, "client/src/main/java/com/example/wagateway/client")
problems = []
schemas = set(doc["components"]["schemas"])
models = {f[:-5] for f in os.listdir(os.path.join(src, "model")) if f.endswith(".java")}
models -= {"AbstractOpenApiSchema"}
for extra in sorted(models - schemas):
    problems.append(f"model {extra} has a name the generator made up: name it in the document")
def read(*path):
    return open(os.path.join(src, *path), encoding="utf-8").read()
for model in ("Message", "AdminMessage"):
    if not re.search(r"private MessageStatus status", read("model", model + ".java")):
        problems.append(f"{model}.status is not the shared MessageStatus")
apis = "".join(read("api", f) for f in os.listdir(os.path.join(src, "api")))
if not re.search(r"public File adminWhatsAppQr\(", apis):
    problems.append("the QR route does not answer a File (binary image)")
if "@Deprecated\n    public Message sendMessageNoSlash(" not in apis and not re.search(
        r"@Deprecated\s+public \w+ sendMessageNoSlash\(", apis):
    problems.append("the /send-message alias is not deprecated")
if re.search(r"\bdocs\(", apis):
    problems.append("/docs became a client method")
if not re.search(r"MessageStatus status", apis):
    problems.append("the list filters do not take a MessageStatus")
for p in problems:
    print("client-check: " + p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"client-check: {len(models)} models, all named in the document; client compiled")
EOF

echo "Calling the service with the generated client"
java -cp "$WORK/client/target/classes:$(cat "$WORK/client/classpath.txt")" \
  com.example.wagateway.client.ClientSmoke "http://127.0.0.1:$PORT" "$ADMIN_TOKEN"
