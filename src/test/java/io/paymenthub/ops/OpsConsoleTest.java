package io.paymenthub.ops;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's pages and JSON reads on the management port, behind the operators' HTTP Basic. */
class OpsConsoleTest extends RunnerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theConsoleIsServedFromTheJarOnlyToAnAuthenticatedOperator() throws Exception {
        HttpResponse<String> anonymous = opsAs(null, null, "GET", "", null);
        HttpResponse<String> wrong = opsAs(OPS_USER, "not-the-password", "GET", "console.js", null);
        HttpResponse<String> page = ops("GET", "", null);
        HttpResponse<String> script = ops("GET", "console.js", null);

        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, wrong.statusCode());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>payment-hub operator console</title>"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing fetched from elsewhere");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertEquals(404, ops("GET", "no-such-file.js", null).statusCode());
    }

    @Test
    void paymentsAreFoundByReferencePhoneRefpkDateProviderAndStatusAndPagedNewestFirst() throws Exception {
        List<String> references = List.of(nextReference(), nextReference(), nextReference());
        for (String reference : references) {
            assertEquals(200, postWebhook(notification(reference)).statusCode());
        }
        String last = references.get(2);

        assertEquals(Set.of("bancamiga:" + refpk(last)), ids(search("reference=" + last)));
        assertEquals(Set.of("bancamiga:" + refpk(last)), ids(search("reference=" + last.substring(6))), "by the short reference");
        assertEquals(Set.of("bancamiga:" + refpk(last)), ids(search("externalId=" + refpk(last))));
        assertTrue(ids(search("phone=584240000000&date=2025-05-08&provider=bancamiga&status=RECEIVED&limit=200"))
                .contains("bancamiga:" + refpk(last)));
        assertTrue(ids(search("date=2025-05-09")).isEmpty(), "the Venezuelan day, not another");
        JsonNode first = search("phone=584240000000&limit=2");
        JsonNode second = search("phone=584240000000&limit=2&before=" + first.path("nextBefore").asLong());
        assertEquals(2, first.path("items").size());
        assertEquals("bancamiga:" + refpk(last), first.path("items").get(0).path("paymentId").asText(), "newest first");
        assertTrue(second.path("items").get(0).path("id").asLong() < first.path("items").get(1).path("id").asLong());
        assertEquals("5.64", first.path("items").get(0).path("amount").asText());
        assertEquals("VES", first.path("items").get(0).path("currency").asText());
        assertEquals(400, ops("GET", "payments?status=PAYED", null).statusCode());
    }

    @Test
    void onePaymentShowsItsTimelineAndOriginalBodyWithoutAnySecret() throws Exception {
        String reference = nextReference();
        assertEquals(200, postWebhook(notification(reference)).statusCode());

        HttpResponse<String> answer = ops("GET", "payment?id=bancamiga:" + refpk(reference), null);

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode payment = JSON.readTree(answer.body());
        assertEquals("RECEIVED", payment.path("payment").path("status").asText());
        assertEquals("stored as RECEIVED", payment.path("timeline").get(0).path("what").asText());
        assertTrue(payment.path("payment").path("original").asText().contains(reference));
        assertNull(payment.get("pago46").textValue(), "PAGO46 is off here");
        assertFalse(answer.body().contains(WEBHOOK_TOKEN));
        assertEquals(404, ops("GET", "payment?id=bancamiga:nothing", null).statusCode());
    }

    @Test
    void partnerHealthShowsChecksBreakersAndTheLastRunOfEveryTimedRoute() throws Exception {
        HttpResponse<String> answer = ops("GET", "health", null);

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode health = JSON.readTree(answer.body());
        assertTrue(health.path("checks").findValuesAsText("name").contains("database"), answer.body());
        assertTrue(health.path("polls").findValuesAsText("route").contains("outbox-sweep"), answer.body());
        assertEquals(0, health.path("outboxPending").asInt(-1) < 0 ? 1 : 0);
        assertFalse(answer.body().contains(WEBHOOK_TOKEN) || answer.body().contains(DB_PASSWORD));
    }

    private JsonNode search(String query) throws Exception {
        HttpResponse<String> answer = ops("GET", "payments?" + query, null);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static Set<String> ids(JsonNode page) {
        Set<String> ids = new HashSet<>();
        page.path("items").forEach(p -> ids.add(p.path("paymentId").asText()));
        return ids;
    }
}
