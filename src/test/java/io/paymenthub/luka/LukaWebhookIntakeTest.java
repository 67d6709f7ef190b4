package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.support.LukaTestSupport;
import io.paymenthub.support.TopicReader.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Luka's webhook under the intake policy (docs/contract.md: Intake policy), end to end over HTTP: an authenticated notice sent
 * with a trailing comma, a byte order mark, a declared non-UTF-8 charset, as text/plain or without a Content-Type is
 * taken and confirmed; a refused body is replayed by an operator through direct:luka-intake (POST
 * /ops/rejected/{id}/replay): confirmed and published once, a replay again changes nothing, a body still refused stays
 * kept once.
 */
class LukaWebhookIntakeTest extends LukaTestSupport {

    private static final LukaSimulator LUKA = startSimulator();

    @Override
    protected LukaSimulator luka() {
        return LUKA;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trailing comma", "byte order mark", "ISO-8859-1 declared", "text/plain", "no Content-Type"})
    void anAuthenticatedNoticeTheStrictReaderRefusedIsTakenAndConfirmed(String kind) throws Exception {
        JsonNode pending = register(registration(reference('7')), 200);
        long id = Long.parseLong(pending.path("transaccionId").asText());
        LUKA.resolveSilently(id);
        String json = notice(pending).put("descripcion", "Aprobación").toString();
        String contentType = "application/json";
        Charset charset = StandardCharsets.UTF_8;
        switch (kind) {
            case "trailing comma" -> json = json.substring(0, json.length() - 1) + ",}";
            case "byte order mark" -> json = "\uFEFF" + json;
            case "ISO-8859-1 declared" -> {
                contentType = "application/json; charset=ISO-8859-1";
                charset = StandardCharsets.ISO_8859_1;
            }
            case "text/plain" -> contentType = "text/plain";
            case "no Content-Type" -> contentType = null;
            default -> throw new IllegalArgumentException(kind);
        }

        HttpResponse<String> answer = post("/webhooks/luka", contentType, "Bearer " + LUKA_WEBHOOK_SECRET, json.getBytes(charset));

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode ack = JSON.readTree(answer.body());
        assertTrue(ack.path("confirmed").asBoolean(), answer.body());
        assertEquals("APPROVED", ack.path("status").asText(), answer.body());
        assertEquals("Aprobación", JSON.readTree(text("SELECT last_notice FROM luka_transaction WHERE transaccion_id = ?",
                Long.toString(id))).path("descripcion").asText(), "the notice as received, in its declared charset");
    }

    @Test
    void aBodyAnEarlierVersionRefusedIsReplayedThroughItsRouteOnceAndAgainChangesNothing() throws Exception {
        JsonNode pending = register(registration(reference('7')), 200);
        long id = Long.parseLong(pending.path("transaccionId").asText());
        LUKA.resolveSilently(id);
        // what an earlier version refused with 415: the notice as text/plain
        long kept = keepRejected("luka-webhook", 415, "Content-Type must be application/json, not text/plain", "text/plain",
                notice(pending).toString());
        long rejectedBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> replayed = ops("POST", "rejected/" + kept + "/replay", "{\"reason\":\"Luka's notice as text/plain\"}");
        HttpResponse<String> again = ops("POST", "rejected/" + kept + "/replay", null);

        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals("STORED", JSON.readTree(replayed.body()).path("outcome").asText());
        assertEquals(Long.toString(id), JSON.readTree(replayed.body()).path("externalId").asText());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("DUPLICATE", JSON.readTree(again.body()).path("outcome").asText());
        List<Event> events = awaitALaterPayment();
        assertEquals(List.of("PENDING", "APPROVED"), statuses(events, "luka:" + id), "published once");
        assertEquals(rejectedBefore, count("SELECT COUNT(*) FROM rejected_message"), "nothing new is kept");
        assertEquals(1, count("SELECT COUNT(*) FROM luka_transaction WHERE transaccion_id = ?", Long.toString(id)), "one registration");
        assertEquals(2, count("SELECT replays FROM rejected_message WHERE id = ?", kept));
    }

    @Test
    void aNoticeStillRefusedIsKeptOnceAndAReplayReportsItStillRefused() throws Exception {
        HttpResponse<String> refused = post("/webhooks/luka", "text/plain", "Bearer " + LUKA_WEBHOOK_SECRET,
                "{\"exitoso\":true,}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, refused.statusCode(), refused.body());
        long kept = count("SELECT MAX(id) FROM rejected_message WHERE endpoint = 'luka-webhook'");
        long rejectedBefore = count("SELECT COUNT(*) FROM rejected_message");

        HttpResponse<String> replayed = ops("POST", "rejected/" + kept + "/replay", null);
        HttpResponse<String> again = ops("POST", "rejected/" + kept + "/replay", null);

        assertEquals(422, replayed.statusCode(), replayed.body());
        assertTrue(JSON.readTree(replayed.body()).path("message").asText().contains("still refused"), replayed.body());
        assertTrue(replayed.body().contains("transaccionId"), replayed.body());
        assertEquals(422, again.statusCode());
        assertEquals(rejectedBefore, count("SELECT COUNT(*) FROM rejected_message"), "kept once, not duplicated");
        assertEquals(2, count("SELECT replays FROM rejected_message WHERE id = ?", kept));
    }

    /** Luka's notice of a registration (same shape as its transaction answer). */
    private static ObjectNode notice(JsonNode registered) {
        ObjectNode notice = JSON.createObjectNode().put("transaccionId", Long.parseLong(registered.path("transaccionId").asText()))
                .put("exitoso", true).put("trazaId", registered.path("trazaId").asText());
        notice.putObject("infoProceso").put("estatusProcesamiento", "success");
        return notice;
    }
}
