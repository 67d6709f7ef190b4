package io.paymenthub.bamboo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.bamboo.BambooSignature;
import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bamboo's webhook under the intake policy (docs/contract.md: Intake policy), end to end over HTTP: a signed callback sent with a
 * trailing comma, a byte order mark, a declared non-UTF-8 charset, as text/plain or without a Content-Type is taken
 * and published with its body as received; a refused body is replayed by an operator through direct:bamboo-intake
 * (POST /ops/rejected/{id}/replay): stored once, a replay again changes nothing, a body still refused stays kept once.
 */
class BambooWebhookIntakeTest extends BambooTestSupport {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trailing comma", "byte order mark", "ISO-8859-1 declared", "text/plain", "no Content-Type"})
    void aSignedCallbackTheStrictReaderRefusedIsTakenAndPublishedWithItsBodyAsReceived(String kind) throws Exception {
        String id = nextId();
        ObjectNode callback = purchaseCallback(id, 123400, "COP", 1, "Approved");
        callback.put("Order", "pedido-año-" + id);
        String json = callback.toString();
        String contentType = "application/json";
        Charset charset = StandardCharsets.UTF_8;
        switch (kind) {
            case "trailing comma" -> json = json.substring(0, json.length() - 1) + ",}";
            case "byte order mark" -> json = "\uFEFF" + json;
            case "ISO-8859-1 declared" -> {
                contentType = "application/json; charset=ISO-8859-1";
                charset = StandardCharsets.ISO_8859_1;
            }
            case "text/plain" -> contentType = "text/plain; charset=utf-8";
            case "no Content-Type" -> contentType = null;
            default -> throw new IllegalArgumentException(kind);
        }

        HttpResponse<String> answer = postSigned(id, "123400", json.getBytes(charset), contentType);

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("CREATED", JSON.readTree(answer.body()).path("outcome").asText());
        Event event = eventsOf("bamboo:" + id).get(0);
        assertEquals("APPROVED", event.value().path("data").path("status").asText());
        assertEquals("1234.00", event.value().path("data").path("amount").asText());
        assertEquals("pedido-año-" + id, event.value().path("data").path("reference").asText(), "read in its declared charset");
        assertEquals("pedido-año-" + id, event.value().path("data").path("original").path("Order").asText(), "the body as received");
    }

    @Test
    void aBodyAnEarlierVersionRefusedIsReplayedThroughItsRouteWithoutItsSignatureOnceAndAgainChangesNothing() throws Exception {
        // what an earlier version refused with 415: JSON sent as text/plain, with a trailing comma
        String id = nextId();
        String json = purchaseCallback(id, 50000, "COP", 1, "Approved").toString();
        long kept = keepRejected("bamboo-webhook", 415, "Content-Type must be application/json, not text/plain",
                "text/plain", json.substring(0, json.length() - 1) + ",}");
        long rejectedBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> replayed = ops("POST", "rejected/" + kept + "/replay", "{\"reason\":\"Bamboo's plugin sends text/plain\"}");
        HttpResponse<String> again = ops("POST", "rejected/" + kept + "/replay", null);

        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals("STORED", JSON.readTree(replayed.body()).path("outcome").asText());
        assertEquals(id, JSON.readTree(replayed.body()).path("externalId").asText());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("DUPLICATE", JSON.readTree(again.body()).path("outcome").asText());
        List<Event> mine = eventsOf("bamboo:" + id);
        assertEquals(1, mine.size(), mine.toString());
        assertEquals("APPROVED", mine.get(0).value().path("data").path("status").asText());
        assertEquals("500.00", mine.get(0).value().path("data").path("amount").asText());
        assertEquals(rejectedBefore, count("SELECT COUNT(*) FROM rejected_message"), "nothing new is kept");
        assertEquals(2, count("SELECT replays FROM rejected_message WHERE id = ?", kept));
        assertEquals("duplicate " + id, text("SELECT last_replay_outcome FROM rejected_message WHERE id = ?", kept));
    }

    @Test
    void aSignedCallbackStillUnreadableIsKeptOnceAndAReplayReportsItStillRefused() throws Exception {
        String id = nextId();
        ObjectNode mystery = purchaseCallback(id, 1000, "COP", 9, "Mystery");
        assertEquals(400, postSigned(id, "1000", mystery.toString().getBytes(StandardCharsets.UTF_8), "application/json").statusCode());
        long kept = count("SELECT MAX(id) FROM rejected_message WHERE endpoint = 'bamboo-webhook'");
        assertEquals(mystery.toString(), JSON.readTree(ops("GET", "rejected/" + kept, null).body()).path("body").asText(),
                "kept as received");
        long rejectedBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> replayed = ops("POST", "rejected/" + kept + "/replay", null);
        HttpResponse<String> again = ops("POST", "rejected/" + kept + "/replay", null);

        assertEquals(422, replayed.statusCode(), replayed.body());
        assertTrue(JSON.readTree(replayed.body()).path("message").asText().contains("still refused"), replayed.body());
        assertEquals(422, again.statusCode());
        assertEquals(rejectedBefore, count("SELECT COUNT(*) FROM rejected_message"), "kept once, not duplicated");
        assertEquals(2, count("SELECT replays FROM rejected_message WHERE id = ?", kept));
        assertTrue(text("SELECT last_replay_outcome FROM rejected_message WHERE id = ?", kept).startsWith("refused again: 400"));
        assertEquals(0, count("SELECT COUNT(*) FROM payment WHERE provider = 'bamboo' AND external_id = ?", id));
    }

    @Test
    void aMerchantsRefusedPurchaseRequestIsNotReplayedAndTheAnswerSaysWhy() throws Exception {
        long kept = keepRejected("bamboo-purchases", 400, "Currency is required", "application/json", "{}");

        HttpResponse<String> replayed = ops("POST", "rejected/" + kept + "/replay", null);

        assertEquals(409, replayed.statusCode());
        String message = JSON.readTree(replayed.body()).path("message").asText();
        assertTrue(message.contains("merchant") && message.contains("bamboo-webhook"), message);
        assertEquals(0, count("SELECT replays FROM rejected_message WHERE id = ?", kept));
    }

    private HttpResponse<String> postSigned(String id, String amount, byte[] body, String contentType) throws Exception {
        String now = Instant.now().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(notifyUrl()))
                .header("signature", BambooSignature.sign(BAMBOO_SECRET, id, amount, "COP", now)).header("dateSent", now)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
