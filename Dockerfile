# syntax=docker/dockerfile:1
# One image per application, chosen by MODULE (deferno-sandbox, auth-server or resource-server):
#   docker build --build-arg MODULE=auth-server -t deferno-mcp-gateway/auth-server .
# docker-compose.yml builds all of them this way.

FROM eclipse-temurin:21-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    test -n "$MODULE" || { echo "build with --build-arg MODULE=<deferno-sandbox|auth-server|resource-server>"; exit 1; }; \
    ./mvnw -B -q -pl "$MODULE" -am -DskipTests package \
    && cp "$MODULE"/target/"$MODULE"-*-exec.jar /app.jar

FROM eclipse-temurin:21-jre-alpine
RUN addgroup -S gateway && adduser -S -G gateway -H -h /app gateway
WORKDIR /app
COPY --from=build /app.jar /app/app.jar
USER gateway
# Containers listen on every interface; the applications default to loopback.
ENV SERVER_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
