package io.paymenthub.reconciliation;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200,000-credit day seeded straight into the store (payments and their PAGO46 registrations), reported through the
 * real route: every figure is an SQL aggregate, the exception lists stop at reconciliation.list-limit, so memory does
 * not grow with the day. The time is printed for bench/RESULTS.md ("reconciliation report of …").
 */
class ReconciliationReportVolumeTest extends RunnerTestSupport {

    private static final int CREDITS = 200_000;
    /** Every 4th credit first seen by history (missed by the webhook); every 1000th webhook not in history (phantom). */
    private static final int MISSED_EVERY = 4;
    private static final int PHANTOM_EVERY = 1000;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("reconciliation.list-limit", "500", "reconciliation.check-interval", "24h");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDayOf200000CreditsIsReportedFromSqlAggregatesWithBoundedLists() throws Exception {
        LocalDate day = LocalDate.of(2026, 3, 2);
        OffsetDateTime start = ReconciliationDays.startOf(day);
        long missed = 0;
        long phantoms = 0;
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal history = BigDecimal.ZERO;
        try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            c.setAutoCommit(false);
            try (PreparedStatement payment = c.prepareStatement("INSERT INTO payment (provider, external_id, method, status, amount,"
                    + " currency, occurred_at, observed_via, original, history_seen_at) VALUES ('bancamiga', ?, 'pago-movil',"
                    + " 'RECEIVED', ?, 'VES', ?, ?, '{}', ?)");
                 PreparedStatement registration = c.prepareStatement("INSERT INTO pago46_registration (payment_id,"
                         + " bank_transaction_id, amount, creation_date, document_id, payment_method, bank_country_currency_id,"
                         + " status, created_at) VALUES (?, ?, ?, '20260302', 'J1', 'pago-movil', 'x', ?, ?)")) {
                for (int i = 0; i < CREDITS; i++) {
                    String id = "V" + i;
                    BigDecimal amount = new BigDecimal("%d.%02d".formatted(1 + i % 900, i % 100));
                    OffsetDateTime at = start.plusSeconds((long) i * 86_399 / CREDITS);
                    boolean viaHistory = i % MISSED_EVERY == 0;
                    boolean phantom = !viaHistory && i % PHANTOM_EVERY == 1;
                    payment.setString(1, id);
                    payment.setBigDecimal(2, amount);
                    payment.setObject(3, at);
                    payment.setString(4, viaHistory ? "history" : "webhook");
                    payment.setObject(5, phantom ? null : at.plusMinutes(5));
                    payment.addBatch();
                    registration.setString(1, "bancamiga:" + id);
                    registration.setString(2, id);
                    registration.setString(3, amount.toPlainString());
                    registration.setString(4, i % 10 == 0 ? "PENDING" : "REGISTERED");
                    registration.setObject(5, at);
                    registration.addBatch();
                    missed += viaHistory ? 1 : 0;
                    phantoms += phantom ? 1 : 0;
                    total = total.add(amount);
                    history = phantom ? history : history.add(amount);
                    if (i % 5000 == 4999) {
                        payment.executeBatch();
                        registration.executeBatch();
                        c.commit();
                    }
                }
                payment.executeBatch();
                registration.executeBatch();
            }
            try (PreparedStatement sweep = c.prepareStatement("INSERT INTO history_sweep (provider, sweep_date, first_completed_at,"
                    + " last_completed_at) VALUES ('bancamiga', ?, ?, ?)")) {
                sweep.setObject(1, day);
                sweep.setObject(2, start.plusDays(1).plusMinutes(2));
                sweep.setObject(3, start.plusDays(1).plusMinutes(2));
                sweep.executeUpdate();
            }
            c.commit();
        }

        long began = System.nanoTime();
        List<Map<String, Object>> reports = template.requestBodyAndHeader("direct:reconciliation-report", null,
                "reconciliationDate", day.toString(), List.class);
        long millis = (System.nanoTime() - began) / 1_000_000;
        System.out.println("reconciliation report of a 200,000-credit day (" + (onPostgres() ? "PostgreSQL" : "H2 file")
                + ", 200,000 PAGO46 registrations): " + millis + " ms");

        Map<String, Object> bancamiga = reports.stream().filter(r -> "bancamiga".equals(r.get("provider"))).findFirst().orElseThrow();
        Map<String, Object> credits = (Map<String, Object>) bancamiga.get("credits");
        assertEquals((long) CREDITS, ((Number) credits.get("count")).longValue());
        assertEquals(total.toPlainString(), credits.get("amount"));
        Map<String, Object> missedList = (Map<String, Object>) bancamiga.get("missed");
        assertEquals(missed, ((Number) missedList.get("count")).longValue());
        assertEquals(500, ((List<?>) missedList.get("items")).size(), "the list stops at reconciliation.list-limit");
        assertEquals(true, missedList.get("truncated"));
        Map<String, Object> phantomList = (Map<String, Object>) bancamiga.get("phantoms");
        assertEquals(phantoms, ((Number) phantomList.get("count")).longValue());
        Map<String, Object> amounts = (Map<String, Object>) bancamiga.get("amounts");
        assertEquals(history.toPlainString(), amounts.get("historyCredited"));
        Map<String, Map<String, Object>> pago46 = (Map<String, Map<String, Object>>) bancamiga.get("pago46");
        assertEquals((long) CREDITS / 10, ((Number) pago46.get("pending").get("count")).longValue());
        assertEquals((long) CREDITS - CREDITS / 10, ((Number) pago46.get("accepted").get("count")).longValue());
        assertTrue(millis < 120_000, "the report of a 200,000-credit day took " + millis + " ms");
    }
}
