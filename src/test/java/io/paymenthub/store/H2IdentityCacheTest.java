package io.paymenthub.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On H2 every identity column takes its ids from a cache of 1,000,000 (V16): H2 writes a sequence back with a store
 * write of its own whenever the cache runs out, which cost a busy day's history a fifth of its storing time at
 * 1,000 (bench/RESULTS.md). Ids still grow in insert order, across a restart too: the outbox relay sends by id.
 */
class H2IdentityCacheTest {

    private final String url = "jdbc:h2:file:./target/test-data/identity-" + UUID.randomUUID();

    @Test
    void everyIdentityColumnTakesItsIdsFromACacheOfAMillion() throws Exception {
        Database database = new Database(url, "sa", "", 2, 5000);
        try {
            database.migrate();
            Map<String, Long> caches = new TreeMap<>();
            try (Connection c = database.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT TABLE_NAME, IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                         + " WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA = 'PUBLIC'")) {
                while (rs.next()) {
                    caches.put(rs.getString(1).toLowerCase(), rs.getLong(2));
                }
            }
            assertEquals(8, caches.size(), "identity columns: " + caches);
            caches.forEach((table, cache) -> assertEquals(1_000_000L, cache, table + "'s identity cache"));
        } finally {
            database.stop();
        }
    }

    @Test
    void idsKeepGrowingInInsertOrderAcrossARestart() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Database database = new Database(url, "sa", "", 2, 5000);
            try {
                database.migrate();
                for (int i = 0; i < 3; i++) {
                    ids.add(appendEvent(database, "e-" + run + "-" + i));
                }
            } finally {
                database.stop();
            }
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "ids in insert order: " + ids);
        }
    }

    private static long appendEvent(Database database, String eventId) throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO outbox (event_id, event_type, record_key, payload) VALUES ('" + eventId
                    + "', 'payment.received', 'bancamiga:1', X'7B7D')", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
