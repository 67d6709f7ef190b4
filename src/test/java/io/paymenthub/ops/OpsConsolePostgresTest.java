package io.paymenthub.ops;

/** The console's pages and JSON reads on PostgreSQL: the same SQL must run on both stores. */
class OpsConsolePostgresTest extends OpsConsoleTest {

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
