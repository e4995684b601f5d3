# Build the jar first: mvn -B package   (then: docker build -t syncer:1.0.0 .)
# Not exercised by CI: no container registry or Docker engine is reachable where CI runs.
FROM eclipse-temurin:17-jre
# Runs as any UID in group 0 (OpenShift's restricted-v2 SCC picks the UID from the namespace's range): the files belong
# to group 0 with the group's permissions equal to the owner's; elsewhere the numeric USER below applies.
RUN useradd --system --uid 10001 --gid 0 --home-dir /opt/syncer --shell /usr/sbin/nologin syncer
COPY --chown=10001:0 target/syncer.jar /opt/syncer/syncer.jar
RUN chgrp -R 0 /opt/syncer && chmod -R g=u /opt/syncer
USER 10001
EXPOSE 8080
# the flags scripts/syncer ships (RSS about 135 MiB under full load with 3 pods)
# (with Hazelcast's --add-opens, also in the jar's manifest)
ENV JAVA_TOOL_OPTIONS="--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.management/sun.management=ALL-UNNAMED --add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED -Xms32m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/opt/syncer/syncer.jar"]
CMD ["--conf", "/etc/syncer/config.yaml"]
