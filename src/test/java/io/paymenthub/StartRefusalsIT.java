package io.paymenthub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.paymenthub.support.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged runner started with a bad setting, or with its store out of reach: it stops within seconds,
 * with exit code 2 (a setting to fix) or 3 (a store to bring back), after one log line saying why, and prints
 * nothing else that looks like a failure: no stack trace, nothing on stderr.
 */
class StartRefusalsIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "db.pool-size | ten | a whole number from 1 to 1000",
            "bancamiga.history.min-interval | 1s | a whole number of minutes",
            "pago46.batch.max-wait | 30 seconds | a duration such as 500ms, 30s, 10m, 24h or 1d",
            "bancamiga.find.cron | every 5 minutes | a Quartz cron expression",
            "bamboo.base-url | htp:/bamboo.example | an http(s) URL",
            "pago46.signature.scheme | hmac | one of provider, core",
            "bancamiga.tls.insecure | yes | true or false",
            "db.url | jdbc:h2:mem:payments | an in-memory H2 database loses every acknowledged payment",
            "db.url | jdbc:h2:file:./data/x;WRITE_DELAY=500 | WRITE_DELAY=500 lets H2 write a commit to the file after",
    })
    void aBadSettingStopsTheRunnerWithExitCode2AndOneLineNamingTheKeyTheValueAndWhatIsExpected(
            String key, String value, String expected) throws Exception {
        Run run = Run.jar(Map.of(key, value), Map.of());

        assertEquals(2, run.exit, run.toString());
        String line = run.onlyLine();
        assertTrue(line.contains("Invalid setting " + key + "=" + value), line);
        assertTrue(line.contains(expected), line);
    }

    @Test
    void theLauncherStopsOnABadSettingFromTheEnvironmentTheSameWay() throws Exception {
        Path archive = Path.of("target", "payment-hub.jsa");
        boolean hadArchive = Files.exists(archive);
        Run run = Run.launcher(Map.of("PAGO46_BATCH_LEASE", "two minutes", "LUKA_PASSWORD", "never-shown-9f1"));

        assertEquals(2, run.exit, run.toString());
        assertTrue(run.onlyLine().contains("Invalid setting pago46.batch.lease=two minutes: expected a duration"), run.toString());
        assertFalse(run.stdout.contains("never-shown-9f1"));
        assertTrue(run.seconds < 30, "stopped within seconds: " + run.seconds);
        if (!hadArchive) {
            Files.deleteIfExists(archive); // recorded from a failed start: not the archive bin/payment-hub should keep
        }
    }

    @Test
    void aStoreUnreachableAtStartStopsTheRunnerWithExitCode3AndOneLineNamingItWithoutItsPassword() throws Exception {
        int closedPort = FreePorts.refusing();
        Run run = Run.jar(Map.of(
                "db.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/payments?user=payment_hub&password=pw-never-shown-31",
                "db.connection-timeout-ms", "1s"), Map.of());

        assertEquals(3, run.exit, run.toString());
        String line = run.onlyLine();
        assertTrue(line.contains("The store at jdbc:postgresql://127.0.0.1:" + closedPort
                + "/payments?user=payment_hub&password=xxxxxx cannot be reached at start: ConnectException: Connection refused"), line);
        assertFalse(run.stdout.contains("pw-never-shown-31"));
    }

    @Test
    void anH2PathThatCannotBeCreatedStopsTheRunnerWithExitCode3BeforeItsOwnKafkaBrokerStarts() throws Exception {
        Path dir = Path.of("target", "it-runner", UUID.randomUUID().toString());
        Run run = Run.jar(Map.of(
                "db.url", "jdbc:h2:file:/proc/payment-hub/db",
                "kafka.brokers", "",
                "kafka.embedded.port", Integer.toString(FreePorts.next()),
                "kafka.embedded.controller-port", Integer.toString(FreePorts.next()),
                "kafka.embedded.data-dir", dir.resolve("kafka").toString()), Map.of());

        assertEquals(3, run.exit, run.toString());
        assertTrue(run.onlyLine().contains("The store at jdbc:h2:file:/proc/payment-hub/db cannot be reached at start: "
                + "the directory /proc/payment-hub cannot be created"), run.toString());
        assertFalse(run.stdout.contains("embedded Kafka broker"), run.toString());
    }

    /** One start of the runner, to its end: exit code, what it printed on each stream, how long it ran. */
    private record Run(int exit, String stdout, String stderr, double seconds) {

        static Run jar(Map<String, String> settings, Map<String, String> environment) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(isolated(settings));
            command.addAll(List.of("-jar", "target/payment-hub.jar"));
            return run(command, environment);
        }

        /** Through bin/payment-hub, the documented launcher; the settings come from the environment. */
        static Run launcher(Map<String, String> environment) throws Exception {
            Map<String, String> env = new java.util.HashMap<>(environment);
            env.put("PAYMENT_HUB_JAVA_OPTS", String.join(" ", isolated(Map.of())));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
            return run(List.of("bin/payment-hub"), env);
        }

        /** Free ports, a Kafka that is not the embedded one and a database of its own: should it start, it harms nothing. */
        private static List<String> isolated(Map<String, String> settings) {
            Map<String, String> all = new java.util.LinkedHashMap<>();
            all.put("camel.server.port", Integer.toString(FreePorts.next()));
            all.put("camel.management.port", Integer.toString(FreePorts.next()));
            all.put("kafka.brokers", "127.0.0.1:1");
            all.put("db.url", "jdbc:h2:file:./target/it-runner/" + UUID.randomUUID() + "/db");
            all.putAll(settings);
            List<String> options = new ArrayList<>();
            all.forEach((k, v) -> options.add("-D" + k + "=" + v));
            return options;
        }

        private static Run run(List<String> command, Map<String, String> environment) throws Exception {
            Path dir = Files.createDirectories(Path.of("target", "it-runner", UUID.randomUUID().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the runner kept running; see " + dir);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Run(process.exitValue(), read(dir.resolve("stdout")), read(dir.resolve("stderr")), seconds);
        }

        private static String read(Path file) throws IOException {
            return Files.readString(file, StandardCharsets.UTF_8);
        }

        /** The one line at WARN or ERROR, after checking it is the only one, that no stack trace and no stderr came. */
        String onlyLine() {
            assertEquals("", stderr, "nothing on stderr");
            assertFalse(stdout.contains("\tat ") || stdout.contains("Exception in thread") || stdout.contains("Caused by"),
                    "no stack trace:\n" + stdout);
            List<String> alarms = stdout.lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
            assertEquals(1, alarms.size(), "one line says why:\n" + stdout);
            return alarms.get(0);
        }

        @Override
        public String toString() {
            return "exit " + exit + " after " + String.format("%.1f", seconds) + " s\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
