package io.paymenthub.reconciliation;

/** The simulated day, its closing, re-closing and catching up, with the report's SQL run on PostgreSQL. */
class ReconciliationDayPostgresTest extends ReconciliationDayTest {

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
