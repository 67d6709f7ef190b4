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

    private final Database database;

    public BambooPurchaseStore(Database database) {
        this.database = database;
    }

    /** Stores a purchase Bamboo created; {@code apiKeyId} names the merchant API key that asked for it (may be null). */
    public void insert(Purchase p, String order, long amountMinor, String currency, String answer, String apiKeyId) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO bamboo_purchase (purchase_id, transaction_id,"
                     + " payment_media_id, method, order_ref, amount_minor, currency, answer, api_key_id)"
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
            s.setString(9, apiKeyId);
            s.executeUpdate();
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
