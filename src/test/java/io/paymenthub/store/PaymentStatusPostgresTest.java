package io.paymenthub.store;

import io.paymenthub.support.PostgresTestSupport;

/** {@link PaymentStatusTest} on the production store. */
class PaymentStatusPostgresTest extends PaymentStatusTest {

    @Override
    protected Database openDatabase() {
        return new Database(PostgresTestSupport.freshSchemaUrl("status"), PostgresTestSupport.USER,
                PostgresTestSupport.PASSWORD, 2, 5000);
    }
}
