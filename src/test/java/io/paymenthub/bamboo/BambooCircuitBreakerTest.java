package io.paymenthub.bamboo;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.LogLines;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Bamboo that keeps failing opens the circuit breaker (bamboo.circuit.open-seconds=1 here), which closes once it
 * answers; the outage is one warning in the log, not one per refused purchase.
 */
class BambooCircuitBreakerTest extends BambooTestSupport {

    @Test
    void aBambooThatKeepsFailingIsNotCalledWhileTheBreakerIsOpenAndIsCalledAgainAfterwards() throws Exception {
        LogLines log = LogLines.capture();
        int failures = 0;
        HttpResponse<String> answer;
        do {
            bamboo().failNextPurchase(500);
            answer = createPurchase(freshOrder(BambooPurchasesTest.NEQUI_QR));
            failures++;
        } while (answer.statusCode() == 502 && failures < 20);
        int callsBefore = bamboo().purchaseCalls();

        HttpResponse<String> whileOpen = createPurchase(freshOrder(BambooPurchasesTest.NEQUI_QR));

        assertEquals(503, answer.statusCode(), "the breaker opened after " + failures + " failures: " + answer.body());
        assertEquals(503, whileOpen.statusCode(), whileOpen.body());
        assertTrue(whileOpen.body().contains("retry later"), whileOpen.body());
        assertEquals(callsBefore, bamboo().purchaseCalls(), "an open breaker does not call Bamboo");
        // the fault queued for the call the breaker refused is still waiting: the first call through consumes it
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> createPurchase(freshOrder(BambooPurchasesTest.NEQUI_QR)).statusCode() == 201);
        log.close();
        assertEquals(1, log.warnings("bamboo-purchases answered").size(),
                failures + 1 + " refused purchases, one warning: " + log.warnings("bamboo-purchases"));
    }
}
