package io.paymenthub.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.camel.Header;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured token in constant time (both sides
 * are hashed first, so not even the length leaks). With no token configured every call is refused.
 */
public final class BearerTokenCheck {

    private final String realm;
    private final byte[] expectedDigest;

    public BearerTokenCheck(String realm, String token) {
        this.realm = realm;
        this.expectedDigest = token == null || token.isBlank() ? null : sha256(token);
    }

    public boolean configured() {
        return expectedDigest != null;
    }

    public void authenticate(@Header("Authorization") String authorization) {
        if (expectedDigest == null) {
            throw HttpProblem.unauthorized("The " + realm + " webhook has no token configured; every call is refused");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HttpProblem.unauthorized("Missing bearer token: send Authorization: Bearer <token>");
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        if (!MessageDigest.isEqual(expectedDigest, presented)) {
            throw HttpProblem.unauthorized("Invalid bearer token");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
