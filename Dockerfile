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
RUN addgroup -S gateway && adduser -S -G gateway -H -h /app gateway
WORKDIR /app
COPY --from=build /app /app
# Containers listen on every interface; the applications default to loopback. The JVM options are quickstart.sh's
# (scripts/jvm.sh): an 80 MB heap and the G1 collector (README, Sizing).
ENV SERVER_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:+UseG1GC -Xmx80m -XX:TrimNativeHeapInterval=2000 -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError"
# A training run records what startup loads and links into an AOT cache (JDK 25), which every start then maps. It
# stops once the application context is refreshed, before listening; without Redis the auth server trains on its
# in-memory store, and on loopback, the only place it starts without secrets of the deployment's own.
RUN SERVER_ADDRESS=127.0.0.1 java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -jar /app/app.jar --server.port=0
USER gateway
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]
