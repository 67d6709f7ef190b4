package io.paymenthub.pago46;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.paymenthub.pago46.Pago46Batches.Batch;
import io.paymenthub.pago46.Pago46Batches.Registration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarder's decisions without a runner: the batch as PAGO46 receives it and the retry delays (how PAGO46's
 * answers are read: Pago46ApiTest).
 */
class Pago46ForwarderTest {

    private static Registration registration(String bankTransactionId, Map<String, String> optional) {
        return new Registration("bancamiga:" + bankTransactionId, bankTransactionId, "5.64", "20250508", "V-12.345.678",
                "bank_transfer", "cc-9", optional);
    }

    @Test
    void theBatchIsAJsonArrayOfTheSeedsObjectsWithFieldsInAlphabeticalOrderAndOnlyTheOptionalFieldsKnown() throws Exception {
        Batch batch = new Batch(7, 1, List.of(
                registration("T1", Map.of("payer_name", "Ñandú Güell", "description", "Pago")),
                registration("T2", Map.of())));

        assertEquals("[{\"amount\":\"5.64\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"T1\","
                        + "\"creation_date\":\"20250508\",\"description\":\"Pago\",\"document_id\":\"V-12.345.678\","
                        + "\"payer_name\":\"Ñandú Güell\",\"payment_method\":\"bank_transfer\"},"
                        + "{\"amount\":\"5.64\",\"bank_country_currency_id\":\"cc-9\",\"bank_transaction_id\":\"T2\","
                        + "\"creation_date\":\"20250508\",\"document_id\":\"V-12.345.678\",\"payment_method\":\"bank_transfer\"}]",
                new String(Pago46Forwarder.body(batch), StandardCharsets.UTF_8));
    }

    @Test
    void retriesWaitAnExponentialJitteredDelayCappedAtTheMaximum() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        for (int i = 0; i < 200; i++) {
            assertBetween(500, 1000, Pago46Forwarder.backoff(1, initial, max));
            assertBetween(2000, 4000, Pago46Forwarder.backoff(3, initial, max));
            assertBetween(30_000, 60_000, Pago46Forwarder.backoff(30, initial, max));
        }
    }

    private static void assertBetween(long fromMillis, long toMillis, Duration delay) {
        assertTrue(delay.toMillis() >= fromMillis && delay.toMillis() <= toMillis, delay + " not in [" + fromMillis + ", " + toMillis + "] ms");
    }
}
