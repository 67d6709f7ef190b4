package io.paymenthub.ops;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paymenthub.store.Database;

/**
 * The operator console's read side: plain SQL over the store (H2 and PostgreSQL alike), keyset-paged by id so a page
 * costs the same at row 50 and at row 50,000. Amounts leave as decimal strings, instants as ISO-8601 UTC; nothing
 * secret is read (no token, no payload of a partner call beyond the payment's own body as received).
 */
public final class ConsoleQueries {

    /** Venezuelan time: the day a payment "occurred on", as the partners and the merchant count days. */
    public static final ZoneId CARACAS = ZoneId.of("America/Caracas");

    /** A payments search; every field may be null (no condition). {@code date} is a Venezuelan calendar day. */
    public record PaymentFilter(String reference, String phone, String externalId, LocalDate date, String provider, String status) {
    }

    private static final String PAYMENT_COLUMNS = "id, provider, external_id, method, status, amount, currency, reference,"
            + " payer_phone, payer_bank, payee_phone, occurred_at, observed_via, created_at, updated_at";

    private final Database database;

    public ConsoleQueries(Database database) {
        this.database = database;
    }

    /** Newest first, at most {@code limit}, with an id below {@code before} when given. */
    public List<Map<String, Object>> payments(PaymentFilter f, int limit, Long before) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.provider() != null) {
            sql.append(" AND provider = ?");
            args.add(f.provider());
        }
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status());
        }
        if (f.externalId() != null) {
            // a Refpk may be stored under another spelling (payment_alias)
            sql.append(" AND (external_id = ? OR external_id IN (SELECT payment_external_id FROM payment_alias WHERE external_id = ?))");
            args.add(f.externalId());
            args.add(f.externalId());
        }
        if (f.reference() != null) {
            // the full reference, or its short form (its last digits)
            sql.append(" AND (reference = ? OR reference LIKE ?)");
            args.add(f.reference());
            args.add("%" + f.reference());
        }
        if (f.phone() != null) {
            sql.append(" AND (payer_phone = ? OR payee_phone = ?)");
            args.add(f.phone());
            args.add(f.phone());
        }
        if (f.date() != null) {
            sql.append(" AND occurred_at >= ? AND occurred_at < ?");
            args.add(Timestamp.from(f.date().atStartOfDay(CARACAS).toInstant()));
            args.add(Timestamp.from(f.date().plusDays(1).atStartOfDay(CARACAS).toInstant()));
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(payment(rs));
                }
            }
        }
        return rows;
    }

    /**
     * One payment ({@code provider:externalId}) with its timeline (every stored fact about it, oldest first), its
     * PAGO46 registration and its original body; null when there is no such payment.
     */
    public Map<String, Object> payment(String paymentId) throws SQLException {
        int colon = paymentId.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a payment id is provider:externalId, e.g. bancamiga:2025…");
        }
        String provider = paymentId.substring(0, colon);
        String externalId = paymentId.substring(colon + 1);
        try (Connection c = database.connection()) {
            Map<String, Object> payment;
            try (PreparedStatement s = c.prepareStatement("SELECT " + PAYMENT_COLUMNS + ", original FROM payment"
                    + " WHERE provider = ? AND external_id = ?")) {
                s.setString(1, provider);
                s.setString(2, externalId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    payment = payment(rs);
                    payment.put("original", new String(rs.getBytes("original"), StandardCharsets.UTF_8));
                }
            }
            List<Map<String, Object>> timeline = new ArrayList<>();
            event(timeline, instant(payment.get("createdAt")), "stored as " + payment.get("status"),
                    "first seen via " + payment.get("observedVia"));
            if (!payment.get("updatedAt").equals(payment.get("createdAt"))) {
                event(timeline, instant(payment.get("updatedAt")), "status now " + payment.get("status"), null);
            }
            query(c, "SELECT created_at, external_id, matched_on, observed_via FROM payment_alias"
                    + " WHERE provider = ? AND payment_external_id = ?", rs -> event(timeline, ts(rs, 1),
                    "reported again as " + rs.getString(2), "same movement (" + rs.getString(3) + "), via " + rs.getString(4)),
                    provider, externalId);
            List<String> reviewTargets = new ArrayList<>();
            query(c, "SELECT id, created_at, kind, reason, status, resolved_at, resolved_via, resolved_by, resolution"
                    + " FROM review_item WHERE (provider = ? AND external_id = ?) OR payment_id = ? ORDER BY id", rs -> {
                reviewTargets.add("review_item:" + rs.getLong(1));
                event(timeline, ts(rs, 2), "held for review (" + rs.getString(3) + ", item " + rs.getLong(1) + ")", rs.getString(4));
                if (rs.getTimestamp(6) != null) {
                    event(timeline, ts(rs, 6), "review item " + rs.getLong(1) + " " + rs.getString(5),
                            join(rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }, provider, externalId, paymentId);
            // operator actions on the payment or on its review items, each once
            java.util.Set<Long> seen = new java.util.HashSet<>();
            List<String> targets = new ArrayList<>(reviewTargets);
            targets.add("payment:" + paymentId);
            for (String target : targets) {
                query(c, "SELECT id, at, actor, action, target, reason, outcome, details FROM ops_audit WHERE target = ? OR details LIKE ?"
                        + " ORDER BY id", rs -> {
                    if (seen.add(rs.getLong(1))) {
                        event(timeline, ts(rs, 2), "operator " + rs.getString(3) + ": " + rs.getString(4) + " " + rs.getString(7),
                                join(rs.getString(5), rs.getString(6), rs.getString(8)));
                    }
                }, target, paymentId + "%");
            }
            if ("bamboo".equals(provider)) {
                query(c, "SELECT created_at, method, api_key_id FROM bamboo_purchase WHERE purchase_id = ?",
                        rs -> event(timeline, ts(rs, 1), "purchase created at Bamboo (" + rs.getString(2) + ")",
                                "merchant API key " + rs.getString(3)), externalId);
            }
            if ("luka".equals(provider)) {
                query(c, "SELECT created_at, sent_at, state, status_reason, api_key_id, attempts, checks FROM luka_transaction"
                        + " WHERE transaccion_id = ?", rs -> {
                    event(timeline, ts(rs, 1), "registration with Luka (" + rs.getString(3) + ")", "merchant API key "
                            + rs.getString(5) + ", " + rs.getInt(6) + " attempt(s), " + rs.getInt(7) + " check(s)");
                    if (rs.getString(4) != null) {
                        event(timeline, ts(rs, 2), "Luka said", rs.getString(4));
                    }
                }, externalId);
            }
            Map<String, Object> registration = pago46(c, paymentId, timeline);
            query(c, "SELECT created_at, event_type FROM outbox WHERE record_key = ? ORDER BY id",
                    rs -> event(timeline, ts(rs, 1), "event " + rs.getString(2) + " waiting for Kafka", null), paymentId);
            timeline.sort(Comparator.comparing(e -> (String) e.get("at"), Comparator.nullsLast(Comparator.naturalOrder())));

            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("payment", payment);
            answer.put("timeline", timeline);
            answer.put("pago46", registration);
            return answer;
        }
    }

    private static Map<String, Object> pago46(Connection c, String paymentId, List<Map<String, Object>> timeline) throws SQLException {
        Map<String, Object>[] found = new Map[1];
        query(c, "SELECT r.status, r.bank_transaction_id, r.amount, r.created_at, r.registered_at, r.batch_id, b.status,"
                + " b.http_status, b.partner_message, b.attempts, b.created_at, b.updated_at FROM pago46_registration r"
                + " LEFT JOIN pago46_batch b ON b.id = r.batch_id WHERE r.payment_id = ?", rs -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("status", rs.getString(1));
            r.put("bankTransactionId", rs.getString(2));
            r.put("amount", rs.getString(3));
            r.put("createdAt", iso(rs.getTimestamp(4)));
            r.put("registeredAt", iso(rs.getTimestamp(5)));
            r.put("batchId", rs.getObject(6) == null ? null : rs.getLong(6));
            r.put("batchStatus", rs.getString(7));
            r.put("httpStatus", rs.getObject(8) == null ? null : rs.getInt(8));
            r.put("partnerMessage", rs.getString(9));
            found[0] = r;
            event(timeline, ts(rs, 4), "queued for PAGO46", "bank_transaction_id " + rs.getString(2));
            if (rs.getObject(6) != null) {
                event(timeline, ts(rs, 11), "in PAGO46 batch " + rs.getLong(6), rs.getInt(10) + " attempt(s)");
                if ("PARKED".equals(rs.getString(7)) || "REQUEUED".equals(rs.getString(7))) {
                    event(timeline, ts(rs, 12), "PAGO46 batch " + rs.getLong(6) + " " + rs.getString(7),
                            join(rs.getObject(8) == null ? null : "HTTP " + rs.getInt(8), rs.getString(9)));
                }
            }
            if (rs.getTimestamp(5) != null) {
                event(timeline, ts(rs, 5), "registered with PAGO46", "batch " + rs.getObject(6));
            }
        }, paymentId);
        return found[0];
    }

    /** Bancamiga's stored token: when it expires and how its last refresh went (never the token). */
    public Map<String, Object> bancamigaToken() throws SQLException {
        Map<String, Object> token = new LinkedHashMap<>();
        try (Connection c = database.connection()) {
            query(c, "SELECT expires_at, refreshed_at, last_error, last_error_at FROM partner_token WHERE partner = 'bancamiga'", rs -> {
                token.put("expiresAt", iso(rs.getTimestamp(1)));
                token.put("refreshedAt", iso(rs.getTimestamp(2)));
                token.put("lastError", rs.getString(3));
                token.put("lastErrorAt", iso(rs.getTimestamp(4)));
            });
        }
        return token.isEmpty() ? null : token;
    }

    private static Map<String, Object> payment(ResultSet rs) throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", rs.getLong("id"));
        p.put("paymentId", rs.getString("provider") + ":" + rs.getString("external_id"));
        p.put("provider", rs.getString("provider"));
        p.put("externalId", rs.getString("external_id"));
        p.put("method", rs.getString("method"));
        p.put("status", rs.getString("status"));
        p.put("amount", rs.getBigDecimal("amount").setScale(2).toPlainString());
        p.put("currency", rs.getString("currency"));
        p.put("reference", rs.getString("reference"));
        p.put("payerPhone", rs.getString("payer_phone"));
        p.put("payerBank", rs.getString("payer_bank"));
        p.put("payeePhone", rs.getString("payee_phone"));
        p.put("occurredAt", iso(rs.getTimestamp("occurred_at")));
        p.put("observedVia", rs.getString("observed_via"));
        p.put("createdAt", iso(rs.getTimestamp("created_at")));
        p.put("updatedAt", iso(rs.getTimestamp("updated_at")));
        return p;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, Row row, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    private static void event(List<Map<String, Object>> timeline, Instant at, String what, String details) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", at == null ? null : at.toString());
        e.put("what", what);
        e.put("details", details);
        timeline.add(e);
    }

    private static Instant ts(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(Object iso) {
        return iso == null ? null : Instant.parse((String) iso);
    }

    private static String iso(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(p);
            }
        }
        return sb.toString();
    }
}
