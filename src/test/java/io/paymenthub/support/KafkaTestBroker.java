package io.paymenthub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.paymenthub.kafka.EmbeddedKafkaBroker;

/**
 * A real Kafka broker (KRaft, single node, 127.0.0.1) in a JVM of its own, started once per test JVM
 * on first use and killed when the test JVM exits. Being a separate process, a test may stop it.
 */
public final class KafkaTestBroker {

    private static KafkaTestBroker shared;

    private final Process process;
    private final String bootstrapServers;

    private KafkaTestBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** The broker shared by the tests of this JVM. */
    public static synchronized KafkaTestBroker shared() {
        if (shared == null) {
            shared = start(Path.of("target", "test-kafka", Long.toString(ProcessHandle.current().pid())));
            KafkaTestBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "test-kafka-stop"));
        }
        return shared;
    }

    public static KafkaTestBroker start(Path dataDir) {
        return start(dataDir, FreePorts.next(), FreePorts.next());
    }

    /** A broker of its own on these ports; started again on the same ports and directory, it keeps its data. */
    public static KafkaTestBroker start(Path dataDir, int port, int controllerPort) {
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("broker.log");
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=log4j2.properties",
                    "-cp", System.getProperty("java.class.path"),
                    EmbeddedKafkaBroker.class.getName(),
                    Integer.toString(port), Integer.toString(controllerPort), dataDir.resolve("data").toString()))
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, log, ready), "test-kafka-output");
            pump.setDaemon(true);
            pump.start();
            String bootstrap = ready.get(90, TimeUnit.SECONDS);
            return new KafkaTestBroker(process, bootstrap);
        } catch (Exception e) {
            throw new IllegalStateException("The test Kafka broker did not start (see target/test-kafka/*/broker.log)", e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<String> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                writer.write(line);
                writer.newLine();
                writer.flush();
                if (line.startsWith(EmbeddedKafkaBroker.READY_LINE)) {
                    ready.complete(line.substring(EmbeddedKafkaBroker.READY_LINE.length()).trim());
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("broker exited with " + process.exitValue()));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
