package io.paymenthub.bancamiga;

/** {@link BancamigaWebhookTest} on the production store: 200 then one event, a repeated Refpk, refused bodies kept. */
class BancamigaWebhookPostgresTest extends BancamigaWebhookTest {

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
