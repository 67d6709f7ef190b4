package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 only: identity columns take their ids from a cache of 1,000 instead of H2's 32. H2 writes a sequence back
 * with a commit of its own each time its cache runs out: one extra store write per 32 rows of every busy table
 * (bench/RESULTS.md). An H2 cache is shared by the whole database, so ids still grow in insert order; a crash
 * leaves a gap, nothing else. Not on PostgreSQL, where a cache is per connection and ids would no longer follow
 * insert order, which the outbox relay relies on.
 */
public class V8_1__H2IdentityCache extends BaseJavaMigration {

    static final List<String> TABLES = List.of("payment", "outbox", "rejected_message", "pago46_batch",
            "pago46_registration", "luka_transaction");

    @Override
    public void migrate(Context context) throws Exception {
        cacheIds(context, TABLES, 1000);
    }

    /**
     * Gives the {@code id} identity column of each table a cache of {@code size} ids, on H2 only (nothing on
     * PostgreSQL). A later migration adding a table with an identity column calls this for it.
     */
    static void cacheIds(Context context, List<String> tables, int size) throws Exception {
        Connection c = context.getConnection();
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("ALTER TABLE " + table + " ALTER COLUMN id SET CACHE " + size);
            }
        }
    }
}
