package io.paymenthub.reconciliation;

/** The 200,000-credit day's report on PostgreSQL (a fresh schema): the same aggregates, the time printed likewise. */
class ReconciliationReportVolumePostgresTest extends ReconciliationReportVolumeTest {

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
