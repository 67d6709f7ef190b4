package io.paymenthub.store;

import java.sql.Connection;
import java.sql.SQLException;

import io.paymenthub.events.Payment;

/**
 * Work that must commit together with a newly received payment, inside the same transaction (for
 * example queueing its registration with another partner). Called once per payment, never for a repeat.
 */
public interface ReceivedPaymentFollowUp {

    void onReceived(Connection transaction, Payment payment) throws SQLException;
}
