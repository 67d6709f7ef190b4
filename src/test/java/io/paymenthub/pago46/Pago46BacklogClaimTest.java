package io.paymenthub.pago46;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paymenthub.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claiming a batch reads one batch's rows, however long the backlog: with ORDER BY id (not status, id) H2 read and
 * sorted every pending row, and an UPDATE ... WHERE id IN (subquery) walked them all, so 100,000 pending rows took
 * 217 s to forward instead of 23 s (bench/RESULTS.md). H2 reports the rows each step read (EXPLAIN ANALYZE).
 */
class Pago46BacklogClaimTest {

    private static final int BACKLOG = 5000;
    private static final int BATCH = 100;
    private static final Pattern SCAN = Pattern.compile("scanCount: (\\d+)");

    private Database database;

    @BeforeEach
    void backlog() throws Exception {
        database = new Database("jdbc:h2:file:./target/test-data/pago46-backlog-" + UUID.randomUUID(), "sa", "", 2, 5000);
        database.migrate();
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO pago46_registration (payment_id, bank_transaction_id, amount, creation_date,"
                    + " document_id, payment_method, bank_country_currency_id, status, created_at)"
                    + " SELECT 'bancamiga:' || X, 'T' || X, '1.00', '20261130', 'D', 'bank_transfer', 'VE', 'PENDING',"
                    + " CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, " + BACKLOG + ")");
        }
    }

    @AfterEach
    void close() {
        database.stop();
    }

    @Test
    void theOldestPendingRowsAreReadThroughTheIndexInOrderAndNoFurther() throws Exception {
        assertTrue(rowsRead("EXPLAIN ANALYZE " + Pago46Batches.OLDEST_PENDING) <= 1, "rows read for the oldest");
        assertTrue(rowsRead("EXPLAIN ANALYZE " + Pago46Batches.FIRST_PENDING.replace("?", String.valueOf(BATCH))) <= BATCH,
                "rows read for one batch out of " + BACKLOG);
    }

    @Test
    void aBatchClaimsTheOldestPendingRowsOnly() throws Exception {
        Pago46Batches batches = new Pago46Batches(database);
        Pago46Batches.Batch batch = batches.claim(BATCH, Instant.now().plusSeconds(60), Instant.now().plus(Duration.ofMinutes(1)));

        List<String> claimed = batch.registrations().stream().map(Pago46Batches.Registration::bankTransactionId).toList();
        assertEquals(BATCH, claimed.size());
        assertEquals("T1", claimed.get(0));
        assertEquals("T" + BATCH, claimed.get(BATCH - 1));
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pago46_registration WHERE status = 'PENDING'")) {
            rs.next();
            assertEquals(BACKLOG - BATCH, rs.getInt(1), "the rest still pending");
        }
    }

    /** The largest scanCount H2 reports for a statement: the most rows one step of it read. */
    private int rowsRead(String explain) throws Exception {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(explain)) {
            rs.next();
            Matcher m = SCAN.matcher(rs.getString(1));
            int most = 0;
            while (m.find()) {
                most = Math.max(most, Integer.parseInt(m.group(1)));
            }
            return most;
        }
    }
}
