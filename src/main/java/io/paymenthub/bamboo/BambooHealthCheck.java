package io.paymenthub.bamboo;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the Bamboo flow, like the other partners' checks: DOWN while Bamboo refuses our private key
 * (its last answer was 401 or 403), since every purchase and every read-back fails meanwhile; UP again at the
 * first call Bamboo accepts. Details: whether callbacks can be verified (bamboo.webhook.secret), the last
 * failure of a call, and how many purchases wait for their final status.
 */
public final class BambooHealthCheck extends AbstractHealthCheck {

    private final BambooApi api;
    private final BambooSignature signature;
    private final BambooPurchaseStore purchases;

    public BambooHealthCheck(BambooApi api, BambooSignature signature, BambooPurchaseStore purchases) {
        super("payment-hub", "bamboo");
        this.api = api;
        this.signature = signature;
        this.purchases = purchases;
    }

    @Override
    public boolean isLiveness() {
        // a refused key needs an operator; an outage needs Bamboo: a restart helps neither
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("callbacksVerified", signature.configured() ? "yes" : "no: bamboo.webhook.secret is not set");
        if (api.lastFailure() != null) {
            builder.detail("lastFailure", api.lastFailure());
        }
        try {
            builder.detail("awaitingFinalStatus", purchases.pendingCount());
        } catch (Exception e) {
            builder.detail("awaitingFinalStatus", "unknown: " + e.getMessage());
        }
        String refused = api.credentialsRefused();
        if (refused != null) {
            builder.message("Bamboo refuses our private key (" + refused + "): check bamboo.private-key").down();
        } else {
            builder.up();
        }
    }
}
