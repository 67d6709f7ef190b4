package io.paymenthub.ops;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /ops/ on the management port: HTTP Basic with ops.username and ops.password, JSON answers, nothing on the business port. */
class OpsAccessTest extends RunnerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withoutOrWithWrongCredentialsEveryOpsPathIs401AsJsonWithABasicChallenge() throws Exception {
        for (String[] credentials : new String[][] {{null, null}, {OPS_USER, "wrong"}, {"someone", OPS_PASSWORD}, {OPS_USER, ""}}) {
            for (String path : new String[] {"audit", "review", "rejected", "no/such/action"}) {
                HttpResponse<String> response = opsAs(credentials[0], credentials[1], "GET", path, null);

                assertEquals(401, response.statusCode(), path + " as " + credentials[0]);
                assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
                assertFalse(JSON.readTree(response.body()).path("message").asText().isBlank());
            }
        }
        assertEquals(401, opsAs(OPS_USER, "wrong", "POST", "review/1/discard", "{\"reason\":\"x\"}").statusCode());
    }

    @Test
    void theRightCredentialsReachTheAuditTrailAndAnUnknownActionIsAJson404() throws Exception {
        HttpResponse<String> audit = ops("GET", "audit?limit=5", null);
        HttpResponse<String> unknown = ops("GET", "no/such/action", null);

        assertEquals(200, audit.statusCode(), audit.body());
        assertTrue(JSON.readTree(audit.body()).path("items").isArray());
        assertEquals(404, unknown.statusCode());
        assertFalse(JSON.readTree(unknown.body()).path("message").asText().isBlank());
        assertEquals(400, ops("GET", "audit?limit=abc", null).statusCode());
    }

    @Test
    void opsIsNotServedOnTheBusinessPort() throws Exception {
        assertEquals(404, get(httpPort, "/ops/audit").statusCode());
    }

    @Test
    void aRequeueOfAnUnknownParkedBatchIsAuditedWithTheOperatorAndReason() throws Exception {
        // PAGO46 is off in this class: its actions are not there, so /ops/ says 404 and nothing is audited
        HttpResponse<String> response = ops("POST", "pago46/batches/7/requeue", "{\"reason\":\"x\"}");

        assertEquals(404, response.statusCode());
        JsonNode items = JSON.readTree(ops("GET", "audit", null).body()).path("items");
        assertEquals(0, items.size(), items.toString());
    }
}
