package io.paymenthub.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * HTTP Basic for /ops/ with {@code ops.username} and {@code ops.password}. Both parts are hashed and compared in
 * constant time (neither their content nor their length leaks through timing). With no password configured every
 * request is refused: an operator surface never runs open by default.
 */
public final class OpsAuth {

    private final byte[] user;
    private final byte[] password;

    public OpsAuth(String username, String password) {
        this.user = sha256(username == null ? "" : username.trim());
        this.password = password == null || password.isEmpty() ? null : sha256(password);
    }

    /** Whether a password is set; without one, {@link #actor} answers null to everything. */
    public boolean configured() {
        return password != null;
    }

    /**
     * The operator named by an {@code Authorization: Basic …} header when its user and password are right, else
     * null (missing, malformed, wrong, or no password configured).
     */
    public String actor(String authorization) {
        if (password == null || authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String name = decoded.substring(0, colon);
        boolean userOk = MessageDigest.isEqual(user, sha256(name));
        boolean passwordOk = MessageDigest.isEqual(password, sha256(decoded.substring(colon + 1)));
        return userOk & passwordOk ? name : null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
