package io.paymenthub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.paymenthub.support.PostgresTestSupport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production store from an empty schema: every migration applies, and database-held limits hold under concurrency. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorePostgresTest {

    private static final Set<String> TABLES = Set.of("payment", "outbox", "rejected_message", "partner_token",
            "call_rate_limit", "pago46_batch", "pago46_registration", "bamboo_purchase", "luka_transaction");

    private String url;
    private Database database;

    @BeforeAll
    void emptySchema() {
        url = PostgresTestSupport.freshSchemaUrl("store");
        database = new Database(url, PostgresTestSupport.USER, PostgresTestSupport.PASSWORD, 4, 5000);
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.stop();
        }
    }

    @Test
    void everyMigrationAppliesToAnEmptySchemaAndASecondRunChangesNothing() throws Exception {
        database.migrate();
        database.migrate();

        MigrationInfo[] applied = flyway().info().all();
        assertEquals(migrationFiles(), Stream.of(applied).map(m -> m.getVersion().getVersion()).collect(
                java.util.stream.Collectors.toCollection(TreeSet::new)), "one applied migration per file");
        for (MigrationInfo m : applied) {
            assertEquals(MigrationState.SUCCESS, m.getState(), m.getScript());
        }
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")) {
            Set<String> tables = new TreeSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.containsAll(TABLES), "tables: " + tables);
        }
        // the H2-only identity cache (V8_1) stays off PostgreSQL: there a cache is per connection, and the outbox
        // relay needs ids in insert order
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM pg_sequences WHERE schemaname = current_schema() AND cache_size <> 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            assertEquals(0, rs.getInt(1), "sequences with a cache");
        }
    }

    @Test
    void twoInstancesAskingForTheHistoryCallAtOnceGetOneSlotBetweenThem() throws Exception {
        database.migrate();
        CallRateLimits instanceA = new CallRateLimits(database);
        CallRateLimits instanceB = new CallRateLimits(database);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                // even rounds: the very first call under the name (both insert); odd: the last call is long past (both lock the row)
                String name = "bancamiga.history." + (round / 2);
                if (round % 2 == 1) {
                    try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                            "UPDATE call_rate_limit SET last_call_at = CURRENT_TIMESTAMP - INTERVAL '1' HOUR WHERE name = ?")) {
                        s.setString(1, name);
                        assertEquals(1, s.executeUpdate());
                    }
                }
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (CallRateLimits instance : List.of(instanceA, instanceB)) {
                    Callable<Boolean> ask = () -> {
                        together.await();
                        return instance.tryAcquire(name, Duration.ofMinutes(10));
                    };
                    answers.add(callers.submit(ask));
                }
                int granted = 0;
                for (Future<Boolean> answer : answers) {
                    granted += answer.get() ? 1 : 0;
                }
                assertEquals(1, granted, "round " + round + ": exactly one of two concurrent callers may call the bank");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").load();
    }

    /** The versions of the migration files shipped in src/main/resources/db/migration. */
    /** The versions of the SQL migrations and of the Java ones (db.migration), V8_1 read as 8.1. */
    private static Set<String> migrationFiles() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("src", "main", "resources", "db", "migration")),
                Files.list(Path.of("src", "main", "java", "db", "migration")))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[\\d_]+__.*\\.(sql|java)"))
                    .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.'))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
