# Build the jar first: mvn -B package   (then: docker build -t syncer:1.0.0 .)
# Not exercised by CI: no container registry or Docker engine is reachable where CI runs.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 syncer \
 && useradd --system --uid 10001 --gid syncer --home-dir /opt/syncer --shell /usr/sbin/nologin syncer
COPY target/syncer.jar /opt/syncer/syncer.jar
USER 10001:10001
EXPOSE 8080
# the flags scripts/syncer ships (RSS about 135 MiB under full load with 3 pods)
ENV JAVA_TOOL_OPTIONS="-Xms32m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/opt/syncer/syncer.jar"]
CMD ["--conf", "/etc/syncer/config.yaml"]
