package io.paymenthub.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one), listening on
 * 127.0.0.1 only. The runner starts one when {@code kafka.brokers} is empty, as a Camel service that
 * stops after the routes; the tests start one in a JVM of its own through {@link #main(String[])}
 * so that they can kill it.
 */
public final class EmbeddedKafkaBroker extends ServiceSupport {

    /** The line {@link #main} prints once the broker accepts clients; tests wait for it. */
    public static final String READY_LINE = "EMBEDDED-KAFKA-READY ";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private volatile KafkaRaftServer server;
    private CompletableFuture<Void> boot;

    public EmbeddedKafkaBroker(int port, int controllerPort, Path dataDir) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir.toAbsolutePath();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Begins the boot on a thread of its own, so that the runner's other start work (pool, migrations, routes)
     * overlaps it; {@link #start()} then waits for it to finish.
     */
    public synchronized void startInBackground() {
        if (boot == null) {
            boot = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    boot();
                    boot.complete(null);
                } catch (Throwable e) {
                    boot.completeExceptionally(e);
                }
            }, "embedded-kafka-boot");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Returns once the broker is ready (booting it here unless {@link #startInBackground()} did). */
    @Override
    protected void doStart() throws Exception {
        CompletableFuture<Void> started;
        synchronized (this) {
            started = boot;
        }
        if (started == null) {
            boot();
            return;
        }
        try {
            started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Formats the data directory on first use, then starts the server. */
    private void boot() throws Exception {
        Path logDir = dataDir.resolve("log");
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(logDir), false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                    .run();
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownServer();
            throw new IllegalStateException("The embedded Kafka broker could not start on " + bootstrapServers()
                    + " (is the port taken? set kafka.embedded.port, or kafka.brokers to use a cluster)", e);
        }
        LOG.info("Embedded Kafka broker ready on {} (data in {})", bootstrapServers(), logDir);
    }

    private Properties brokerProperties(Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // one node: every internal topic has one replica and one partition
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "1");
        // after a kill -9 the next start waits out the old session: keep that short
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // the log cleaner (compacting __consumer_offsets) allocates this up front: 128 MiB of heap by default,
        // the largest single object in the runner; a few MiB suffice for the offsets of a handful of consumers
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        return p;
    }

    /** Stops the broker (after a boot still under way) and waits until its logs are flushed and closed. */
    @Override
    protected void doStop() {
        CompletableFuture<Void> started;
        synchronized (this) {
            started = boot;
        }
        if (started != null) {
            started.exceptionally(e -> null).join();
        }
        shutdownServer();
    }

    private void shutdownServer() {
        if (server != null) {
            LOG.info("Stopping embedded Kafka broker on {}", bootstrapServers());
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /**
     * Runs a broker in a JVM of its own: {@code EmbeddedKafkaBroker <port> <controllerPort> <dataDir>}.
     * Prints {@link #READY_LINE} followed by the bootstrap address once ready; stops on SIGTERM.
     */
    public static void main(String[] args) throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "embedded-kafka-stop"));
        broker.start();
        System.out.println(READY_LINE + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
