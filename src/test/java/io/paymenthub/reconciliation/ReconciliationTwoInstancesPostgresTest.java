package io.paymenthub.reconciliation;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.store.Database;
import io.paymenthub.support.PostgresTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two runner instances on one PostgreSQL store (each its own connection pool) closing the same day at the same moment,
 * again and again: one report per day and provider (version 1), one reconciliation.day-closed event each.
 */
class ReconciliationTwoInstancesPostgresTest {

    private static final int ROUNDS = 20;

    @Test
    void twoInstancesClosingTheSameDayWriteOneReportPerProviderAndOneEventEach() throws Exception {
        String url = PostgresTestSupport.freshSchemaUrl("reconciliation_two");
        Database first = new Database(url, PostgresTestSupport.USER, PostgresTestSupport.PASSWORD, 4, 5000);
        Database second = new Database(url, PostgresTestSupport.USER, PostgresTestSupport.PASSWORD, 4, 5000);
        try {
            closeTheSameDaysTogether(url, first, second);
        } finally {
            // the pools were never started as Camel services: stop() would not close them
            ((java.io.Closeable) first.dataSource()).close();
            ((java.io.Closeable) second.dataSource()).close();
        }
    }

    private void closeTheSameDaysTogether(String url, Database first, Database second) throws Exception {
        first.migrate();
        second.migrate();
        List<String> providers = List.of("bamboo", "bancamiga", "luka");
        ReconciliationDays a = new ReconciliationDays(first, Clock::systemUTC, providers, 100, new SimpleMeterRegistry());
        ReconciliationDays b = new ReconciliationDays(second, Clock::systemUTC, providers, 100, new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            int stored = 0;
            for (int round = 0; round < ROUNDS; round++) {
                LocalDate day = LocalDate.of(2026, 1, 1).plusDays(round);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> closes = new ArrayList<>();
                for (ReconciliationDays instance : List.of(a, b)) {
                    closes.add(pool.submit(() -> {
                        Exchange exchange = new DefaultExchange(camel);
                        exchange.getMessage().setHeader("reconciliationDate", day.toString());
                        instance.window(exchange, day.toString());
                        exchange.getMessage().setBody(new ReconciliationReports(instance).assemble(exchange));
                        together.await(10, TimeUnit.SECONDS);
                        return instance.store(exchange, ReconciliationDays.AUTOMATIC, null).size();
                    }));
                }
                for (Future<Integer> close : closes) {
                    stored += close.get(30, TimeUnit.SECONDS);
                }
            }
            assertEquals(ROUNDS * 3, stored, "each day's three reports stored by exactly one of the two");
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(url, PostgresTestSupport.USER, PostgresTestSupport.PASSWORD)) {
            assertEquals(ROUNDS * 3L, single(c, "SELECT COUNT(*) FROM reconciliation_report WHERE version = 1"));
            assertEquals(0L, single(c, "SELECT COUNT(*) FROM reconciliation_report WHERE version > 1"));
            assertEquals(ROUNDS * 3L, single(c, "SELECT COUNT(*) FROM outbox WHERE event_type = 'reconciliation.day-closed'"));
            assertEquals(ROUNDS * 3L, single(c, "SELECT COUNT(DISTINCT record_key) FROM outbox WHERE event_type = 'reconciliation.day-closed'"));
        }
    }

    private static long single(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
