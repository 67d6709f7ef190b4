package io.paymenthub.pago46;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.paymenthub.sandbox.Pago46Simulator;
import io.paymenthub.support.Pago46TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures the time to forward 10,000 pending rows (bench/run.sh also asks for 100,000 with
 * {@code -Dpago46.bench.rows}) to the simulator with the default batch size (500):
 * the forwarder is stopped, the rows are written, the forwarder is started and the clock runs until
 * every row is REGISTERED. The figure is printed and written to target/pago46-bench.txt.
 */
class Pago46ForwardingBenchTest extends Pago46TestSupport {

    private static final int ROWS = Integer.getInteger("pago46.bench.rows", 10_000);
    private static final Pago46Simulator PAGO46 = simulator("provider");

    @Override
    protected Map<String, String> extraProperties() {
        return pago46Settings(PAGO46);
    }

    @AfterAll
    void stopSimulator() {
        PAGO46.stop();
    }

    @Test
    void pendingRowsAreForwardedInBatchesOf500AndEachAcceptedOnce() throws Exception {
        context.getRouteController().stopRoute("pago46-tick");
        context.getRouteController().stopRoute("pago46-forward");
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(dbUrl, "sa", DB_PASSWORD);
             PreparedStatement insert = c.prepareStatement("INSERT INTO pago46_registration (payment_id, bank_transaction_id,"
                     + " amount, creation_date, document_id, payment_method, bank_country_currency_id, status, created_at)"
                     + " VALUES (?, ?, ?, '20250508', ?, 'bank_transfer', ?, 'PENDING', ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < ROWS; i++) {
                String id = "bench" + run + i;
                insert.setString(1, "bancamiga:" + id);
                insert.setString(2, id);
                insert.setString(3, (1 + i % 997) + "." + String.format("%02d", i % 100));
                insert.setString(4, PAGO46_DOCUMENT);
                insert.setString(5, PAGO46_CURRENCY);
                insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }

        long start = System.nanoTime();
        context.getRouteController().startRoute("pago46-forward");
        context.getRouteController().startRoute("pago46-tick");
        await().atMost(Duration.ofSeconds(Math.max(120, ROWS / 250))).pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT COUNT(*) FROM pago46_registration WHERE status = 'REGISTERED'") == ROWS);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ROWS, PAGO46.acceptedCounts().size());
        assertEquals(ROWS, PAGO46.acceptedCounts().values().stream().mapToInt(Integer::intValue).sum(), "each accepted once");
        assertEquals(ROWS / 500, count("SELECT COUNT(*) FROM pago46_batch WHERE status = 'ACCEPTED'"));
        String line = String.format("PAGO46 bench: %d pending rows forwarded in %d ms (%d batches of 500, %d requests, H2 file,"
                + " simulator on loopback, provider signature)%n", ROWS, millis, ROWS / 500, PAGO46.requests());
        System.out.print(line);
        Files.writeString(Path.of("target", "pago46-bench-" + ROWS + ".txt"), line, StandardCharsets.UTF_8);
    }
}
