package io.paymenthub.bamboo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import io.paymenthub.store.Database;

/** The bamboo_purchase table: what Bamboo answered when a purchase was created through the runner. */
public final class BambooPurchaseStore {

    /** A purchase created through the runner. */
    public record Purchase(String purchaseId, String transactionId, int paymentMediaId, String method) {
    }

    /** A purchase as stored, with what the merchant asked for and Bamboo's answer at creation. */
    public record Stored(Purchase purchase, String uniqueId, String order, long amountMinor, String currency, String answer) {
    }

    private final Database database;

    public BambooPurchaseStore(Database database) {
        this.database = database;
    }

    /** A purchase the follow-up reads back: what it needs to build the payment, and its expiry. */
    public record FollowUp(Purchase purchase, String order, long amountMinor, String currency, java.time.Instant createdAt,
                           java.time.Instant expiresAt, int checks) {
    }

    /**
     * Stores a purchase Bamboo created, first followed up at {@code firstCheck}, expiring at {@code expiresAt} (null:
     * creation plus bamboo.follow-up.expire-after); {@code apiKeyId} names the merchant API key that asked for it (may
     * be null). A unique violation (SQLState 23505) when its id or UniqueID is already stored.
     */
    public void insert(Purchase p, String uniqueId, String order, long amountMinor, String currency, String answer,
                       java.time.Instant firstCheck, java.time.Instant expiresAt, String apiKeyId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO bamboo_purchase (purchase_id, transaction_id,"
                     + " payment_media_id, method, order_ref, amount_minor, currency, answer, unique_id, next_check_at, expires_at,"
                     + " api_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, p.purchaseId());
            if (p.transactionId() == null) {
                s.setNull(2, Types.VARCHAR);
            } else {
                s.setString(2, p.transactionId());
            }
            s.setInt(3, p.paymentMediaId());
            s.setString(4, p.method());
            s.setString(5, order);
            s.setLong(6, amountMinor);
            s.setString(7, currency);
            s.setString(8, answer);
            s.setString(9, uniqueId);
            s.setObject(10, firstCheck == null ? null : firstCheck.atOffset(java.time.ZoneOffset.UTC));
            s.setObject(11, expiresAt == null ? null : expiresAt.atOffset(java.time.ZoneOffset.UTC));
            s.setString(12, apiKeyId);
            s.executeUpdate();
        }
    }

    /**
     * Purchases whose follow-up is due and whose payment is still PENDING, oldest due first; each is claimed until
     * {@code claimUntil}, so an overlapping tick does not read it back twice. Purchases no longer PENDING leave the
     * follow-up.
     */
    public List<FollowUp> claimDue(java.time.Instant now, java.time.Instant claimUntil, int max) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                List<FollowUp> due = new java.util.ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT b.purchase_id, b.transaction_id, b.payment_media_id, b.method,"
                        + " b.order_ref, b.amount_minor, b.currency, b.created_at, b.expires_at, b.checks, p.status"
                        + " FROM bamboo_purchase b LEFT JOIN payment p ON p.provider = 'bamboo' AND p.external_id = b.purchase_id"
                        + " WHERE b.next_check_at <= ? ORDER BY b.next_check_at FETCH FIRST ? ROWS ONLY")) {
                    s.setObject(1, now.atOffset(java.time.ZoneOffset.UTC));
                    s.setInt(2, max);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            FollowUp f = new FollowUp(new Purchase(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)),
                                    rs.getString(5), rs.getLong(6), rs.getString(7), instant(rs.getObject(8, java.time.OffsetDateTime.class)),
                                    instant(rs.getObject(9, java.time.OffsetDateTime.class)), rs.getInt(10));
                            String status = rs.getString(11);
                            try (PreparedStatement u = c.prepareStatement(
                                    "UPDATE bamboo_purchase SET next_check_at = ? WHERE purchase_id = ?")) {
                                boolean pending = "PENDING".equals(status);
                                u.setObject(1, pending ? claimUntil.atOffset(java.time.ZoneOffset.UTC) : null);
                                u.setString(2, f.purchase().purchaseId());
                                u.executeUpdate();
                                if (pending) {
                                    due.add(f);
                                }
                            }
                        }
                    }
                }
                c.commit();
                return due;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The follow-up of this purchase: checked again at {@code next} (null: done), with the reason of its status if any. */
    public void followedUp(String purchaseId, java.time.Instant next, String reason) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement u = c.prepareStatement("UPDATE bamboo_purchase SET next_check_at = ?, checks = checks + 1,"
                     + " status_reason = COALESCE(?, status_reason) WHERE purchase_id = ?")) {
            u.setObject(1, next == null ? null : next.atOffset(java.time.ZoneOffset.UTC));
            u.setString(2, reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000));
            u.setString(3, purchaseId);
            u.executeUpdate();
        }
    }

    private static java.time.Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** Purchases created here whose payment is still PENDING. */
    public long pendingCount() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM bamboo_purchase b JOIN payment p"
                     + " ON p.provider = 'bamboo' AND p.external_id = b.purchase_id WHERE p.status = 'PENDING'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The purchase stored with this UniqueID (or, for one stored under another UniqueID, with this purchase id), or null. */
    public Stored byUniqueId(String uniqueId, String purchaseId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT purchase_id, transaction_id, payment_media_id, method, unique_id,"
                     + " order_ref, amount_minor, currency, answer FROM bamboo_purchase WHERE unique_id = ? OR purchase_id = ?"
                     + " ORDER BY created_at FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, uniqueId);
            s.setString(2, purchaseId == null ? "" : purchaseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Stored(new Purchase(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9)) : null;
            }
        }
    }

    public Purchase byPurchaseId(String purchaseId) throws SQLException {
        return find("purchase_id", purchaseId);
    }

    public Purchase byTransactionId(String transactionId) throws SQLException {
        return find("transaction_id", transactionId);
    }

    private Purchase find(String column, String value) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT purchase_id, transaction_id, payment_media_id, method"
                     + " FROM bamboo_purchase WHERE " + column + " = ?")) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Purchase(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)) : null;
            }
        }
    }
}
