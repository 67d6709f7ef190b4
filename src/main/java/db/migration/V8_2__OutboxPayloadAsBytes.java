package db.migration;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The outbox keeps each event's JSON as UTF-8 bytes (BYTEA), the form Kafka gets, instead of text: a byte array
 * is stored and sent as one copy, where H2 writes a text column character by character on the thread that
 * commits every webhook (bench/RESULTS.md). Events still waiting at the upgrade are carried over. In Java because
 * H2 and PostgreSQL share no SQL function that encodes text as UTF-8.
 */
public class V8_2__OutboxPayloadAsBytes extends BaseJavaMigration {

    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE outbox ADD COLUMN payload_utf8 BYTEA");
        }
        try (Statement select = c.createStatement();
             PreparedStatement update = c.prepareStatement("UPDATE outbox SET payload_utf8 = ? WHERE id = ?")) {
            select.setFetchSize(BATCH);
            try (ResultSet rs = select.executeQuery("SELECT id, payload FROM outbox")) {
                int batched = 0;
                while (rs.next()) {
                    update.setBytes(1, rs.getString(2).getBytes(StandardCharsets.UTF_8));
                    update.setLong(2, rs.getLong(1));
                    update.addBatch();
                    if (++batched % BATCH == 0) {
                        update.executeBatch();
                    }
                }
                update.executeBatch();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE outbox DROP COLUMN payload");
            s.execute("ALTER TABLE outbox ALTER COLUMN payload_utf8 SET NOT NULL");
            s.execute("ALTER TABLE outbox RENAME COLUMN payload_utf8 TO payload");
        }
    }
}
