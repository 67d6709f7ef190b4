package io.paymenthub;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Under concurrent load: every 200 means a stored row and exactly one event on Kafka; nothing else is published. */
class AckGuaranteeTest extends RunnerTestSupport {

    @Test
    void everyAcknowledgedPaymentIsStoredAndPublishedExactlyOnce() throws Exception {
        List<String> unique = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            unique.add(nextReference());
        }
        List<String> bodies = new ArrayList<>();
        unique.forEach(ref -> bodies.add(notification(ref)));
        unique.subList(0, 60).forEach(ref -> bodies.add(notification(ref)));               // repeats
        unique.subList(60, 100).forEach(ref -> bodies.add(notification(ref, "0.001")));     // acknowledged, held for review
        for (int i = 0; i < 20; i++) {
            bodies.add("{\"Amount\":\"5.64\",\"Descripcion\":\"without identity " + i + "\"}");     // refused: no identity
        }
        java.util.Collections.shuffle(bodies, new java.util.Random(42));

        Map<String, Integer> statusByRefpk = new ConcurrentHashMap<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String body : bodies) {
                sent.add(pool.submit(() -> {
                    HttpResponse<String> response = postWebhook(body);
                    if (!body.contains("Refpk")) {
                        assertEquals(400, response.statusCode(), response.body());
                        return null;
                    }
                    String refpk = body.replaceAll(".*\"Refpk\":\"([0-9]+)\".*", "$1");
                    statusByRefpk.merge(refpk, response.statusCode(), Math::min);
                    if (response.statusCode() == 200) {
                        assertEquals("{\"Code\":200,\"Refpk\":\"" + refpk + "\"}", response.body());
                        acknowledged.add(refpk);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(300, acknowledged.size(), "every well-formed payment is acknowledged: " + statusByRefpk);
        for (String refpk : acknowledged) {
            assertEquals(1, count("SELECT COUNT(*) FROM payment WHERE provider = 'bancamiga' AND external_id = ?", refpk));
        }
        Set<String> expected = acknowledged.stream().map(r -> "bancamiga:" + r).collect(Collectors.toSet());
        List<Event> events = events().awaitPayments(Duration.ofSeconds(60), expected);
        Map<String, Long> perPayment = events.stream().collect(Collectors.groupingBy(Event::paymentId, Collectors.counting()));
        assertEquals(expected, perPayment.keySet(), "only acknowledged payments are published");
        assertTrue(perPayment.values().stream().allMatch(n -> n == 1), "one event per payment: " + perPayment);
        assertEquals(20, count("SELECT COUNT(*) FROM rejected_message WHERE status = 400"));
        assertEquals(40, count("SELECT COUNT(*) FROM review_item WHERE kind = 'FIELDS' AND status = 'OPEN'"),
                "each ambiguous report held once, never published");
        // the relay deletes a batch from the outbox right after Kafka acknowledged it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals(0, count("SELECT COUNT(*) FROM outbox")));
    }
}
