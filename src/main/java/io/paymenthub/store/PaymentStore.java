package io.paymenthub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

import io.paymenthub.events.OutboxEvent;
import io.paymenthub.events.Payment;
import io.paymenthub.events.PaymentEvents;

/**
 * Records payments and the events describing them in one transaction: when this returns, both the
 * payment row and its outbox row are committed, so the caller may acknowledge.
 */
public final class PaymentStore {

    /** What recording a received payment did. */
    public enum Outcome { STORED, DUPLICATE }

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;
    private final PaymentEvents events;
    private final List<ReceivedPaymentFollowUp> followUps;

    public PaymentStore(Database database, PaymentEvents events, List<ReceivedPaymentFollowUp> followUps) {
        this.database = database;
        this.events = events;
        this.followUps = List.copyOf(followUps);
    }

    /**
     * Stores a newly seen payment with its {@code payment.received} event and the follow-ups' work, in
     * one transaction. A payment already stored under the same provider and external id is left
     * untouched and yields {@link Outcome#DUPLICATE}.
     */
    public Outcome recordReceived(Payment payment) throws SQLException {
        OutboxEvent event = events.received(payment);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                insertPayment(c, payment);
                OutboxStore.append(c, event);
                for (ReceivedPaymentFollowUp followUp : followUps) {
                    followUp.onReceived(c, payment);
                }
                c.commit();
                return Outcome.STORED;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return Outcome.DUPLICATE;
                }
                throw e;
            }
        }
    }

    private static void insertPayment(Connection c, Payment p) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO payment (provider, external_id, method, status, amount, currency, reference,"
                        + " payer_phone, payer_bank, payee_phone, occurred_at, observed_via, original)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, p.provider());
            insert.setString(2, p.externalId());
            insert.setString(3, p.method());
            insert.setString(4, p.status());
            insert.setBigDecimal(5, p.amount());
            insert.setString(6, p.currency());
            insert.setString(7, p.reference());
            insert.setString(8, p.payer() == null ? null : p.payer().phone());
            insert.setString(9, p.payer() == null ? null : p.payer().bank());
            insert.setString(10, p.payee() == null ? null : p.payee().phone());
            if (p.occurredAt() == null) {
                insert.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                insert.setTimestamp(11, Timestamp.from(p.occurredAt().toInstant()));
            }
            insert.setString(12, p.observedVia());
            insert.setString(13, p.original().toString());
            insert.executeUpdate();
        }
    }
}
