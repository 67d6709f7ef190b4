package io.paymenthub.bancamiga;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import io.paymenthub.core.Failures;
import io.paymenthub.partner.Jwt;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.partner.TokenHealthCheck;
import io.paymenthub.store.Database;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bancamiga's year-long token pair. The first pair comes from configuration (obtained by hand, as the
 * bank asks); from then on the runner refreshes it and keeps the newest pair in the database, so a
 * restart uses the newest pair, and a pair an operator configures anew is adopted.
 */
public final class BancamigaTokens {

    /** The current pair and what is known about it. */
    public record State(String accessToken, String refreshToken, Instant expiresAt, Instant refreshedAt,
                        String lastError, Instant lastErrorAt) {
    }

    private static final String PARTNER = "bancamiga";
    private static final Logger LOG = LoggerFactory.getLogger(BancamigaTokens.class);

    private final Database database;
    private final Duration refreshBefore;

    public BancamigaTokens(Database database, Duration refreshBefore) {
        this.database = database;
        this.refreshBefore = refreshBefore;
    }

    /**
     * Takes the configured pair as the starting point when the database has none, or when the
     * configured pair is not the one the stored pair descends from. Returns whether a pair is known.
     */
    public boolean seed(String configuredAccess, String configuredRefresh) throws SQLException {
        if (configuredAccess.isBlank() || configuredRefresh.isBlank()) {
            return state() != null;
        }
        try {
            adopt(configuredAccess, configuredRefresh);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            // another instance starting at the same moment stored the first pair: look again, now under its row lock
            adopt(configuredAccess, configuredRefresh);
        }
        return state() != null;
    }

    private void adopt(String configuredAccess, String configuredRefresh) throws SQLException {
        String fingerprint = fingerprint(configuredAccess, configuredRefresh);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            String storedFingerprint = null;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT seed_fingerprint FROM partner_token WHERE partner = ? FOR UPDATE")) {
                s.setString(1, PARTNER);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        storedFingerprint = rs.getString(1);
                    }
                }
            }
            if (!fingerprint.equals(storedFingerprint)) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM partner_token WHERE partner = ?")) {
                    d.setString(1, PARTNER);
                    d.executeUpdate();
                }
                try (PreparedStatement i = c.prepareStatement("INSERT INTO partner_token"
                        + " (partner, access_token, refresh_token, expires_at, seed_fingerprint) VALUES (?, ?, ?, ?, ?)")) {
                    i.setString(1, PARTNER);
                    i.setString(2, configuredAccess);
                    i.setString(3, configuredRefresh);
                    i.setTimestamp(4, timestamp(Jwt.expiry(configuredAccess)));
                    i.setString(5, fingerprint);
                    i.executeUpdate();
                }
                LOG.info("Bancamiga: using the token pair from configuration (expires {})", describe(Jwt.expiry(configuredAccess)));
            }
            c.commit();
        }
    }

    /** The stored pair, or null when none is known. Read on every use: another instance may have refreshed it. */
    public State state() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT access_token, refresh_token, expires_at, refreshed_at,"
                     + " last_error, last_error_at FROM partner_token WHERE partner = ?")) {
            s.setString(1, PARTNER);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new State(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)), rs.getString(5), instant(rs.getTimestamp(6)));
            }
        }
    }

    /** The stored pair as the shared token health check reads it (no token values). */
    public TokenHealthCheck.Token tokenHealth() throws SQLException {
        State state = state();
        return state == null ? TokenHealthCheck.Token.none(null)
                : new TokenHealthCheck.Token(true, state.expiresAt(), state.lastError(), state.lastErrorAt());
    }

    public String accessToken() {
        return require().accessToken();
    }

    public String refreshToken() {
        return require().refreshToken();
    }

    private State require() {
        try {
            State state = state();
            if (state == null) {
                throw BancamigaCode.error(PartnerError.Kind.UNAUTHORIZED, 0,
                        "No Bancamiga token is configured (bancamiga.access-token, bancamiga.refresh-token)");
            }
            return state;
        } catch (SQLException e) {
            throw new IllegalStateException("The token store is unavailable: " + e.getMessage(), e);
        }
    }

    /** A refresh is due when expiry is unknown or near, or when the last attempt failed. */
    public boolean refreshDue() throws SQLException {
        State state = state();
        if (state == null) {
            return false;
        }
        return state.expiresAt() == null || state.lastError() != null
                || Instant.now().plus(refreshBefore).isAfter(state.expiresAt());
    }

    /** Stores the pair Bancamiga just issued in place of the one it replaces. */
    public void refreshed(BancamigaApi.TokenPair pair) throws SQLException {
        Instant expires = pair.expiresAt() != null ? pair.expiresAt() : Jwt.expiry(pair.accessToken());
        try (Connection c = database.connection();
             PreparedStatement u = c.prepareStatement("UPDATE partner_token SET access_token = ?, refresh_token = ?,"
                     + " expires_at = ?, refreshed_at = CURRENT_TIMESTAMP, last_error = NULL, last_error_at = NULL,"
                     + " updated_at = CURRENT_TIMESTAMP WHERE partner = ?")) {
            u.setString(1, pair.accessToken());
            u.setString(2, pair.refreshToken());
            u.setTimestamp(3, timestamp(expires));
            u.setString(4, PARTNER);
            u.executeUpdate();
        }
        LOG.info("Bancamiga token refreshed; the new one expires {}", describe(expires));
    }

    /** Records a failed refresh (it is retried at the next check); logs once per failure, without any token. */
    public void refreshFailed(Exchange exchange) throws SQLException {
        Throwable cause = Failures.rootOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        String reason = cause == null ? "unknown error" : cause.getMessage();
        reason = reason == null ? cause.getClass().getSimpleName() : reason;
        try (Connection c = database.connection();
             PreparedStatement u = c.prepareStatement("UPDATE partner_token SET last_error = ?,"
                     + " last_error_at = CURRENT_TIMESTAMP WHERE partner = ?")) {
            u.setString(1, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
            u.setString(2, PARTNER);
            u.executeUpdate();
        }
        LOG.warn("Bancamiga token refresh failed: {}. It is retried at the next check.", reason);
    }


    private static String fingerprint(String access, String refresh) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((access + "\n" + refresh).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Instant expires) {
        return expires == null ? "at an unknown date (refreshed at the first check)" : "at " + expires;
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
