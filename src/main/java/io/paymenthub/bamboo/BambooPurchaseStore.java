package io.paymenthub.bamboo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

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

    /** Stores a purchase Bamboo created; a unique violation (SQLState 23505) when its id or UniqueID is already stored. */
    public void insert(Purchase p, String uniqueId, String order, long amountMinor, String currency, String answer) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO bamboo_purchase (purchase_id, transaction_id,"
                     + " payment_media_id, method, order_ref, amount_minor, currency, answer, unique_id)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            s.executeUpdate();
        }
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
