package io.paymenthub.bamboo;

/** {@link BambooWebhookTest} on the production store: status changes published once each, in order. */
class BambooWebhookPostgresTest extends BambooWebhookTest {

    @Override
    protected boolean onPostgres() {
        return true;
    }
}
