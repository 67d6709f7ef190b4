package io.paymenthub.pago46;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.Pago46TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PAGO46 unreachable: once connections keep being refused the breaker opens and attempts fail at once
 * (still retried with backoff); when PAGO46 is back the breaker closes and the batch is accepted once.
 */
class Pago46CircuitBreakerTest extends Pago46TestSupport {

    /**
     * PAGO46's port, held by a bound socket that does not listen: connections to it are refused, and no other server
     * (this class's own runner included, whose ports are picked later) can be given it until the simulator starts.
     */
    private static final Socket HOLD = FreePorts.holding();
    private static final int PORT = HOLD.getLocalPort();
    private static Pago46Simulator pago46;
    /** Gives pago46Settings the test credentials; the base URL is replaced by the unreachable one. */
    private static final Pago46Simulator SETTINGS_ONLY =
            new Pago46Simulator(0, PAGO46_KEY, PAGO46_SECRET, "provider", Set.of(PAGO46_CURRENCY));

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(SETTINGS_ONLY);
        p.put("pago46.base-url", "http://127.0.0.1:" + PORT); // nothing listens there yet
        p.put("pago46.batch.max-wait", "100ms");
        p.put("pago46.circuit.open-seconds", "2");
        return p;
    }

    @AfterAll
    void stopSimulator() throws IOException {
        HOLD.close();
        SETTINGS_ONLY.stop();
        if (pago46 != null) {
            pago46.stop();
        }
    }

    @Test
    void refusedConnectionsOpenTheBreakerAndTheBatchIsAcceptedOnceWhenPago46Returns() throws Exception {
        String reference = nextReference();
        assertEquals(200, postWebhook(notification(reference)).statusCode());

        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT COUNT(*) FROM pago46_batch WHERE last_error LIKE '%CallNotPermittedException%'") > 0);

        HOLD.close();
        pago46 = new Pago46Simulator(PORT, PAGO46_KEY, PAGO46_SECRET, "provider", Set.of(PAGO46_CURRENCY));
        pago46.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> pago46.acceptedCounts().containsKey(refpk(reference)));
        assertEquals(1, pago46.acceptedCounts().get(refpk(reference)));
        awaitBatchEvents(Duration.ofSeconds(30), events -> transactionIds(events).containsAll(List.of(refpk(reference))));
    }
}
