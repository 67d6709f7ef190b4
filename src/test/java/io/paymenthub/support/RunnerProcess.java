package io.paymenthub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged runner as a user starts it (README: {@code java -jar target/payment-hub.jar} from the
 * project root), in a process of its own that a test can stop or kill.
 */
public final class RunnerProcess implements AutoCloseable {

    public final int httpPort = FreePorts.next();
    public final int managementPort = FreePorts.next();
    private final Path log;
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;
    private long readyMillis;

    public RunnerProcess(Path log) {
        this.log = log;
    }

    /** JVM options to start it with, e.g. a small heap ({@code -Xmx96m}); before the -D settings. */
    public RunnerProcess jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /**
     * Settings for a runner that starts its own Kafka broker on {@code kafkaPort} and keeps everything
     * (broker data, H2 file) under {@code dir}, plus the test's own settings.
     */
    public static Map<String, String> ownBrokerSettings(Path dir, int kafkaPort, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("kafka.embedded.port", Integer.toString(kafkaPort));
        settings.put("kafka.embedded.controller-port", Integer.toString(FreePorts.next()));
        settings.put("kafka.embedded.data-dir", dir.resolve("kafka").toString());
        settings.put("db.url", "jdbc:h2:file:./" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        return settings;
    }

    /** Starts the runner with these -D settings and environment, and waits until health answers 200. */
    public RunnerProcess start(Map<String, String> settings, Map<String, String> environment) throws IOException {
        launch(settings, environment);
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the runner exited with " + process.exitValue() + "; see " + log);
            }
            return healthStatus() == 200;
        });
        readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return this;
    }

    /** Starts the runner and waits for it to exit by itself (a refused configuration); returns the exit code. */
    public int runToExit(Map<String, String> settings, Map<String, String> environment, Duration within)
            throws IOException, InterruptedException {
        launch(settings, environment);
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the runner kept running; see " + log);
        }
        return process.exitValue();
    }

    private void launch(Map<String, String> settings, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dcamel.server.port=" + httpPort, "-Dcamel.management.port=" + managementPort));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", "target/payment-hub.jar"));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    public long readyMillis() {
        return readyMillis;
    }

    public int healthStatus() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/observe/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Resident memory of the runner process, in MiB (Linux). */
    public long rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    /** Peak resident memory of the runner process so far (VmHWM), in MiB (Linux). */
    public long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for " + process.pid());
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, as a service manager stops it; returns the exit code. */
    public int stop(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the runner did not stop within " + within + "; see " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash or an OOM killer would end it; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
