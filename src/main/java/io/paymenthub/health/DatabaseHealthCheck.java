package io.paymenthub.health;

import java.sql.Connection;
import java.util.Map;

import io.paymenthub.store.Database;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness and liveness of the store: a connection can be had and answers within two seconds. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final Database database;

    public DatabaseHealthCheck(Database database) {
        super("payment-hub", "database");
        this.database = database;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = database.connection()) {
            if (c.isValid(2)) {
                builder.up();
            } else {
                builder.message("the store did not answer within 2 s").down();
            }
        } catch (Exception e) {
            builder.message("the store is unreachable: " + e.getMessage()).down();
        }
    }
}
