package io.paymenthub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;

import io.paymenthub.sandbox.BancamigaSimulator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Benchmark driver for bench/run.sh: plays Bancamiga with a busy day of {@code items} credits (generated as the
 * answer is written, so the driver's memory does not grow with it), writes the token pair the runner must be
 * started with to {@code envFile}, then counts the history events on Kafka and times the runner from the moment
 * it called history until the last of them is on the topic.
 * <pre>HistoryBench port envFile items brokers topic</pre>
 * Prints one line: {@code RESULT items=.. on_kafka_ms=.. us_per_item=..}
 */
public final class HistoryBench {

    private static final byte[] VIA_HISTORY = "\"observedVia\":\"history\"".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path envFile = Path.of(args[1]);
        int items = Integer.parseInt(args[2]);
        String brokers = args[3];
        String topic = args[4];

        BancamigaSimulator bank = new BancamigaSimulator(port).started();
        String[] pair = bank.issueInitialPair();
        bank.receiveMany(LocalDate.now(BancamigaSimulator.VENEZUELA), items);
        Path written = Files.createTempFile(envFile.getParent(), "env", ".tmp");
        Files.writeString(written, "BANCAMIGA_ACCESS_TOKEN=" + pair[0] + "\nBANCAMIGA_REFRESH_TOKEN=" + pair[1] + "\n");
        Files.move(written, envFile);

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long seen = 0;
        Instant last = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            while (seen < items && System.nanoTime() < deadline) {
                if (consumer.assignment().isEmpty()) {
                    // until the runner's broker is up and has the topic (the consumer is used from this thread only)
                    List<TopicPartition> partitions = org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5))
                            .pollInSameThread().pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(2)).stream()
                                    .map(info -> new TopicPartition(topic, info.partition())).toList(), found -> !found.isEmpty());
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (contains(r.value(), VIA_HISTORY)) {
                        seen++;
                    }
                }
                last = Instant.now();
            }
        }
        bank.stop();
        if (seen < items || bank.historyCalls().isEmpty()) {
            System.out.printf("RESULT items=%d on_kafka_ms=-1 seen=%d history_calls=%d%n", items, seen, bank.historyCalls().size());
            System.exit(1);
        }
        long ms = Duration.between(bank.historyCalls().get(0), last).toMillis();
        System.out.printf("RESULT items=%d on_kafka_ms=%d us_per_item=%.1f violations=%d%n", items, ms, ms * 1000.0 / items,
                bank.violations().size());
    }

    private static boolean contains(byte[] value, byte[] part) {
        outer:
        for (int i = 0; value != null && i <= value.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (value[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
