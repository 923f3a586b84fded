# syntax=docker/dockerfile:1
# One image per application, chosen by MODULE (deferno-sandbox, auth-server or resource-server):
#   docker build --build-arg MODULE=auth-server -t deferno-mcp-gateway/auth-server .
# docker-compose.yml builds all of them this way.

FROM eclipse-temurin:25-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
# the jar is extracted into plain jars (the application's and lib/): what the AOT cache below can hold
RUN --mount=type=cache,target=/root/.m2 \
    test -n "$MODULE" || { echo "build with --build-arg MODULE=<deferno-sandbox|auth-server|resource-server>"; exit 1; }; \
    ./mvnw -B -q -pl "$MODULE" -am -DskipTests package \
    && cp "$MODULE"/target/"$MODULE"-*-exec.jar /app.jar \
    && java -Djarmode=tools -jar /app.jar extract --destination /app

FROM eclipse-temurin:25-jre-alpine
# A fixed uid: compose (outside Swarm) mounts secret files with their host owner and mode, so the operator must be
# able to make them readable to it (docs/configuration.md).
RUN addgroup -S -g 10001 gateway && adduser -S -u 10001 -G gateway -H -h /app gateway
WORKDIR /app
COPY --from=build /app /app
# Containers listen on every interface; the applications default to loopback. The JVM options are quickstart.sh's
# (scripts/jvm.sh): an 80 MB heap and the G1 collector (README, Sizing), but for -XX:TrimNativeHeapInterval, which
# needs glibc: on this musl image the JVM would only warn at every start that it cannot trim.
ENV SERVER_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:+UseG1GC -Xmx80m -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError"
# A training run records what startup loads and links into an AOT cache (JDK 25), which every start then maps. It
# stops once the application context is refreshed, before listening; without Redis the auth server trains on its
# in-memory store, and on loopback, the only place it starts without secrets of the deployment's own.
RUN SERVER_ADDRESS=127.0.0.1 java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -jar /app/app.jar --server.port=0
USER gateway
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]
