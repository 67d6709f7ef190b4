package io.paymenthub.bamboo;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import io.paymenthub.support.BambooTestSupport;
import io.paymenthub.support.FreePorts;
import io.paymenthub.support.LogLines;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bamboo's host refuses connections (nothing listens on bamboo.base-url): the merchant gets a clear 503, nothing is
 * stored as created, the breaker opens, and the outage is one warning in the log, not one per purchase.
 */
class BambooUnreachableTest extends BambooTestSupport {

    // set from extraProperties(), which the constructor calls: no initializer here
    private int closedPort;

    @Override
    protected Map<String, String> extraProperties() {
        closedPort = FreePorts.refusing();
        Map<String, String> settings = new HashMap<>(super.extraProperties());
        settings.put("bamboo.base-url", "http://127.0.0.1:" + closedPort);
        return settings;
    }

    @Test
    void refusedConnectionsAnswer503WithAMessageStoreNothingAndLogOneWarning() throws Exception {
        LogLines log = LogLines.capture();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> answer = createPurchase(freshOrder(BambooPurchasesTest.NEQUI_QR));
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"message\""), answer.body());
            // in words for the merchant: no exception class, host or port
            assertTrue(answer.body().contains("its host refused the connection")
                    || answer.body().contains("calls to it are paused"), answer.body());
            assertTrue(!answer.body().contains("Exception") && !answer.body().contains(Integer.toString(closedPort)),
                    answer.body());
        }
        log.close();
        assertEquals(0, count("SELECT COUNT(*) FROM bamboo_purchase"), "no purchase is recorded as created");
        assertEquals(1, log.warnings("bamboo-purchases answered 503").size(),
                "12 refused purchases, one warning: " + log.warnings(""));
    }
}
