package io.paymenthub.pago46;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the PAGO46 flow: DOWN while a batch parked for an authentication error (400
 * "Authentication error: …") waits for an operator, since every later batch would be refused the same
 * way. Read from the store, so it survives restarts and is the same on every instance.
 */
public final class Pago46HealthCheck extends AbstractHealthCheck {

    private final Pago46Batches batches;

    public Pago46HealthCheck(Pago46Batches batches) {
        super("payment-hub", "pago46");
        this.batches = batches;
    }

    @Override
    public boolean isLiveness() {
        // a refused signature needs an operator, not a restart
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            String problem = batches.authenticationProblem();
            builder.detail("pending", batches.pendingCount());
            if (problem == null) {
                builder.up();
            } else {
                builder.detail("authentication", problem)
                        .message("PAGO46 refuses our signature (" + problem + "): check pago46.provider-key,"
                                + " pago46.provider-secret and pago46.signature.scheme, then re-queue the batch")
                        .down();
            }
        } catch (Exception e) {
            builder.message("PAGO46 registrations cannot be read: " + e.getMessage()).down();
        }
    }
}
