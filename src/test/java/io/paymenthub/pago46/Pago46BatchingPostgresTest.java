package io.paymenthub.pago46;

/** {@link Pago46BatchingTest} on the production store: the registration row is written in the payment's transaction. */
class Pago46BatchingPostgresTest extends Pago46BatchingTest {

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
