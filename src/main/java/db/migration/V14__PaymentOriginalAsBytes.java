package db.migration;

import java.sql.Connection;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A payment's {@code original} (the partner's body as received, as JSON) and an alias's are kept as UTF-8 bytes
 * (BYTEA) instead of text, as the outbox payload already is (V8_2): H2 writes a text column character by character
 * each time the page holding the row is written, on the thread that commits every webhook, and the body is the
 * longest column of the row (bench/RESULTS.md). The conversion runs in the database, stored rows included: H2
 * converts text to binary as UTF-8; PostgreSQL is told to ({@code convert_to}). Readers decode UTF-8.
 */
public class V14__PaymentOriginalAsBytes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
            for (String table : new String[] {"payment", "payment_alias"}) {
                s.execute(h2
                        ? "ALTER TABLE " + table + " ALTER COLUMN original SET DATA TYPE BYTEA"
                        : "ALTER TABLE " + table + " ALTER COLUMN original TYPE BYTEA USING convert_to(original, 'UTF8')");
            }
        }
    }
}
