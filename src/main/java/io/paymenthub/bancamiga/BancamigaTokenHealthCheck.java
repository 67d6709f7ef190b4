package io.paymenthub.bancamiga;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the Bancamiga flow: a token is known and its expiry is not near. DOWN, with the reason,
 * when the token expires within the alert window (refreshes must have been failing for weeks by then)
 * or has expired; a single failed refresh far from expiry is reported as a detail only.
 */
public final class BancamigaTokenHealthCheck extends AbstractHealthCheck {

    private final BancamigaTokens tokens;
    private final Duration alertBefore;

    public BancamigaTokenHealthCheck(BancamigaTokens tokens, Duration alertBefore) {
        super("payment-hub", "bancamiga-token");
        this.tokens = tokens;
        this.alertBefore = alertBefore;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        BancamigaTokens.State state;
        try {
            state = tokens.state();
        } catch (Exception e) {
            builder.message("the token store is unreachable: " + e.getMessage()).down();
            return;
        }
        if (state == null) {
            builder.message("no Bancamiga token: set bancamiga.access-token and bancamiga.refresh-token").down();
            return;
        }
        if (state.lastError() != null) {
            builder.detail("lastRefreshError", state.lastError()).detail("lastRefreshErrorAt", String.valueOf(state.lastErrorAt()));
        }
        if (state.expiresAt() == null) {
            builder.detail("expiresAt", "unknown until the first refresh").up();
            return;
        }
        builder.detail("expiresAt", state.expiresAt().toString());
        Instant now = Instant.now();
        if (!state.expiresAt().isAfter(now)) {
            builder.message("the Bancamiga token expired at " + state.expiresAt()
                    + "; obtain a new pair by hand (docs/operations.md: Bancamiga's first token) and configure it").down();
        } else if (now.plus(alertBefore).isAfter(state.expiresAt())) {
            builder.message("the Bancamiga token expires at " + state.expiresAt() + " and has not been refreshed"
                    + (state.lastError() == null ? "" : ": " + state.lastError())).down();
        } else {
            builder.up();
        }
    }
}
