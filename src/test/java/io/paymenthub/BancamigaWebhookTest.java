package io.paymenthub;

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

/** POST /webhooks/bancamiga as DESIGN.md's contract states it, on the real routes, store and Kafka. */
class BancamigaWebhookTest extends RunnerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    static Stream<Arguments> invalidFields() {
        String ref = "000000575202";
        String valid = notification(ref);
        return Stream.of(
                Arguments.of("Amount", valid.replace("\"Amount\":\"5.64\"", "\"Amount\":\"5.641\"")),
                Arguments.of("Amount", valid.replace("\"Amount\":\"5.64\"", "\"Amount\":\"0.00\"")),
                Arguments.of("Amount", valid.replace("\"Amount\":\"5.64\"", "\"Amount\":\"-5.64\"")),
                Arguments.of("Amount", valid.replace("\"Amount\":\"5.64\"", "\"Amount\":\"1e3\"")),
                Arguments.of("Amount", valid.replace("\"Amount\":\"5.64\"", "\"Amount\":5.64")),
                Arguments.of("Amount", valid.replace("\"Amount\":\"5.64\"", "\"Amount\":\"99999999999999999999.00\"")),
                Arguments.of("Amount", valid.replace("\"Amount\":\"5.64\",", "")),
                Arguments.of("Refpk", valid.replace("\"Refpk\":\"" + refpk(ref) + "\"", "\"Refpk\":\"\"")),
                Arguments.of("Refpk", valid.replace("\"Refpk\":\"" + refpk(ref) + "\"", "\"Refpk\":\"1' OR '1'='1\"")),
                Arguments.of("Refpk", valid.replace("\"Refpk\":\"" + refpk(ref) + "\"", "\"Refpk\":12345")),
                Arguments.of("BancoOrig", valid.replace("\"BancoOrig\":\"0172\"", "\"BancoOrig\":\"0999\"")),
                Arguments.of("BancoOrig", valid.replace("\"BancoOrig\":\"0172\"", "\"BancoOrig\":\"172\"")),
                Arguments.of("PhoneOrig", valid.replace("\"PhoneOrig\":\"584240000000\"", "\"PhoneOrig\":\"04240000000\"")),
                Arguments.of("PhoneDest", valid.replace("\"PhoneDest\":\"584140000001\"", "\"PhoneDest\":\"58414000000\"")),
                Arguments.of("FechaMovimiento", valid.replace("2025-05-08", "2025-02-30")),
                Arguments.of("FechaMovimiento", valid.replace("2025-05-08", "08/05/2025")),
                Arguments.of("HoraMovimiento", valid.replace("16:02:49", "25:02:49")),
                Arguments.of("NroReferencia", valid.replace("\"NroReferencia\":\"" + ref + "\"", "\"NroReferencia\":null")),
                Arguments.of("Status", valid.replace("\"Status\":\"000\"", "\"Status\":[\"000\"]")),
                Arguments.of("Descripcion", valid.replace("\"Descripcion\":\"pago\"", "\"Descripcion\":{\"x\":1}")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidFields")
    void invalidFieldIsRefusedWith400NamingTheFieldAndTheBodyIsKept(String field, String body) throws Exception {
        long keptBefore = count("SELECT COUNT(*) FROM rejected_message WHERE status = 400");

        HttpResponse<String> response = postWebhook(body);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(400, answer.path("Code").asInt());
        assertFalse(answer.path("message").asText().isBlank());
        assertTrue(answer.path("errors").findValuesAsText("field").contains(field), response.body());
        assertEquals(keptBefore + 1, count("SELECT COUNT(*) FROM rejected_message WHERE status = 400"));
        assertEquals(body, text("SELECT body FROM rejected_message ORDER BY id DESC FETCH FIRST 1 ROW ONLY"));
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE external_id = '" + refpk("000000575202") + "'"));
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
    void nonJsonContentTypesAreRefusedWith415AsJson() throws Exception {
        byte[] body = notification(nextReference()).getBytes(StandardCharsets.UTF_8);
        for (String contentType : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml", null}) {
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
