package io.syncer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19, item 7: an application that depends on io.syncer:syncer does not inherit Hazelcast, the TCP bridge or the
 * OpenTelemetry SDK and exporter (optional dependencies, like Logback), and syncer runs without them, naming the missing
 * library in one line when the config asks for a feature that needs it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddingIT {

    /** What an embedding host does not get from syncer: the jars of the optional libraries and what only they bring. */
    private static final List<String> EXTRAS = List.of("hazelcast", "vertx-hazelcast", "vertx-tcp-eventbus-bridge", "vertx-bridge-common",
            "opentelemetry-sdk", "opentelemetry-exporter", "vertx-opentelemetry", "logback");

    @Test
    void theThinJarsPomMarksTheHostsChoicesOptional() throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        Element project = document.getDocumentElement();
        Element dependencies = null;
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals("dependencies")) {
                dependencies = element;
            }
        }
        Map<String, Boolean> optional = new TreeMap<>();
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element dependency = (Element) list.item(i);
            if (dependency.getParentNode() != dependencies) {
                continue;
            }
            String artifact = dependency.getElementsByTagName("artifactId").item(0).getTextContent();
            NodeList flag = dependency.getElementsByTagName("optional");
            optional.put(artifact, flag.getLength() > 0 && flag.item(flag.getLength() - 1).getTextContent().equals("true"));
        }
        for (String artifact : List.of("vertx-hazelcast", "vertx-tcp-eventbus-bridge", "opentelemetry-sdk", "opentelemetry-exporter-otlp",
                "opentelemetry-exporter-sender-jdk", "vertx-opentelemetry", "logback-classic")) {
            assertEquals(true, optional.get(artifact), artifact + " is the host's choice: " + optional);
        }
    }

    @Test
    void aHostWithoutTheOptionalLibrariesEmbedsSyncerAndIsToldWhatTheBridgeNeeds() throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> EXTRAS.stream().noneMatch(extra -> Path.of(entry).getFileName().toString().startsWith(extra)))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).count()
                > Arrays.stream(classpath.split(File.pathSeparator)).count() + 5, "the optional jars are left out");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", classpath,
                "io.syncer.testing.EmbeddedWithoutExtras"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("CHECK NotSynced"), "a check ran without the optional libraries: " + output);
        assertTrue(output.contains("BRIDGE bridge.enabled needs io.vertx:vertx-tcp-eventbus-bridge on the classpath"), output);
    }
}
