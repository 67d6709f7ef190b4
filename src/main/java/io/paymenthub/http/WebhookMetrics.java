package io.paymenthub.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Counts webhook calls by provider and outcome: {@code paymenthub_webhook_requests_total{provider,outcome,status}};
 * outcome accepted, duplicate, alias (the movement is stored under another id), held and conflict (acknowledged,
 * held for review), rejected.
 */
public final class WebhookMetrics {

    static final String NAME = "paymenthub.webhook.requests";

    private final MeterRegistry registry;
    /** One counter per provider, outcome and status, registered on first use: no builder and no tag list per call. */
    private final java.util.concurrent.ConcurrentMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A call answered 200, counted by its outcome. Bound by annotation (the route names only the method): no
     * parameter expression is evaluated per webhook.
     */
    public void recorded(@ExchangeProperty(HttpErrorResponder.PROVIDER) String provider, @Body PaymentStore.Outcome outcome) {
        count(provider, switch (outcome) {
            case STORED -> "accepted";
            case DUPLICATE -> "duplicate";
            case ALIAS -> "alias";
            case CONFLICT -> "conflict";
            case HELD -> "held";
        }, 200);
    }

    public void rejected(String provider, int status) {
        count(provider, "rejected", status);
    }

    private void count(String provider, String outcome, int status) {
        String name = provider == null ? "unknown" : provider;
        counters.computeIfAbsent(name + '|' + outcome + '|' + status, key -> Counter.builder(NAME)
                .description("Webhook calls answered, by provider and outcome")
                .tag("provider", name)
                .tag("outcome", outcome)
                .tag("status", Integer.toString(status))
                .register(registry)).increment();
    }
}
