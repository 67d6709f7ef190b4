package io.paymenthub.luka;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the Luka flow: DOWN while Luka refuses our login (or cannot be reached to log in) and no valid
 * token is left, since every registration and every check fails meanwhile. Details: the token's expiry and how
 * many registrations wait for a check.
 */
public final class LukaHealthCheck extends AbstractHealthCheck {

    private final LukaSession session;
    private final LukaTransactions transactions;

    public LukaHealthCheck(LukaSession session, LukaTransactions transactions) {
        super("payment-hub", "luka");
        this.session = session;
        this.transactions = transactions;
    }

    @Override
    public boolean isLiveness() {
        // refused credentials need an operator; an outage needs Luka: a restart helps neither
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("tokenExpiresAt", session.tokenExpiresAt() == null ? "no token yet (login at the first call)"
                : session.tokenExpiresAt().toString());
        try {
            builder.detail("awaitingCheck", transactions.awaitingCheck());
        } catch (Exception e) {
            builder.detail("awaitingCheck", "unknown: " + e.getMessage());
        }
        String error = session.lastLoginError();
        if (error != null && !session.hasValidToken()) {
            builder.message("Luka login fails: " + error).down();
        } else {
            builder.up();
        }
    }
}
