package io.paymenthub.reconciliation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.events.Json;
import io.paymenthub.events.OutboxEvent;
import io.paymenthub.store.Database;
import io.paymenthub.store.OutboxStore;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing a day (docs/operations.md: Daily reconciliation report). Records which history sweeps completed, tells which days are
 * due (a complete Bancamiga history sweep of the day ended past its midnight, America/Caracas, and no report exists),
 * and stores a built report as version 1 (automatic, once: the table's primary key decides between instances) or as
 * the next version (an operator's re-close), each with its {@code reconciliation.day-closed} event in the outbox, in
 * one transaction. Reports are never updated. Time comes from the injected {@link Clock} (bean {@code clock}).
 */
public final class ReconciliationDays {

    /** The CloudEvent type of a stored report. */
    public static final String DAY_CLOSED = "reconciliation.day-closed";
    /** The report's day boundaries: Venezuelan time (no daylight saving, UTC-4). */
    public static final ZoneId VENEZUELA = ZoneId.of("America/Caracas");
    /** Who closes a day automatically (closed_by). */
    public static final String AUTOMATIC = "automatic";

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationDays.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int LOOK_BACK_DAYS = 7;

    private final Database database;
    private final Supplier<Clock> clock;
    private final List<String> providers;
    private final int listLimit;
    private final MeterRegistry meters;

    /**
     * {@code providers}: the providers a report is written for every day, even without credits (reconciliation.providers);
     * {@code listLimit}: at most this many rows per exception list (counts and totals stay exact).
     */
    public ReconciliationDays(Database database, Supplier<Clock> clock, List<String> providers, int listLimit, MeterRegistry meters) {
        this.database = database;
        this.clock = clock;
        this.providers = List.copyOf(providers);
        this.listLimit = listLimit;
        this.meters = meters;
    }

    public Instant now() {
        return clock.get().instant();
    }

    /** Today in Venezuelan time, by the injected clock. */
    public LocalDate today() {
        return LocalDate.ofInstant(now(), VENEZUELA);
    }

    /** The first instant of {@code day} in Venezuelan time. */
    public static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(VENEZUELA).toOffsetDateTime();
    }

    /** Records that a history sweep of {@code day} read the bank's answer to its end (upsert on (provider, day)). */
    public void sweepCompleted(String provider, LocalDate day) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
        try (Connection c = database.connection();
             PreparedStatement u = c.prepareStatement(
                     "UPDATE history_sweep SET last_completed_at = ? WHERE provider = ? AND sweep_date = ?")) {
            u.setObject(1, at);
            u.setString(2, provider);
            u.setObject(3, day);
            if (u.executeUpdate() == 1) {
                return;
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO history_sweep (provider, sweep_date, first_completed_at,"
                    + " last_completed_at) VALUES (?, ?, ?, ?)")) {
                i.setString(1, provider);
                i.setObject(2, day);
                i.setObject(3, at);
                i.setObject(4, at);
                i.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                u.executeUpdate(); // another instance inserted it meanwhile
            }
        }
    }

    /**
     * The days to close now, oldest first: a history sweep of the day completed past its midnight (Venezuelan time),
     * within the last {@value #LOOK_BACK_DAYS} days, and no version of its report is stored. Survives restarts: it
     * reads the store only.
     */
    public List<LocalDate> dueDays() throws SQLException {
        LocalDate today = today();
        List<LocalDate> due = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT s.sweep_date, s.last_completed_at FROM history_sweep s"
                     + " WHERE s.sweep_date >= ? AND s.sweep_date < ? AND NOT EXISTS (SELECT 1 FROM reconciliation_report r"
                     + " WHERE r.report_date = s.sweep_date) ORDER BY s.sweep_date")) {
            s.setObject(1, today.minusDays(LOOK_BACK_DAYS));
            s.setObject(2, today);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    OffsetDateTime completed = rs.getObject(2, OffsetDateTime.class);
                    if (!completed.isBefore(startOf(day.plusDays(1)))) {
                        due.add(day);
                    }
                }
            }
        }
        return due;
    }

    /** Sets the headers the report's queries read (routes/reconciliation-report.camel.yaml): the day and its bounds. */
    public void window(Exchange exchange, @Header("reconciliationDate") String date) {
        LocalDate day = parseDate(date);
        exchange.getMessage().setHeader("reconciliationDate", day.toString());
        exchange.getMessage().setHeader("day", day);
        exchange.getMessage().setHeader("dayStart", startOf(day));
        exchange.getMessage().setHeader("dayEnd", startOf(day.plusDays(1)));
        exchange.getMessage().setHeader("listLimit", listLimit);
    }

    /** {@code YYYY-MM-DD}, or an IllegalArgumentException naming the expected form (a 400 under /ops/). */
    public static LocalDate parseDate(String date) {
        if (date == null || date.isBlank()) {
            throw new IllegalArgumentException("date is required, as YYYY-MM-DD (a day in Venezuelan time)");
        }
        try {
            return LocalDate.parse(date.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("date must be YYYY-MM-DD (a day in Venezuelan time), not " + date.trim());
        }
    }

    /** The providers a report is written for (reconciliation.providers). */
    public List<String> providers() {
        return providers;
    }

    /**
     * Stores the built reports (the body: one map per provider) as a new version with their events, in one transaction.
     * {@code automatic}: only version 1, and only when the day has no report yet (a second instance, or a restart,
     * finds it there and does nothing). Otherwise (an operator) the next version. Returns the stored reports, or an
     * empty list when the automatic close found the day already closed.
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> store(Exchange exchange, @Header("closedBy") String closedBy, @Header("closeReason") String reason)
            throws SQLException {
        List<Map<String, Object>> reports = exchange.getMessage().getBody(List.class);
        LocalDate day = LocalDate.parse(exchange.getMessage().getHeader("reconciliationDate", String.class));
        boolean automatic = closedBy == null || AUTOMATIC.equals(closedBy);
        OffsetDateTime closedAt = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 0; ; attempt++) {
            try (Connection c = database.connection()) {
                c.setAutoCommit(false);
                try {
                    int version = automatic ? 1 : nextVersion(c, day);
                    List<Map<String, Object>> stored = new ArrayList<>();
                    List<OutboxEvent> events = new ArrayList<>();
                    try (PreparedStatement i = c.prepareStatement("INSERT INTO reconciliation_report (provider, report_date,"
                            + " version, closed_at, closed_by, reason, report) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        for (Map<String, Object> built : reports) {
                            Map<String, Object> report = new LinkedHashMap<>();
                            report.put("provider", built.get("provider"));
                            report.put("date", day.toString());
                            report.put("version", version);
                            report.put("closedAt", closedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                            report.put("closedBy", automatic ? AUTOMATIC : closedBy);
                            if (reason != null && !automatic) {
                                report.put("reason", reason);
                            }
                            built.forEach(report::putIfAbsent);
                            String json = Json.MAPPER.writeValueAsString(report);
                            i.setString(1, (String) report.get("provider"));
                            i.setObject(2, day);
                            i.setInt(3, version);
                            i.setObject(4, closedAt);
                            i.setString(5, (String) report.get("closedBy"));
                            i.setString(6, automatic ? null : reason);
                            i.setString(7, json);
                            i.addBatch();
                            events.add(event(report, closedAt));
                            stored.add(report);
                        }
                        i.executeBatch();
                    }
                    OutboxStore.appendAll(c, events);
                    c.commit();
                    LOG.info("Reconciliation report of {} closed ({}, version {}, {} providers)", day,
                            automatic ? AUTOMATIC : "by " + closedBy, version, stored.size());
                    if (automatic) {
                        countPhantoms(stored);
                    }
                    return stored;
                } catch (SQLException e) {
                    c.rollback();
                    boolean taken = UNIQUE_VIOLATION.equals(e.getSQLState())
                            || e.getNextException() != null && UNIQUE_VIOLATION.equals(e.getNextException().getSQLState());
                    if (!taken) {
                        throw e;
                    }
                    if (automatic) {
                        LOG.debug("Reconciliation report of {} already closed by another instance", day);
                        return List.of();
                    }
                    if (attempt >= 3) {
                        throw e;
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    c.rollback();
                    throw new IllegalStateException("A reconciliation report could not be written as JSON", e);
                }
            }
        }
    }

    private static int nextVersion(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(version) FROM reconciliation_report WHERE report_date = ?")) {
            s.setObject(1, day);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) + 1;
            }
        }
    }

    /** The CloudEvent of a stored report: key {@code reconciliation:<provider>:<date>}, id stable per version. */
    static OutboxEvent event(Map<String, Object> report, OffsetDateTime closedAt) throws com.fasterxml.jackson.core.JsonProcessingException {
        String key = "reconciliation:" + report.get("provider") + ":" + report.get("date");
        String id = UUID.nameUUIDFromBytes((key + "|" + DAY_CLOSED + "|" + report.get("version")).getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/reconciliation");
        event.put("type", DAY_CLOSED);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(closedAt.toInstant().truncatedTo(ChronoUnit.SECONDS)));
        event.put("subject", key);
        event.put("datacontenttype", "application/json");
        event.put("data", report);
        return new OutboxEvent(id, DAY_CLOSED, key, Json.MAPPER.writeValueAsBytes(event));
    }

    @SuppressWarnings("unchecked")
    private void countPhantoms(List<Map<String, Object>> stored) {
        for (Map<String, Object> report : stored) {
            Map<String, Object> phantoms = (Map<String, Object>) report.get("phantoms");
            long n = ((Number) phantoms.get("count")).longValue();
            Counter.builder("paymenthub.reconciliation.phantom.webhooks")
                    .description("Webhook payments that the completed history sweep of their day did not list (counted when the day closes)")
                    .tag("provider", (String) report.get("provider")).register(meters).increment(n);
        }
    }

    /** The latest stored version of each provider's report of {@code day} (or of {@code version}); empty when none. */
    public List<Map<String, Object>> stored(LocalDate day, Integer version) throws SQLException {
        List<Map<String, Object>> reports = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT report FROM reconciliation_report r WHERE report_date = ? AND version = "
                     + (version == null ? "(SELECT MAX(version) FROM reconciliation_report m WHERE m.report_date = r.report_date)" : "?")
                     + " ORDER BY provider")) {
            s.setObject(1, day);
            if (version != null) {
                s.setInt(2, version);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reports.add(Json.MAPPER.readValue(rs.getString(1), Map.class));
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("A stored reconciliation report could not be read", e);
            }
        }
        return reports;
    }

    static BigDecimal amount(Object value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString()).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
