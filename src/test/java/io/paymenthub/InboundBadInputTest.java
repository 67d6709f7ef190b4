package io.paymenthub;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.bamboo.BambooPurchasesTest;
import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.LukaTestSupport;
import io.paymenthub.support.Secrets;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on every inbound endpoint gets the documented 4xx with a JSON message, never a 5xx or a
 * stack trace: malformed and hostile bodies, 10 MB bodies, slow and stalled bodies (408 after
 * http.request-body-timeout-ms), wrong methods and content types.
 */
class InboundBadInputTest extends RunnerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERIFY = "/api/v1/pago-movil/verifications";
    /** Every inbound endpoint of the runner's business port. */
    private static final String[] ENDPOINTS = {"/webhooks/bancamiga", VERIFY, "/webhooks/bamboo", "/api/v1/bamboo/purchases",
            "/webhooks/luka", "/api/v1/luka/pago-movil"};
    /** http.request-body-timeout-ms here: short, so the slow-body tests stay short. */
    private static final long BODY_TIMEOUT_MS = 2500;
    private static final String VALID_CLAIM = "{\"phone\":\"584240000000\",\"bank\":\"0172\",\"reference\":\"018219\",\"amount\":\"5.64\",\"date\":\"2025-05-08\"}";

    /** The partner flows are on, their APIs unreachable: an input that passes validation would be answered 502/503, not 400. */
    @Override
    protected Map<String, String> extraProperties() {
        String nowhere = "http://127.0.0.1:" + FreePorts.refusing();
        Map<String, String> p = new HashMap<>();
        p.put("http.request-body-timeout-ms", Long.toString(BODY_TIMEOUT_MS));
        p.put("bamboo.base-url", nowhere);
        p.put("bamboo.private-key", BambooTestSupport.BAMBOO_KEY);
        p.put("bamboo.webhook.secret", BambooTestSupport.BAMBOO_SECRET);
        p.put("bamboo.notify-url", "http://127.0.0.1:" + httpPort + "/webhooks/bamboo");
        p.put("luka.base-url", nowhere);
        p.put("luka.username", LukaTestSupport.LUKA_USER);
        p.put("luka.password", LukaTestSupport.LUKA_PASSWORD);
        p.put("luka.webhook.secret", LukaTestSupport.LUKA_WEBHOOK_SECRET);
        return p;
    }

    @AfterAll
    void rememberPartnerSecrets() {
        Secrets.remember(BambooTestSupport.BAMBOO_KEY, BambooTestSupport.BAMBOO_SECRET, LukaTestSupport.LUKA_PASSWORD,
                LukaTestSupport.LUKA_WEBHOOK_SECRET);
    }

    /** A partner endpoint: a valid body, its key text field and its key number field, and whether a refused body is kept. */
    private record Endpoint(String path, String authorization, String valid, String textField, String numberField, boolean keepsBody) {
    }

    private static final List<Endpoint> PARTNER_ENDPOINTS = List.of(
            // refused before its signature can be checked: not kept (an unauthenticated caller must not write to the store)
            new Endpoint("/webhooks/bamboo", null, "{\"PurchaseId\":\"7001\",\"Amount\":1000,\"Currency\":\"COP\","
                    + "\"Transaction\":{\"TransactionStatusId\":1,\"Status\":\"Approved\"}}", "PurchaseId", "Amount", false),
            new Endpoint("/api/v1/bamboo/purchases", API_AUTHORIZATION, BambooPurchasesTest.NEQUI_QR, "Currency", "Amount", true),
            new Endpoint("/webhooks/luka", "Bearer " + LukaTestSupport.LUKA_WEBHOOK_SECRET, "{\"transaccionId\":900001,"
                    + "\"trazaId\":\"t-1\",\"exitoso\":true,\"infoProceso\":{\"estatusProcesamiento\":\"success\"}}",
                    "transaccionId", "transaccionId", true),
            new Endpoint("/api/v1/luka/pago-movil", API_AUTHORIZATION, LukaTestSupport.registration("0123456789"), "numeroRerefencia", "monto", true));

    /** Every kind of hostile body on every partner endpoint (the Bancamiga webhook: below, under its intake policy; the verification API: below). */
    static Stream<Arguments> hostileBodiesOnPartnerEndpoints() throws Exception {
        List<Arguments> rows = new ArrayList<>();
        for (Endpoint e : PARTNER_ENDPOINTS) {
            ObjectNode valid = (ObjectNode) JSON.readTree(e.valid());
            rows.add(Arguments.of(e.path(), "truncated JSON", e.valid().substring(0, e.valid().length() / 2), e));
            rows.add(Arguments.of(e.path(), "a JSON array", "[" + e.valid() + "]", e));
            rows.add(Arguments.of(e.path(), "missing fields", "{}", e));
            rows.add(Arguments.of(e.path(), "duplicate keys", "{\"" + e.numberField() + "\":1," + e.valid().substring(1), e));
            rows.add(Arguments.of(e.path(), "wrong type", with(valid, e.numberField(), JSON.getNodeFactory().booleanNode(true)), e));
            rows.add(Arguments.of(e.path(), "SQL injection", with(valid, e.textField(), text("1' OR '1'='1")), e));
            rows.add(Arguments.of(e.path(), "non-ASCII digits", with(valid, e.textField(), text("\uff11\uff12\uff13\uff14\uff15")), e));
            rows.add(Arguments.of(e.path(), "control characters", with(valid, e.textField(), text("12\u000034\u0007")), e));
            rows.add(Arguments.of(e.path(), "overlong text", with(valid, e.textField(), text("9".repeat(500))), e));
            rows.add(Arguments.of(e.path(), "huge number", with(valid, e.numberField(),
                    JSON.getNodeFactory().numberNode(new java.math.BigInteger("99999999999999999999999999999999999"))), e));
            // a Bamboo callback with a zero amount is readable and signed: refused after its signature is checked, so kept
            rows.add(Arguments.of(e.path(), "zero", with(valid, e.numberField(), JSON.getNodeFactory().numberNode(0)),
                    e.path().equals("/webhooks/bamboo") ? new Endpoint(e.path(), e.authorization(), e.valid(), e.textField(),
                            e.numberField(), true) : e));
            rows.add(Arguments.of(e.path(), "negative", with(valid, e.numberField(), JSON.getNodeFactory().numberNode(-5)), e));
            rows.add(Arguments.of(e.path(), "three decimals", with(valid, e.numberField(),
                    JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1.555"))), e));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostileBodiesOnPartnerEndpoints")
    void hostileBodiesOnPartnerEndpointsAreRefusedWith400AndKeptWhereTheCallerIsKnown(String path, String kind, String body,
                                                                                     Endpoint endpoint) throws Exception {
        long keptBefore = count("SELECT COUNT(*) FROM rejected_message");
        String dateSent = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        HttpResponse<String> response = business().postJson(path, body, "signature", bambooSignature(body, dateSent),
                "dateSent", dateSent, "Authorization", endpoint.authorization());

        assertEquals(400, response.statusCode(), kind + ": " + response.body());
        assertMessage(response);
        assertEquals(keptBefore + (endpoint.keepsBody() ? 1 : 0), count("SELECT COUNT(*) FROM rejected_message"),
                "refused body kept only where the caller is known");
    }

    /**
     * The same hostile kinds on the Bancamiga webhook, under its intake policy (docs/contract.md: Intake policy): Bancamiga never retries, so an
     * authenticated body that names its Refpk is acknowledged (published or held for review), and only a body
     * without a usable identity is a 400. Each row: kind, the field changed, its value, the expected status, whether
     * the payment is published.
     */
    static Stream<Arguments> hostileBodiesOnTheBancamigaWebhook() {
        JsonNode t = JSON.getNodeFactory().booleanNode(true);
        return Stream.of(
                Arguments.of("wrong type Amount", "Amount", t, 200, false),
                Arguments.of("wrong type BancoOrig", "BancoOrig", t, 200, false),
                Arguments.of("SQL injection in NroReferencia", "NroReferencia", text("1' OR '1'='1"), 200, false),
                Arguments.of("SQL injection in Refpk", "Refpk", text("1' OR '1'='1"), 400, false),
                Arguments.of("non-ASCII digits in NroReferencia", "NroReferencia", text("\uff11\uff12\uff13\uff14\uff15"), 200, false),
                Arguments.of("non-ASCII digits in Refpk", "Refpk", text("\uff11\uff12\uff13\uff14\uff15"), 400, false),
                Arguments.of("control characters in Descripcion", "Descripcion", text("pa\u0000go\u0007"), 200, true),
                Arguments.of("overlong NroReferencia", "NroReferencia", text("9".repeat(500)), 200, false),
                Arguments.of("overlong Refpk", "Refpk", text("9".repeat(500)), 400, false),
                Arguments.of("huge number Amount", "Amount", JSON.getNodeFactory().numberNode(new java.math.BigInteger("99999999999999999999999999999999999")), 200, false),
                Arguments.of("zero Amount", "Amount", JSON.getNodeFactory().numberNode(0), 200, false),
                Arguments.of("negative Amount", "Amount", JSON.getNodeFactory().numberNode(-5), 200, false),
                Arguments.of("three decimals Amount", "Amount", JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1.555")), 200, false),
                Arguments.of("two decimals as a number", "Amount", JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1.55")), 200, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodiesOnTheBancamigaWebhook")
    void hostileBodiesOnTheBancamigaWebhookAreHeldWhenTheyNameTheirRefpkAndRefusedWhenTheyDoNot(String kind, String field,
            JsonNode value, int status, boolean published) throws Exception {
        String reference = nextReference();
        ObjectNode body = (ObjectNode) JSON.readTree(notification(reference));
        body.set(field, value);
        String refpk = body.path("Refpk").asText();
        long keptBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> response = post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN,
                body.toString().getBytes(StandardCharsets.UTF_8));

        assertEquals(status, response.statusCode(), kind + ": " + response.body());
        assertMessageOrCode(response, status);
        if (status == 400) {
            assertEquals(keptBefore + 1, count("SELECT COUNT(*) FROM rejected_message"), "refused body kept");
        } else {
            assertEquals(published ? 1 : 0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk));
            assertEquals(published ? 0 : 1, count("SELECT COUNT(*) FROM review_item WHERE external_id = ?", refpk));
        }
    }

    private static void assertMessageOrCode(HttpResponse<String> response, int status) throws Exception {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(status, answer.path("Code").asInt(), response.body());
        if (status != 200) {
            assertFalse(answer.path("message").asText().isBlank(), response.body());
        }
        assertFalse(response.body().contains("Exception"), "no stack trace or exception name: " + response.body());
    }

    @Test
    void aLukaNoticeWithATrazaIdThisRunnerCannotHaveSentIsStillAcknowledgedNotAnsweredWithA5xx() throws Exception {
        for (String trazaId : new String[] {"9".repeat(500), "t\u0001-1' OR '1'='1"}) {
            String transaccionId = Long.toString(800_000 + (System.nanoTime() % 100_000));
            ObjectNode notice = (ObjectNode) JSON.readTree(PARTNER_ENDPOINTS.get(2).valid());
            notice.put("transaccionId", Long.parseLong(transaccionId));
            notice.put("trazaId", trazaId);

            HttpResponse<String> response = post("/webhooks/luka", "application/json", "Bearer " + LukaTestSupport.LUKA_WEBHOOK_SECRET,
                    notice.toString().getBytes(StandardCharsets.UTF_8));

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("luka-" + transaccionId, text("SELECT traza_id FROM luka_transaction WHERE transaccion_id = ?", transaccionId));
        }
    }

    /** Bamboo's signature over what the body's id, Amount and Currency read as (a dummy when they cannot be read). */
    private static String bambooSignature(String body, String dateSent) {
        try {
            JsonNode json = JSON.readTree(body);
            return io.paymenthub.bamboo.BambooSignature.sign(BambooTestSupport.BAMBOO_SECRET, json.path("PurchaseId").asText(),
                    json.path("Amount").asText(), json.path("Currency").asText(), dateSent);
        } catch (Exception e) {
            return "00";
        }
    }

    private static String with(ObjectNode valid, String field, JsonNode value) {
        ObjectNode copy = valid.deepCopy();
        copy.set(field, value);
        return copy.toString();
    }

    private static JsonNode text(String value) {
        return JSON.getNodeFactory().textNode(value);
    }

    static Stream<Arguments> badClaims() {
        return Stream.of(
                Arguments.of("truncated JSON", VALID_CLAIM.substring(0, 30)),
                Arguments.of("not JSON", "phone=584240000000"),
                Arguments.of("empty", ""),
                Arguments.of("array", "[" + VALID_CLAIM + "]"),
                Arguments.of("wrong types", "{\"phone\":584240000000,\"bank\":172,\"reference\":18219,\"amount\":5.64,\"date\":20250508}"),
                Arguments.of("missing fields", "{\"phone\":\"584240000000\"}"),
                Arguments.of("huge amount", VALID_CLAIM.replace("\"5.64\"", "\"99999999999999999999999.00\"")),
                Arguments.of("zero amount", VALID_CLAIM.replace("\"5.64\"", "\"0.00\"")),
                Arguments.of("negative amount", VALID_CLAIM.replace("\"5.64\"", "\"-5.64\"")),
                Arguments.of("three decimals", VALID_CLAIM.replace("\"5.64\"", "\"5.641\"")),
                Arguments.of("non-ASCII digits", VALID_CLAIM.replace("\"018219\"", "\"０１８２１９\"")),
                Arguments.of("control characters", VALID_CLAIM.replace("\"018219\"", "\"0182\\u000019\"")),
                Arguments.of("SQL injection", VALID_CLAIM.replace("\"018219\"", "\"1' OR '1'='1\"")),
                Arguments.of("duplicate keys", VALID_CLAIM.replace("{\"phone\"", "{\"amount\":\"1.00\",\"phone\"")),
                Arguments.of("impossible date", VALID_CLAIM.replace("2025-05-08", "2025-02-30")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClaims")
    void verificationRefusesBadInputWith400AndAMessage(String kind, String body) throws Exception {
        HttpResponse<String> response = post(VERIFY, "application/json", API_AUTHORIZATION, body.getBytes(StandardCharsets.UTF_8));

        assertEquals(400, response.statusCode(), response.body());
        assertMessage(response);
    }

    @Test
    void tenMegabyteBodiesAreRefusedWith413OnEveryEndpoint() throws Exception {
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        for (String path : ENDPOINTS) {
            HttpResponse<String> response = post(path, "application/json", "Bearer " + WEBHOOK_TOKEN, huge);

            assertEquals(413, response.statusCode(), path);
            assertMessage(response);
        }
    }

    @Test
    void wrongMethodsAndContentTypesGetJsonAnswers() throws Exception {
        for (String path : ENDPOINTS) {
            for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> response = business().send(method, path, null, java.time.Duration.ofSeconds(30));
                assertEquals(405, response.statusCode(), method + " " + path);
                assertMessage(response);
            }
        }
        for (String path : new String[] {"/webhooks/bancamiga", VERIFY}) {
            HttpResponse<String> form = post(path, "application/x-www-form-urlencoded",
                    path.equals(VERIFY) ? API_AUTHORIZATION : "Bearer " + WEBHOOK_TOKEN,
                    "{\"a\":\"b\"}=1".getBytes(StandardCharsets.UTF_8));
            assertEquals(415, form.statusCode(), path + " " + form.body());
            assertMessage(form);
        }
    }

    @Test
    void aBodySentSlowlyIsStillReadAndAnswered() throws Exception {
        byte[] body = notification(nextReference()).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/bancamiga HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + WEBHOOK_TOKEN + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (byte b : body) { // one byte at a time, flushed: the worst a slow client does
                out.write(b);
                out.flush();
            }
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"Code\":200"), answer);
        }
    }

    @Test
    void stalledBodiesAreAnswered408AndClosedOnEveryEndpointWhileOtherRequestsAreStillServed() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (String path : ENDPOINTS) {
                stalled.add(stalledRequest(path));
            }
            // more stalled clients than Vert.x has worker threads (20): a body being read holds none
            for (int i = 0; i < 40; i++) {
                stalled.add(stalledRequest("/webhooks/bancamiga"));
            }

            HttpResponse<String> served = postWebhook(notification(nextReference()));
            long servedAfterMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, served.statusCode(), served.body());
            assertTrue(servedAfterMs < BODY_TIMEOUT_MS, "served while the stalled bodies were still open, after " + servedAfterMs + " ms");
            for (Socket socket : stalled) {
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to the close
                long afterMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
                assertTrue(answer.contains("{\"message\":\"The request body did not arrive within " + BODY_TIMEOUT_MS + " ms"), answer);
                assertTrue(afterMs < BODY_TIMEOUT_MS + 10_000, "answered and closed after " + afterMs + " ms");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyTrickledForLongerThanTheTimeoutIsAnswered408() throws Exception {
        byte[] body = notification(nextReference()).getBytes(StandardCharsets.UTF_8);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(headers("/webhooks/bancamiga", body.length));
            out.flush();
            AtomicInteger sent = new AtomicInteger();
            long start = System.nanoTime();
            // one byte every 100 ms: the whole body would take about 20 s
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write(body[sent.getAndIncrement()]);
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e); // closed by the runner: stop trickling
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            long afterMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("application/json"), answer);
            assertTrue(sent.get() < body.length, "answered before the body was complete (" + sent.get() + " bytes sent)");
            assertTrue(afterMs >= BODY_TIMEOUT_MS - 100 && afterMs < BODY_TIMEOUT_MS + 10_000, "answered after " + afterMs + " ms");
        } finally {
            trickle.shutdownNow();
        }
    }

    /** Headers announcing 1000 bytes, then 10 of them, then nothing. */
    private Socket stalledRequest(String path) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(headers(path, 1000));
        out.write("{\"Refpk\":\"".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static byte[] headers(String path, int contentLength) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + WEBHOOK_TOKEN + "\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertMessage(HttpResponse<String> response) throws Exception {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answer = JSON.readTree(response.body());
        assertFalse(answer.path("message").asText().isBlank(), response.body());
        assertFalse(response.body().contains("Exception"), "no stack trace or exception name: " + response.body());
    }

}
