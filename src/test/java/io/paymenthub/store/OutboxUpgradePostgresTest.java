package io.paymenthub.store;

import io.paymenthub.support.PostgresTestSupport;

/** {@link OutboxUpgradeTest} on the production store. */
class OutboxUpgradePostgresTest extends OutboxUpgradeTest {

    @Override
    protected Database openDatabase() {
        return new Database(PostgresTestSupport.freshSchemaUrl("upgrade"), PostgresTestSupport.USER,
                PostgresTestSupport.PASSWORD, 2, 5000);
    }
}
