package io.paymenthub.events;

/** {@link OutboxRelayThroughputTest} on the production store. */
class OutboxRelayThroughputPostgresTest extends OutboxRelayThroughputTest {

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
