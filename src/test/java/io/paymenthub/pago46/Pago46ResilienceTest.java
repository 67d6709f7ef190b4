package io.paymenthub.pago46;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.Pago46TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static io.paymenthub.support.BancamigaSamples.nextReference;
import static io.paymenthub.support.BancamigaSamples.notification;
import static io.paymenthub.support.BancamigaSamples.refpk;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With 30% of PAGO46's answers being 5xx or time-outs, every transaction is still accepted exactly once. */
class Pago46ResilienceTest extends Pago46TestSupport {

    private static final Pago46Simulator PAGO46 = simulator("provider")
            .injectFailures(Duration.ofMillis(1500));

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = pago46Settings(PAGO46);
        p.put("pago46.batch.size", "20");
        p.put("pago46.batch.max-wait", "300ms");
        p.put("pago46.response-timeout-ms", "500");
        return p;
    }

    @AfterAll
    void stopSimulator() {
        PAGO46.stop();
    }

    @Test
    void injected5xxAndTimeOutsDelayBatchesButEveryTransactionIsAcceptedExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String reference = nextReference();
                ids.add(refpk(reference));
                sent.add(pool.submit(() -> postWebhook(notification(reference)).statusCode()));
            }
            for (Future<Integer> status : sent) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdown();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> PAGO46.acceptedCounts().keySet().containsAll(ids));
        Map<String, Integer> accepted = PAGO46.acceptedCounts();
        for (String id : ids) {
            assertEquals(1, accepted.get(id), id + " is accepted exactly once");
        }
        assertTrue(PAGO46.injectedFailures() > 0, "failures were injected: " + PAGO46.injectedFailures());
        // the simulator counts before its answer reaches the runner
        await().atMost(Duration.ofSeconds(10)).until(
                () -> count("SELECT COUNT(*) FROM pago46_registration WHERE status = 'REGISTERED'") == 200);
        assertTrue(count("SELECT MAX(attempts) FROM pago46_batch") > 1, "some batch was retried");
        // same transactions on every attempt: a batch's rows never change, so each id is in one accepted event
        List<String> published = transactionIds(awaitBatchEvents(Duration.ofSeconds(30),
                events -> transactionIds(events).containsAll(ids)));
        assertEquals(ids.size(), published.size(), "one accepted event per batch, each id in exactly one");
        System.out.printf("PAGO46 resilience: %d requests, %d injected failures, %d batches%n",
                PAGO46.requests(), PAGO46.injectedFailures(), count("SELECT COUNT(*) FROM pago46_batch"));
    }
}
