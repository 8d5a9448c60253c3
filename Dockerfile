# syntax=docker/dockerfile:1
# The demandflow production command line in a container: `streams` by default, any other
# production command as arguments (docker-compose.yml also runs `simulate`): streams, publish,
# simulate, snapshot, signals, http-auth. The development commands (demo, broker, replay, bench)
# are not in this jar: it leaves out the embedded broker, the registry server, the benchmarks and
# test utilities. The jar is built here, from source: `docker build .` (or
# `docker compose up --build`) needs nothing on the host but Docker.

# Build stage: Maven through the wrapper. Sources come in after the build files, and a BuildKit
# cache mount keeps the Maven repository (the dependencies) from one build to the next.
FROM eclipse-temurin:17.0.15_6-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY schemas schemas
COPY modules modules
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl modules/commands -am package \
    && cp modules/commands/target/demandflow-production.jar /demandflow.jar

# Runtime stage: a JRE, the jar, a non-root user. curl is for the healthcheck of compose (the
# image's /bin/sh is dash, which has no /dev/tcp).
FROM eclipse-temurin:17.0.15_6-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/demandflow demandflow \
    && mkdir -p /var/lib/demandflow/state \
    && chown -R demandflow /var/lib/demandflow
COPY --from=build /demandflow.jar /opt/demandflow/demandflow.jar

USER demandflow
# Kafka Streams state (RocksDB); demandflow reads state.dir from DEMANDFLOW_STATE_DIR.
ENV DEMANDFLOW_STATE_DIR=/var/lib/demandflow/state
VOLUME /var/lib/demandflow/state
# /metrics, /health/*, /topology and /api (demandflow.http.port).
EXPOSE 8080
# Heap within the container's memory; RocksDB's off-heap budget is set by demandflow.rocksdb.*.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
ENTRYPOINT ["java", "-jar", "/opt/demandflow/demandflow.jar"]
CMD ["streams"]
