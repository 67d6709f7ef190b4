package io.paymenthub.support;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.AfterAll;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Luka settings the tests use, a simulator that expects them, and helpers to register and read events. */
public abstract class LukaTestSupport extends RunnerTestSupport {

    public static final String LUKA_USER = "test-luka-user";
    public static final String LUKA_PASSWORD = "test-luka-password-7e21c9";
    public static final String LUKA_WEBHOOK_SECRET = "test-luka-webhook-secret-3fa0d2";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong REFERENCES = new AtomicLong(System.nanoTime() % 1_000_000_000L);


    /** The simulator of this test class (started by it; webhooks are pointed at the runner here). */
    protected abstract LukaSimulator luka();

    /** Settings beyond the Luka basics, for this class. */
    protected Map<String, String> lukaExtraProperties() {
        return Map.of();
    }

    @Override
    protected final Map<String, String> extraProperties() {
        luka().webhookTo("http://127.0.0.1:" + httpPort + "/webhooks/luka", LUKA_WEBHOOK_SECRET);
        Map<String, String> p = new HashMap<>();
        p.put("luka.base-url", luka().baseUrl());
        p.put("luka.username", LUKA_USER);
        p.put("luka.password", LUKA_PASSWORD);
        p.put("luka.webhook.secret", LUKA_WEBHOOK_SECRET);
        p.put("luka.circuit.open-seconds", "1");
        p.putAll(lukaExtraProperties());
        return p;
    }

    @AfterAll
    void rememberLukaSecrets() {
        Secrets.remember(LUKA_PASSWORD, LUKA_WEBHOOK_SECRET);
        Secrets.remember(luka().issuedTokens().toArray(String[]::new));
        luka().stop();
    }

    public static LukaSimulator startSimulator() {
        LukaSimulator simulator = new LukaSimulator(LUKA_USER, LUKA_PASSWORD).resolveAfter(Duration.ofHours(1));
        simulator.start();
        return simulator;
    }

    /** A fresh Pago Móvil reference (11 digits) ending in the given digit (the simulator's default rule). */
    public static String reference(char lastDigit) {
        return String.format("%010d", REFERENCES.incrementAndGet() % 10_000_000_000L) + lastDigit;
    }

    /** The seed's example body with this reference and amount, and extra fields as given (null removes one). */
    public static String registration(String reference, String amount, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("nombrePagador", "Pedro Perez");
        body.put("codigoBancoPagador", "0105");
        body.put("telefonoPagador", "584125555555");
        body.put("cedula", "V 12345678");
        body.put("numeroRerefencia", reference);
        body.put("monto", new java.math.BigDecimal(amount));
        body.put("email", "email@example.com");
        body.put("tipo", "R");
        extra.forEach((k, v) -> {
            if (v == null) {
                body.remove(k);
            } else {
                body.put(k, v);
            }
        });
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String registration(String reference) {
        return registration(reference, "1.00", Map.of());
    }

    protected HttpResponse<String> register(String body, String... headers) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("Content-Type", "application/json", "Authorization", API_AUTHORIZATION));
        all.addAll(List.of(headers));
        return business().send("POST", "/api/v1/luka/pago-movil", body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60),
                all.toArray(String[]::new));
    }

    /** Registers and expects this HTTP status; returns the JSON answer. */
    protected JsonNode register(String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = register(body);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    protected HttpResponse<String> postLukaWebhook(String authorization, String body) throws Exception {
        return post("/webhooks/luka", "application/json", authorization, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The payment.status-changed events of this payment read so far, once the condition on them holds. */
    protected List<Event> awaitStatuses(String paymentId, java.util.function.Predicate<List<String>> condition) {
        return events().awaitEvents(WAIT, all -> condition.test(statuses(all, paymentId))).stream()
                .filter(e -> e.paymentId().equals(paymentId)).toList();
    }

    /** The statuses published for a payment, in order. */
    public static List<String> statuses(List<Event> all, String paymentId) {
        return all.stream().filter(e -> e.paymentId().equals(paymentId))
                .map(e -> e.value().path("data").path("status").asText()).toList();
    }

    /**
     * Registers another payment (approved at once) and waits for its event: events are published in commit
     * order, so any further event for the earlier payments would have been read before it. Returns everything read.
     */
    protected List<Event> awaitALaterPayment() throws Exception {
        String later = reference('0');
        JsonNode answer = register(registration(later), 200);
        String laterId = answer.path("paymentId").asText();
        return events().awaitPayments(WAIT, List.of(laterId));
    }
}
