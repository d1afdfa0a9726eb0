# The development token issuer for docker-compose.yml (build context: the repository root).
# Build the jar first: ./mvnw -DskipTests package
FROM eclipse-temurin:17-jre

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system app && useradd --system --gid app --no-create-home app

WORKDIR /app
COPY local-stack/target/local-stack-exec.jar /app/local-stack-exec.jar
USER app
EXPOSE 9000
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-jar","/app/local-stack-exec.jar"]
CMD ["issuer","--port","9000","--bind","0.0.0.0"]
