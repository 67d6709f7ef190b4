package io.paymenthub.luka;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.LukaSimulator;
import io.paymenthub.sandbox.LukaSimulator.Fault;
import io.paymenthub.support.LukaTestSupport;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Luka's faults one by one (the simulator plays them) on POST /api/v1/luka/pago-movil: an answer slower than
 * luka.response-timeout-ms, an HTTP 200 carrying Luka's error (a malformed answer to a registration Luka made:
 * LukaPagoMovilTest; repeated 5xx, the breaker and the outage's one warning: luka.LukaOutageWarningTest). The merchant
 * gets a 502 with a message and the same request later registers the payment, in whichever order the tests run.
 */
class LukaPartnerFaultsTest extends LukaTestSupport {

    private static final LukaSimulator LUKA = startSimulator().slowAnswerDelay(Duration.ofMillis(2500));

    @Override
    protected LukaSimulator luka() {
        return LUKA;
    }

    @Override
    protected Map<String, String> lukaExtraProperties() {
        return Map.of(
                // the failed registrations are not checked during these tests: only the merchant's calls reach Luka
                "luka.deferred.pending-after", "10m",
                "luka.response-timeout-ms", "1000",
                "luka.circuit.open-seconds", "3");
    }

    @Test
    void anAnswerSlowerThanTheTimeOutIs502AndTheSameRequestLaterRegistersIt() throws Exception {
        String reference = reference('0');
        LUKA.failNext(LukaSimulator.MOVPAY, Fault.SLOW, 1);

        HttpResponse<String> slow = register(registration(reference));

        assertEquals(502, slow.statusCode(), slow.body());
        assertTrue(JSON.readTree(slow.body()).path("message").asText().contains("did not answer in time"), slow.body());
        assertNull(LUKA.transaccionIdOf(reference), "Luka registered nothing");
        assertEquals("APPROVED", registerOnceLukaTakesCalls(registration(reference)).path("status").asText());
    }

    @Test
    void anHttp200CarryingLukasErrorIs502WithLukasMensajeAndNothingIsRegistered() throws Exception {
        String reference = reference('0');
        LUKA.failNext(LukaSimulator.MOVPAY, Fault.ERROR_CODE_IN_200, 1);

        HttpResponse<String> failed = register(registration(reference));

        assertEquals(502, failed.statusCode(), failed.body());
        JsonNode problem = JSON.readTree(failed.body());
        assertEquals("ocurrió un error inesperado", problem.path("luka").path("mensaje").asText(), failed.body());
        assertNull(LUKA.transaccionIdOf(reference));
        assertEquals("APPROVED", registerOnceLukaTakesCalls(registration(reference)).path("status").asText());
    }

    /** The same request again until the breaker (opened by this class's faults) lets it through: a retry is safe. */
    private JsonNode registerOnceLukaTakesCalls(String body) throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            last.set(register(body));
            return last.get().statusCode() != 502;
        });
        assertEquals(200, last.get().statusCode(), last.get().body());
        return JSON.readTree(last.get().body());
    }
}
