package io.paymenthub.bancamiga;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.BancamigaSamples;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /webhooks/bancamiga as docs/contract.md states it, on the real routes, store and Kafka. */
class BancamigaWebhookTest extends RunnerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** bancamiga.webhook.token is "current,next" here: a rotation under way. */
    private static final String NEXT_TOKEN = "test-bancamiga-next-token-2b8d61";

    @Override
    protected java.util.Map<String, String> extraProperties() {
        return java.util.Map.of("bancamiga.webhook.token", WEBHOOK_TOKEN + "," + NEXT_TOKEN);
    }

    @org.junit.jupiter.api.AfterAll
    void rememberNextToken() {
        io.paymenthub.support.Secrets.remember(NEXT_TOKEN);
    }
    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    @Test
    void validNotificationIsAcknowledgedWithCodeAndRefpkAsJson() throws Exception {
        String reference = nextReference();

        HttpResponse<String> response = postWebhook(notification(reference));

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"Code\":200,\"Refpk\":\"" + refpk(reference) + "\"}", response.body());
        assertFalse(response.headers().map().containsKey("authorization"), "the bearer token must not be echoed");
    }

    @Test
    void acknowledgedPaymentIsStoredAndPublishedAsTheContractsCloudEvent() throws Exception {
        String reference = nextReference();
        String paymentId = "bancamiga:" + refpk(reference);

        assertEquals(200, postWebhook(notification(reference, "1234.50")).statusCode());

        assertEquals(1, count("SELECT COUNT(*) FROM payment WHERE provider = 'bancamiga' AND external_id = ?", refpk(reference)));
        Event event = events().awaitPayments(EVENT_WAIT, List.of(paymentId)).stream()
                .filter(e -> e.paymentId().equals(paymentId)).findFirst().orElseThrow();
        assertEquals(paymentId, event.key());
        assertEquals("application/cloudevents+json; charset=UTF-8", event.contentType());
        assertEquals(List.of("content-type"), event.headerNames(), "no request header may leak into the record");
        JsonNode ce = event.value();
        assertEquals("1.0", ce.path("specversion").asText());
        assertEquals("payment.received", ce.path("type").asText());
        assertEquals("/bancamiga/webhook", ce.path("source").asText());
        assertEquals(paymentId, ce.path("subject").asText());
        assertEquals("2025-05-08T20:02:49Z", ce.path("time").asText());
        JsonNode data = ce.path("data");
        assertEquals("bancamiga", data.path("provider").asText());
        assertEquals(refpk(reference), data.path("externalId").asText());
        assertEquals("PAGO_MOVIL", data.path("method").asText());
        assertEquals("RECEIVED", data.path("status").asText());
        assertTrue(data.path("amount").isTextual(), "amount is a decimal string");
        assertEquals("1234.50", data.path("amount").asText());
        assertEquals("VES", data.path("currency").asText());
        assertEquals(reference, data.path("reference").asText());
        assertEquals("584240000000", data.path("payer").path("phone").asText());
        assertEquals("0172", data.path("payer").path("bank").asText());
        assertEquals("Bancamiga", data.path("payer").path("bankName").asText());
        assertEquals("584140000001", data.path("payee").path("phone").asText());
        assertEquals("2025-05-08T16:02:49-04:00", data.path("occurredAt").asText());
        assertEquals("webhook", data.path("observedVia").asText());
        assertEquals(JSON.readTree(notification(reference, "1234.50")), data.path("original"));
    }

    @Test
    void repeatedRefpkIsAcknowledgedAgainAndPublishedOnce() throws Exception {
        String reference = nextReference();
        String paymentId = "bancamiga:" + refpk(reference);

        HttpResponse<String> first = postWebhook(notification(reference));
        HttpResponse<String> second = postWebhook(notification(reference));
        // a later payment: the relay publishes in commit order, so once its event is read any
        // second event for the repeated Refpk would have been read before it
        String later = nextReference();
        assertEquals(200, postWebhook(notification(later)).statusCode());

        assertEquals(200, first.statusCode());
        assertEquals(200, second.statusCode());
        assertEquals(first.body(), second.body());
        List<Event> events = events().awaitPayments(EVENT_WAIT, List.of(paymentId, "bancamiga:" + refpk(later)));
        assertEquals(1, events.stream().filter(e -> e.paymentId().equals(paymentId)).count(),
                () -> "events read: " + events.stream().map(e -> e.key() + "/" + e.value().path("id").asText()).toList());
        assertEquals(1, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk(reference)));
    }

    @Test
    void missingOrWrongBearerTokenIsRefusedWith401AndNothingIsStored() throws Exception {
        String reference = nextReference();
        byte[] body = notification(reference).getBytes(StandardCharsets.UTF_8);

        for (String authorization : new String[] {null, "Bearer wrong-token", "Basic " + WEBHOOK_TOKEN, "Bearer "}) {
            HttpResponse<String> response = post("/webhooks/bancamiga", "application/json", authorization, body);

            assertEquals(401, response.statusCode(), "Authorization: " + authorization);
            JsonNode answer = JSON.readTree(response.body());
            assertEquals(401, answer.path("Code").asInt());
            assertFalse(answer.path("message").asText().isBlank());
        }
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk(reference)));
    }

    /** Fields that cannot be read without guessing: acknowledged 200 (Bancamiga never retries), held, not published. */
    static Stream<Arguments> ambiguousFields() {
        return Stream.of(
                Arguments.of("Amount", "\"Amount\":\"5.641\""),
                Arguments.of("Amount", "\"Amount\":\"0.00\""),
                Arguments.of("Amount", "\"Amount\":\"-5.64\""),
                Arguments.of("Amount", "\"Amount\":\"1e3\""),
                Arguments.of("Amount", "\"Amount\":\"1.234,56\""),
                Arguments.of("Amount", "\"Amount\":\"5,64\""),
                Arguments.of("Amount", "\"Amount\":\"abc\""),
                Arguments.of("Amount", "\"Amount\":5.641"),
                Arguments.of("Amount", "\"Amount\":-5"),
                Arguments.of("Amount", "\"Amount\":\"99999999999999999999.00\""),
                Arguments.of("Amount", "\"Amount\":null"),
                Arguments.of("BancoOrig", "\"BancoOrig\":\"172\""),
                Arguments.of("BancoOrig", "\"BancoOrig\":172"),
                Arguments.of("PhoneOrig", "\"PhoneOrig\":\"12345\""),
                Arguments.of("PhoneDest", "\"PhoneDest\":\"58414000000\""),
                Arguments.of("FechaMovimiento", "\"FechaMovimiento\":\"2025-02-30\""),
                Arguments.of("FechaMovimiento", "\"FechaMovimiento\":\"08/05/2025\""),
                Arguments.of("HoraMovimiento", "\"HoraMovimiento\":\"25:02:49\""),
                Arguments.of("HoraMovimiento", "\"HoraMovimiento\":\"4pm\""),
                Arguments.of("NroReferencia", "\"NroReferencia\":null"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("ambiguousFields")
    void anAmbiguousFieldIsAcknowledgedAndHeldForReviewNotPublished(String field, String replacement) throws Exception {
        String reference = nextReference();
        String body = withField(notification(reference), field, replacement);

        HttpResponse<String> response = postWebhook(body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"Code\":200,\"Refpk\":\"" + refpk(reference) + "\"}", response.body());
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = ?", refpk(reference)));
        assertEquals(1, count("SELECT COUNT(*) FROM review_item WHERE external_id = ? AND status = 'OPEN' AND kind = 'FIELDS'",
                refpk(reference)));
        String reason = text("SELECT reason FROM review_item WHERE external_id = ?", refpk(reference));
        assertTrue(reason.startsWith(field + " "), reason);
        assertEquals(body, text("SELECT body FROM review_item WHERE external_id = ?", refpk(reference)), "kept as received");
        // the same report again is the same review item
        assertEquals(200, postWebhook(body).statusCode());
        assertEquals(1, count("SELECT COUNT(*) FROM review_item WHERE external_id = ?", refpk(reference)));
    }

    /** Replaces the field's "name":value pair in a sample body (or sets it when the sample lacks it). */
    private static String withField(String body, String field, String pair) {
        return body.replaceFirst("\"" + field + "\":(\"[^\"]*\"|null)", java.util.regex.Matcher.quoteReplacement(pair));
    }

    /** Unambiguous variants partners and their client libraries send: normalized, published, the body kept as received. */
    static Stream<Arguments> normalizedVariants() {
        return Stream.of(
                Arguments.of("time without seconds", "\"HoraMovimiento\":\"16:02\"", "occurredAt", "2025-05-08T16:02:00-04:00"),
                Arguments.of("national phone", "\"PhoneOrig\":\"04240000000\"", "payer.phone", "584240000000"),
                Arguments.of("+58 phone", "\"PhoneOrig\":\"+58 424-000.0000\"", "payer.phone", "584240000000"),
                Arguments.of("0058 phone", "\"PhoneOrig\":\"00584240000000\"", "payer.phone", "584240000000"),
                Arguments.of("national payee phone", "\"PhoneDest\":\"0414 0000001\"", "payee.phone", "584140000001"),
                Arguments.of("JSON number amount", "\"Amount\":5.64", "amount", "5.64"),
                Arguments.of("JSON number amount past a double's precision", "\"Amount\":900719925474099.33", "amount",
                        "900719925474099.33"),
                Arguments.of("JSON integer amount", "\"Amount\":1234", "amount", "1234.00"),
                Arguments.of("one decimal", "\"Amount\":\"1234.5\"", "amount", "1234.50"),
                Arguments.of("bank missing from the bundled list", "\"BancoOrig\":\"0999\"", "payer.bankName", null),
                Arguments.of("0178, on the BCV list", "\"BancoOrig\":\"0178\"", "payer.bankName", "N58 Banco Digital"),
                Arguments.of("Status as an array", "\"Status\":[\"000\"]", "payer.phone", "584240000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizedVariants")
    void anUnambiguousVariantIsNormalizedAndPublishedWithTheBodyAsReceived(String kind, String replacement, String path,
                                                                           String expected) throws Exception {
        String reference = nextReference();
        String field = replacement.substring(1, replacement.indexOf('"', 1));
        String body = withField(notification(reference), field, replacement);

        HttpResponse<String> response = postWebhook(body);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode data = publishedData(refpk(reference));
        JsonNode value = data;
        for (String part : path.split("\\.")) {
            value = value.path(part);
        }
        assertFalse(value.isMissingNode(), path + " in " + data);
        assertEquals(expected, value.isNull() ? null : value.asText(), data.toString());
        assertEquals(JSON.readTree(body), data.path("original"), "the body as received");
        assertEquals(0, count("SELECT COUNT(*) FROM review_item WHERE external_id = ?", refpk(reference)));
    }

    @Test
    void aBankCodeMissingFromTheListIsCountedInAMetric() throws Exception {
        String reference = nextReference();
        assertEquals(200, postWebhook(withField(notification(reference), "BancoOrig", "\"BancoOrig\":\"0998\"")).statusCode());

        publishedData(refpk(reference));
        String metrics = get(managementPort, "/observe/metrics").body();
        assertTrue(metrics.contains("paymenthub_bancamiga_unknown_bank_total{bank=\"0998\"} 1.0"), metrics);
    }

    /** How .NET, OkHttp and other clients send JSON by default, and bodies other readers accept. */
    static Stream<Arguments> transportVariants() {
        return Stream.of(
                Arguments.of("text/plain", "text/plain", false, false, null),
                Arguments.of("text/plain with a charset", "text/plain; charset=utf-8", false, false, null),
                Arguments.of("no Content-Type", null, false, false, null),
                Arguments.of("application/xml around a JSON body", "application/xml", false, false, null),
                Arguments.of("a trailing comma", "application/json", true, false, null),
                Arguments.of("a UTF-8 byte order mark", "application/json", false, true, null),
                Arguments.of("ISO-8859-1 declared", "application/json; charset=ISO-8859-1", false, false, StandardCharsets.ISO_8859_1),
                Arguments.of("windows-1252 declared", "application/json;charset=\"windows-1252\"", false, false,
                        java.nio.charset.Charset.forName("windows-1252")),
                Arguments.of("UTF-16 declared", "application/json; charset=UTF-16", false, false, StandardCharsets.UTF_16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transportVariants")
    void anAuthenticatedJsonBodyIsTakenWhateverItsContentTypeCharsetBomOrTrailingComma(String kind, String contentType,
            boolean trailingComma, boolean bom, java.nio.charset.Charset charset) throws Exception {
        String reference = nextReference();
        String json = notification(reference).replace("\"pago\"", "\"pago móvil señor\"");
        if (trailingComma) {
            json = json.substring(0, json.length() - 1) + ",\n}";
        }
        byte[] bytes = json.getBytes(charset == null ? StandardCharsets.UTF_8 : charset);
        if (bom) {
            bytes = java.nio.ByteBuffer.allocate(bytes.length + 3).put(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
                    .put(bytes).array();
        }

        HttpResponse<String> response = post("/webhooks/bancamiga", contentType, "Bearer " + WEBHOOK_TOKEN, bytes);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("pago móvil señor", publishedData(refpk(reference)).path("original").path("Descripcion").asText());
    }

    @Test
    void theSeedsOwnExampleBodyAsPrintedIsTaken() throws Exception {
        // bancamiga-pago-movil-api.txt, WEBHOOK PAYMENT MOBILE: the printed body, its trailing comma included
        String seed = """
                {
                    "BancoOrig": "0172",
                    "FechaMovimiento": "2025-05-08",
                    "HoraMovimiento": "16:02:49",
                    "NroReferencia": "018219",
                    "PhoneOrig": "584240000000",
                    "PhoneDest": "584240000000",
                    "Status": "000",
                    "Descripcion": "pago",
                    "Amount": "5.64",
                    "Refpk": "202505080172584240000000018219",
                }
                """;

        HttpResponse<String> response = postWebhook(seed);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"Code\":200,\"Refpk\":\"202505080172584240000000018219\"}", response.body());
        assertEquals("5.64", publishedData("202505080172584240000000018219").path("amount").asText());
    }

    @Test
    void aRefpkStoredBeforeWithAnotherAmountOrPayerIsAcknowledgedAndHeldAsAConflictKeepingBothVersions() throws Exception {
        String reference = nextReference();
        assertEquals(200, postWebhook(notification(reference, "5.64")).statusCode());

        HttpResponse<String> otherAmount = postWebhook(notification(reference, "56.40"));
        HttpResponse<String> otherPayer = postWebhook(notification(reference).replace("\"PhoneOrig\":\"584240000000\"",
                "\"PhoneOrig\":\"584249999999\""));

        assertEquals(200, otherAmount.statusCode());
        assertEquals(200, otherPayer.statusCode());
        assertEquals("5.64", publishedData(refpk(reference)).path("amount").asText(), "the stored version stands");
        assertEquals(564, count("SELECT amount * 100 FROM payment WHERE external_id = ?", refpk(reference)));
        assertEquals(2, count("SELECT COUNT(*) FROM review_item WHERE external_id = ? AND kind = 'CONFLICT' AND status = 'OPEN'",
                refpk(reference)));
        assertTrue(text("SELECT body FROM review_item WHERE external_id = ? AND body LIKE '%56.40%'", refpk(reference)) != null,
                "the conflicting version is kept as received");
        assertTrue(text("SELECT reason FROM review_item WHERE external_id = ? AND body LIKE '%56.40%'", refpk(reference))
                .contains("already stored with amount 5.64"));
        // still one event for that Refpk, read up to a later payment's
        String later = nextReference();
        assertEquals(200, postWebhook(notification(later)).statusCode());
        List<Event> events = events().awaitPayments(EVENT_WAIT, List.of("bancamiga:" + refpk(reference), "bancamiga:" + refpk(later)));
        assertEquals(1, events.stream().filter(e -> e.paymentId().equals("bancamiga:" + refpk(reference))).count());
    }

    static Stream<Arguments> unidentifiableBodies() {
        String ref = "000000575202";
        String valid = notification(ref);
        return Stream.of(
                Arguments.of("empty Refpk", valid.replace("\"Refpk\":\"" + refpk(ref) + "\"", "\"Refpk\":\"\"")),
                Arguments.of("hostile Refpk", valid.replace("\"Refpk\":\"" + refpk(ref) + "\"", "\"Refpk\":\"1' OR '1'='1\"")),
                Arguments.of("numeric Refpk", valid.replace("\"Refpk\":\"" + refpk(ref) + "\"", "\"Refpk\":12345")),
                Arguments.of("no Refpk", valid.replace(",\"Refpk\":\"" + refpk(ref) + "\"", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unidentifiableBodies")
    void aBodyWithoutAUsableRefpkIsRefusedWith400NamingItAndKept(String kind, String body) throws Exception {
        long keptBefore = count("SELECT COUNT(*) FROM rejected_message WHERE status = 400");

        HttpResponse<String> response = postWebhook(body);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(400, answer.path("Code").asInt());
        assertFalse(answer.path("message").asText().isBlank());
        assertTrue(answer.path("errors").findValuesAsText("field").contains("Refpk"), response.body());
        assertEquals(keptBefore + 1, count("SELECT COUNT(*) FROM rejected_message WHERE status = 400"));
        assertEquals(body, text("SELECT body FROM rejected_message ORDER BY id DESC FETCH FIRST 1 ROW ONLY"));
    }

    @Test
    void theNextWebhookTokenIsAcceptedBesideTheCurrentOneAndTheLogSaysWhichNeverItsValue() throws Exception {
        try (io.paymenthub.support.LogLines log = io.paymenthub.support.LogLines.capture()) {
            String reference = nextReference();
            byte[] body = notification(reference).getBytes(StandardCharsets.UTF_8);

            assertEquals(200, post("/webhooks/bancamiga", "application/json", "Bearer " + NEXT_TOKEN, body).statusCode());
            assertEquals(200, post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN, body).statusCode());
            assertEquals(401, post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN + "," + NEXT_TOKEN, body).statusCode());

            assertFalse(log.containing("bancamiga.webhook.token: callers authenticate with value 2 of 2").isEmpty());
            assertFalse(log.containing("bancamiga.webhook.token: callers authenticate with value 1 of 2").isEmpty());
            assertTrue(log.containing(NEXT_TOKEN).isEmpty() && log.containing(WEBHOOK_TOKEN).isEmpty());
        }
    }

    /** The published event's data for a Refpk (waits for it). */
    private JsonNode publishedData(String refpk) {
        String paymentId = "bancamiga:" + refpk;
        return events().awaitPayments(EVENT_WAIT, List.of(paymentId)).stream()
                .filter(e -> e.paymentId().equals(paymentId)).findFirst().orElseThrow().value().path("data");
    }

    static Stream<Arguments> malformedBodies() {
        String valid = notification("000000575203");
        return Stream.of(
                Arguments.of("truncated JSON", valid.substring(0, valid.length() / 2)),
                Arguments.of("not JSON", "Refpk=1&Amount=2"),
                Arguments.of("empty body", ""),
                Arguments.of("a JSON array", "[" + valid + "]"),
                Arguments.of("a JSON string", "\"hello\""),
                Arguments.of("duplicate keys", valid.replace("{\"BancoOrig\"", "{\"Amount\":\"1.00\",\"BancoOrig\"")),
                Arguments.of("trailing data", valid + "{}"),
                Arguments.of("control characters", valid.replace("pago", "pa\u0001go")),
                Arguments.of("NUL byte", valid.replace("pago", "pa\u0000go")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodyIsRefusedWith400AndKeptForInspection(String kind, String body) throws Exception {
        long keptBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> response = postWebhook(body);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertFalse(answer.path("message").asText().isBlank());
        assertEquals(keptBefore + 1, count("SELECT COUNT(*) FROM rejected_message"));
        assertEquals(body, text("SELECT body FROM rejected_message ORDER BY id DESC FETCH FIRST 1 ROW ONLY"));
    }

    @Test
    void extraFieldsAreAcceptedAndKeptInTheOriginal() throws Exception {
        String reference = nextReference();
        String body = notification(reference).replace("{\"BancoOrig\"", "{\"NuevoCampo\":\"x\",\"BancoOrig\"");

        assertEquals(200, postWebhook(body).statusCode());

        String paymentId = "bancamiga:" + refpk(reference);
        Event event = events().awaitPayments(EVENT_WAIT, List.of(paymentId)).stream()
                .filter(e -> e.paymentId().equals(paymentId)).findFirst().orElseThrow();
        assertEquals("x", event.value().path("data").path("original").path("NuevoCampo").asText());
    }

    @Test
    void formEncodingsThatCannotCarryTheBodyAsSentAreRefusedWith415AsJson() throws Exception {
        byte[] body = notification(nextReference()).getBytes(StandardCharsets.UTF_8);
        for (String contentType : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            HttpResponse<String> response = post("/webhooks/bancamiga", contentType, "Bearer " + WEBHOOK_TOKEN, body);

            assertEquals(415, response.statusCode(), "Content-Type " + contentType + ": " + response.body());
            assertFalse(JSON.readTree(response.body()).path("message").asText().isBlank());
        }
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413AsJson() throws Exception {
        byte[] huge = ("{\"Descripcion\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/bancamiga", "application/json", "Bearer " + WEBHOOK_TOKEN, huge);

        assertEquals(413, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertFalse(JSON.readTree(response.body()).path("message").asText().isBlank());
    }

    @Test
    void wrongMethodAndUnknownPathAreAnsweredAsJson() throws Exception {
        HttpResponse<String> wrongMethod = get(httpPort, "/webhooks/bancamiga");
        HttpResponse<String> unknown = get(httpPort, "/webhooks/nobody");

        assertEquals(405, wrongMethod.statusCode());
        assertFalse(JSON.readTree(wrongMethod.body()).path("message").asText().isBlank());
        assertEquals(404, unknown.statusCode());
        assertFalse(JSON.readTree(unknown.body()).path("message").asText().isBlank());
    }

    @Test
    void withKafkaBrokersSetNoEmbeddedBrokerIsStarted() {
        assertFalse(FreePorts.isListening(embeddedKafkaPort));
    }
}
