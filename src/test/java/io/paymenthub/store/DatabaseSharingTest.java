package io.paymenthub.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay locks the rows it claims on every store another instance could open at the same time. */
class DatabaseSharingTest {

    @Test
    void onlyAnEmbeddedH2IsKnownToBeOpenInThisProcessAlone() {
        assertFalse(Database.sharable("jdbc:h2:file:./data/payment-hub;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
        assertFalse(Database.sharable("jdbc:h2:mem:test"));
        assertFalse(Database.sharable("jdbc:h2:./data/payment-hub"));
        assertTrue(Database.sharable("jdbc:h2:tcp://127.0.0.1:9092/payments;WRITE_DELAY=0"));
        assertTrue(Database.sharable("jdbc:h2:ssl://db.internal/payments"));
        assertTrue(Database.sharable("jdbc:h2:file:./data/payment-hub;AUTO_SERVER=TRUE"));
        assertTrue(Database.sharable("jdbc:postgresql://db.internal:5432/payments?currentSchema=payment_hub"));
    }
}
