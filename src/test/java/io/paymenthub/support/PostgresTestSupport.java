package io.paymenthub.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * The local PostgreSQL server (127.0.0.1:5432, trust auth, database {@code test}) for the production-store tests.
 * Each caller gets a schema of its own, so test classes and runs never see each other's rows. Where the server is
 * not reachable the tests are skipped, unless {@code PAYMENT_HUB_REQUIRE_POSTGRES=true} (set by {@code .ci/run}):
 * then they fail.
 */
public final class PostgresTestSupport {

    public static final String HOST_URL = System.getProperty("test.postgres.url",
            System.getenv().getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    public static final String USER = System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("TEST_POSTGRES_PASSWORD", "");

    private PostgresTestSupport() {
    }

    public static boolean required() {
        return Boolean.parseBoolean(System.getenv().getOrDefault("PAYMENT_HUB_REQUIRE_POSTGRES", "false"));
    }

    /** Skips the calling test when PostgreSQL is not reachable, or fails it when PostgreSQL is required. */
    public static void assumeReachable() {
        try (Connection c = DriverManager.getConnection(HOST_URL, USER, PASSWORD)) {
            c.isValid(5);
        } catch (SQLException e) {
            if (required()) {
                throw new AssertionError("PostgreSQL is required (PAYMENT_HUB_REQUIRE_POSTGRES=true) but "
                        + HOST_URL + " is not reachable: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL not reachable at " + HOST_URL + ": " + e.getMessage());
        }
    }

    /** Creates an empty schema named after the caller and returns a JDBC URL whose connections use it. */
    public static String freshSchemaUrl(String prefix) {
        assumeReachable();
        String schema = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(HOST_URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema, e);
        }
        return HOST_URL + (HOST_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
