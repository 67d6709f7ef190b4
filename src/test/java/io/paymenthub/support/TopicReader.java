package io.paymenthub.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from its beginning, as a downstream consumer would, and keeps every record it saw.
 * Every event read is checked against the shipped JSON Schema.
 */
public final class TopicReader implements AutoCloseable {

    /** One record as a consumer sees it. */
    public record Event(String key, JsonNode value, List<String> headerNames, String contentType) {
        public String paymentId() {
            return value.path("data").path("paymentId").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final List<Event> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
    }

    /**
     * Reads every partition of the topic from offset 0, without a consumer group: a group rebalance
     * would rewind to the beginning and show records twice, hiding or faking duplicates.
     */
    private boolean assigned() {
        if (consumer.assignment().isEmpty()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                return false; // the runner has not created the topic yet
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        return true;
    }

    /** Polls until the events seen so far satisfy the condition, then returns them all. */
    public synchronized List<Event> awaitEvents(Duration timeout, Predicate<List<Event>> condition) {
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            if (!assigned()) {
                return false;
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                seen.add(toEvent(r));
            }
            return condition.test(seen);
        });
        return List.copyOf(seen);
    }

    /** Waits until an event for every given payment id has been read. */
    public List<Event> awaitPayments(Duration timeout, java.util.Collection<String> paymentIds) {
        return awaitEvents(timeout, events -> events.stream().map(Event::paymentId).collect(
                java.util.stream.Collectors.toSet()).containsAll(paymentIds));
    }

    private static Event toEvent(ConsumerRecord<String, String> r) throws Exception {
        JsonNode value = JSON.readTree(r.value());
        EventSchema.assertValid(value);
        List<String> names = new ArrayList<>();
        String contentType = null;
        for (Header h : r.headers()) {
            names.add(h.key());
            if (h.key().equalsIgnoreCase("content-type")) {
                contentType = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return new Event(r.key(), value, names, contentType);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
