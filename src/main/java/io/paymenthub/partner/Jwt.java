package io.paymenthub.partner;

import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;

/**
 * Reads the expiry of a partner's JWT (Bancamiga's access token, Luka's session token) to plan its renewal. The token is
 * read, not verified: the partner verifies its own tokens.
 */
public final class Jwt {

    private Jwt() {
    }

    /** The {@code exp} claim (seconds since the epoch) of a JWT, or null when the token is not a readable JWT or has none. */
    public static Instant expiry(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.hasNonNull("exp") ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
