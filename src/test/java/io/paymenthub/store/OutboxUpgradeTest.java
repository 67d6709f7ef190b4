package io.paymenthub.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An upgrade loses no event: rows the relay had published are dropped with the published mark (V8), and events
 * still waiting for Kafka keep their JSON, now stored as UTF-8 bytes (V8_2), to the byte. A payment's body as received
 * is carried over the same way (V14: text to UTF-8 bytes, stored rows included).
 */
class OutboxUpgradeTest {

    private Database database;

    @BeforeEach
    void openStore() {
        database = openDatabase();
    }

    @AfterEach
    void closeStore() {
        database.stop();
    }

    /** A fresh, empty store (H2 here; {@link OutboxUpgradePostgresTest} overrides it). */
    protected Database openDatabase() {
        return new Database("jdbc:h2:file:./target/test-data/upgrade-" + UUID.randomUUID(), "sa", "", 2, 5000);
    }

    @Test
    void eventsPendingAtTheUpgradeKeepTheirJsonAndPublishedOnesAreGone() throws Exception {
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target("7").load().migrate();
        String pendingJson = "{\"id\":\"e-1\",\"data\":{\"payer\":\"José Ñáñez\",\"amount\":\"5.64\",\"note\":\"€ 😀\"}}";
        insertV7Row("e-0", "bancamiga:1", "{\"id\":\"e-0\"}", true);
        insertV7Row("e-1", "bancamiga:2", pendingJson, false);

        database.migrate();

        List<OutboxStore.PendingEvent> pending = new OutboxStore(database).pending(10);
        assertEquals(List.of("e-1"), pending.stream().map(OutboxStore.PendingEvent::eventId).toList());
        assertArrayEquals(pendingJson.getBytes(StandardCharsets.UTF_8), pending.get(0).payload());
    }

    @Test
    void paymentsStoredBeforeTheUpgradeKeepTheirBodyAsReceived() throws Exception {
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target("13").load().migrate();
        String original = "{\"Refpk\":\"0001\",\"Descripcion\":\"pago móvil señor € 😀\",\"Amount\":\"5.64\"}";
        try (Connection c = database.connection(); PreparedStatement insert = c.prepareStatement("INSERT INTO payment"
                + " (provider, external_id, method, status, amount, currency, observed_via, original)"
                + " VALUES ('bancamiga', '0001', 'pago-movil', 'RECEIVED', 5.64, 'VES', 'webhook', ?)")) {
            insert.setString(1, original);
            insert.executeUpdate();
        }

        database.migrate();

        try (Connection c = database.connection(); PreparedStatement select = c.prepareStatement(
                "SELECT original FROM payment WHERE external_id = '0001'"); java.sql.ResultSet rs = select.executeQuery()) {
            rs.next();
            assertArrayEquals(original.getBytes(StandardCharsets.UTF_8), rs.getBytes(1));
        }
    }

    /** An outbox row as the runner before V8 wrote it: text payload, published_at set once Kafka had it. */
    private void insertV7Row(String eventId, String key, String json, boolean published) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement insert = c.prepareStatement("INSERT INTO outbox"
                + " (event_id, event_type, record_key, payload, published_at) VALUES (?, 'payment.received', ?, ?,"
                + (published ? " CURRENT_TIMESTAMP" : " NULL") + ")")) {
            insert.setString(1, eventId);
            insert.setString(2, key);
            insert.setString(3, json);
            insert.executeUpdate();
        }
    }
}
