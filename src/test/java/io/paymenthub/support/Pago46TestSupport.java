package io.paymenthub.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.TopicReader.Event;

/** The PAGO46 settings the tests use, a simulator that expects them, and readers for the batch events. */
public abstract class Pago46TestSupport extends RunnerTestSupport {

    public static final String PAGO46_KEY = "test-pago46-provider-key";
    public static final String PAGO46_SECRET = "test-pago46-provider-secret-4b1f77";
    public static final String PAGO46_CURRENCY = "d9e41e37-3ff4-4dbc-82b6-1ded336910dc";
    public static final String PAGO46_DOCUMENT = "J123456789";

    /** A started simulator that checks the scheme's signature made with the test credentials. */
    public static Pago46Simulator simulator(String scheme) {
        Pago46Simulator simulator = new Pago46Simulator(0, PAGO46_KEY, PAGO46_SECRET, scheme, Set.of(PAGO46_CURRENCY));
        simulator.start();
        return simulator;
    }

    /** A started simulator reading the provider signature with this encoding and message-date unit. */
    public static Pago46Simulator simulator(String scheme, String encoding, String dateUnit) {
        Pago46Simulator simulator = new Pago46Simulator(0, PAGO46_KEY, PAGO46_SECRET, scheme, encoding, dateUnit, Set.of(PAGO46_CURRENCY));
        simulator.start();
        return simulator;
    }

    /** Settings pointing the runner at the simulator; callers add or replace what they test. */
    public static Map<String, String> pago46Settings(Pago46Simulator simulator) {
        Map<String, String> p = new HashMap<>();
        p.put("pago46.base-url", simulator.baseUrl());
        p.put("pago46.provider-key", PAGO46_KEY);
        p.put("pago46.provider-secret", PAGO46_SECRET);
        p.put("pago46.bank-country-currency-id", PAGO46_CURRENCY);
        p.put("pago46.document-id", PAGO46_DOCUMENT);
        p.put("pago46.poll-interval-ms", "100");
        p.put("pago46.retry.initial-delay", "50ms");
        p.put("pago46.retry.max-delay", "500ms");
        return p;
    }

    /** The PAGO46 batch events read so far, once the condition on them holds. */
    protected List<Event> awaitBatchEvents(Duration timeout, java.util.function.Predicate<List<Event>> condition) {
        return events().awaitEvents(timeout, all -> condition.test(batchEvents(all))).stream()
                .filter(e -> e.value().path("type").asText().startsWith("pago46.")).toList();
    }

    public static List<Event> batchEvents(List<Event> all) {
        return all.stream().filter(e -> e.value().path("type").asText().startsWith("pago46.")).toList();
    }

    /** The bank_transaction_ids listed in these batch events, with repeats. */
    public static List<String> transactionIds(List<Event> batchEvents) {
        return batchEvents.stream().flatMap(e -> {
            List<String> ids = new java.util.ArrayList<>();
            e.value().path("data").path("transactions").forEach(t -> ids.add(t.path("bankTransactionId").asText()));
            return ids.stream();
        }).toList();
    }
}
