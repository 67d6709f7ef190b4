package io.paymenthub.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.apache.camel.Header;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured token, or tokens during a rotation (a
 * comma-separated current,next: {@link SecretRotation}), in constant time: both sides are hashed first, so not even
 * the length leaks, and every configured token is compared whichever matches. With no token every call is refused.
 */
public final class BearerTokenCheck {

    private final String realm;
    private final List<byte[]> expectedDigests;
    private final SecretRotation rotation;

    public BearerTokenCheck(String realm, String token) {
        this(realm, realm.toLowerCase(java.util.Locale.ROOT) + " webhook token", token);
    }

    /** {@code setting}: the key named in the log line saying which token a caller used, e.g. bancamiga.webhook.token. */
    public BearerTokenCheck(String realm, String setting, String tokens) {
        this.realm = realm;
        this.rotation = new SecretRotation(setting, tokens);
        this.expectedDigests = rotation.values().stream().map(BearerTokenCheck::sha256).toList();
    }

    public boolean configured() {
        return !expectedDigests.isEmpty();
    }

    public void authenticate(@Header("Authorization") String authorization) {
        if (expectedDigests.isEmpty()) {
            throw HttpProblem.unauthorized("The " + realm + " webhook has no token configured; every call is refused");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HttpProblem.unauthorized("Missing bearer token: send Authorization: Bearer <token>");
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        int matched = -1;
        for (int i = 0; i < expectedDigests.size(); i++) {
            if (MessageDigest.isEqual(expectedDigests.get(i), presented) && matched < 0) {
                matched = i;
            }
        }
        if (matched < 0) {
            throw HttpProblem.unauthorized("Invalid bearer token");
        }
        rotation.matched(matched);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
