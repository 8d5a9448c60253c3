# The demandflow command line in a container: `streams` by default, any other command as
# arguments (docker-compose.yml also runs `simulate`). Build the jar first: ./mvnw -B package -DskipTests
FROM eclipse-temurin:17.0.15_6-jre

RUN useradd --system --uid 10001 --home-dir /var/lib/demandflow demandflow \
    && mkdir -p /var/lib/demandflow/state \
    && chown -R demandflow /var/lib/demandflow
COPY modules/cli/target/demandflow.jar /opt/demandflow/demandflow.jar

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
