# syntax=docker/dockerfile:1
# Build: docker build -t whatsapp-api .
# Run:   docker compose up -d   (PostgreSQL beside it; see README.md, "Docker")
# Base images: pin them by digest with bench/pin-base-images.sh where Docker runs (README, "Docker").

# ---- build: Maven on a full JDK; tests run in CI, not in the image build ----
FROM maven:3.9-eclipse-temurin-17@sha256:a8746f15d5bb26b5b8bacb056cc76211553850f4c71d16aff845cfa004cbc197 AS build
WORKDIR /src
# Dependencies first, so a source change does not download the world again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY sql sql
COPY src/main src/main
RUN mvn -B -q package -DskipTests && cp target/whatsapp-api.jar /whatsapp-api.jar

# ---- runtime: Debian slim, its Java 17 runtime and its Chromium + ChromeDriver ----
# Not eclipse-temurin:17-jre: that is Ubuntu, whose chromium package is only a snap stub.
FROM debian:bookworm-slim@sha256:88200866dfff7ea7f5cbcb6ec7c8a701889efe6fe859fe64d6990e4b07ea4171
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless chromium chromium-driver fonts-liberation curl tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin wa \
 && mkdir -p /data /app \
 && chown wa:wa /data

COPY --from=build /whatsapp-api.jar /app/whatsapp-api.jar

# Data: the browser profile (the linked WhatsApp session) and, when WA_DATABASE_URL is unset,
# the embedded PostgreSQL. Keep it on a volume or every restart asks for a new QR scan.
ENV WA_DATA_DIR=/data \
    WA_HTTP_HOST=0.0.0.0 \
    WA_HTTP_PORT=8080 \
    WA_CHROMIUM_PATH=/usr/bin/chromium \
    WA_CHROMEDRIVER_PATH=/usr/bin/chromedriver \
    WA_LOG_FORMAT=json \
    MALLOC_ARENA_MAX=2

# Chromium shares the container's memory, so the heap gets a quarter of the limit (256 MB of
# compose.yaml's 1 GB). Serial GC and small thread stacks suit 1-2 cores; exit on OOM and let
# the orchestrator restart rather than limp on. Override JAVA_OPTS to change any of it.
# MALLOC_ARENA_MAX=2 (above) keeps glibc from giving each busy thread its own malloc arena:
# 172 MB against 183 MB resident in one comparison under load. TrimNativeHeapInterval (Java
# 17.0.9+, experimental there) hands memory glibc keeps after bursts (the JIT's arenas) back to
# the system every 2 s: peak 167 against 176 MB under load, 147 against 176 MB after, same throughput.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=25 -XX:InitialRAMPercentage=5 -XX:+UseSerialGC -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=2000 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/data/tmp"

VOLUME ["/data"]
WORKDIR /data
USER wa
EXPOSE 8080

# /health/ready: database reachable and migrated. A WhatsApp session waiting for its QR scan
# stays healthy unless WA_READY_REQUIRES_WHATSAPP=true.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${WA_HTTP_PORT}/health/ready" || exit 1

# tini as PID 1 reaps Chromium's children and forwards SIGTERM to Java, whose shutdown hook
# stops HTTP, finishes the message in hand and hands the rest back to the queue.
ENTRYPOINT ["/usr/bin/tini", "--", "sh", "-c", "mkdir -p /data/tmp && exec java $JAVA_OPTS -jar /app/whatsapp-api.jar \"$@\"", "whatsapp-api"]
CMD ["serve"]
