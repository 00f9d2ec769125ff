# syntax=docker/dockerfile:1
# Both services' image. The build argument SERVICE (store-service or pipeline-service) names the module to
# build and the stage below that finishes its image; the build context is the repository root, as the module
# builds against the parent pom and the contracts module. docker compose passes both. By hand:
#   docker build --build-arg SERVICE=store-service -t marketflow/store-service .
ARG SERVICE

FROM eclipse-temurin:17-jdk-jammy AS build
ARG SERVICE
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds; test sources are not compiled (the store's need a database).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl ${SERVICE} -am package -Dmaven.test.skip=true \
    && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /tmp/app.jar

FROM eclipse-temurin:17-jre-jammy AS runtime
ARG SERVICE
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app
WORKDIR /app
COPY --from=build --chown=app:app /tmp/app.jar /app/app.jar
# The service's JVM options (<module>/jvm.options; the store's is also what ./run.sh and bench/run.sh use).
COPY --chown=app:app ${SERVICE}/jvm.options /app/jvm.options
# exec form: java is PID 1 and receives SIGTERM itself (the store drains its queue on `docker stop`).
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/app.jar"]
# The JRE image has no curl: bash's /dev/tcp asks the readiness group on the PORT the service's stage sets
# (the store's is UP only once the coordinator runs and the database answers).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

FROM runtime AS store-service
RUN mkdir -p /var/lib/store/dlq /var/lib/store/journal \
    && chown -R app:app /var/lib/store
# A named volume mounted here starts with this owner, so the non-root process can write dead letters and its
# journal (which must outlive the container: a restart after a crash replays it).
VOLUME ["/var/lib/store/dlq", "/var/lib/store/journal"]
ENV PORT=8080 \
    MDS_DLQ_DIR=/var/lib/store/dlq \
    MDS_JOURNAL_DIR=/var/lib/store/journal
EXPOSE 8080
# Numeric, so that Kubernetes can verify runAsNonRoot.
USER 10001:10001

FROM runtime AS pipeline-service
ENV PORT=8081
EXPOSE 8081
USER 10001:10001

# The image of the service named by SERVICE.
FROM ${SERVICE}
