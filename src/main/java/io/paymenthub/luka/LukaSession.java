package io.paymenthub.luka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paymenthub.events.Json;
import io.paymenthub.partner.Jwt;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.partner.TokenHealthCheck;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Luka's JWT: {@code POST /api/v1/servicio/login} answers it in the response header {@code token}. Kept in
 * memory (it lives hours; each instance logs in for itself), renewed {@code luka.token.renew-before} ahead
 * of its {@code exp}, and dropped when a call is answered 401 so the next call logs in again. Logins go
 * through one queue (routes: seda:luka-login, one consumer), so callers that find the token stale together
 * cause one login, not one each.
 */
public final class LukaSession {

    public static final String LOGIN_PATH = "/api/v1/servicio/login";
    /** Exchange property: the token a call was sent with, so a 401 drops that token and not a newer one. */
    public static final String TOKEN_USED = "lukaTokenUsed";

    private static final Logger LOG = LoggerFactory.getLogger(LukaSession.class);

    /** A token and when it stops being used. */
    private record Token(String jwt, Instant expiresAt, Instant renewAt) {
    }

    private final String username;
    private final String password;
    private final Duration renewBefore;
    private final Clock clock;
    private volatile Token current;
    private volatile String lastLoginError;
    private volatile Instant lastLoginAt;
    private volatile int logins;

    public LukaSession(LukaSettings settings, Clock clock) {
        this.username = settings.username;
        this.password = settings.password;
        this.renewBefore = settings.tokenRenewBefore;
        this.clock = clock;
    }

    /** True when there is no token, or it is within {@code renewBefore} of its expiry. */
    public boolean needsLogin() {
        Token t = current;
        return t == null || !clock.instant().isBefore(t.renewAt());
    }

    /** The token to send, or a {@link PartnerError} saying why there is none (the last login's failure). */
    public String token() {
        Token t = current;
        if (t == null || !clock.instant().isBefore(t.expiresAt())) {
            throw LukaAnswer.error(PartnerError.Kind.UNAUTHORIZED, 0, "No Luka session: "
                    + (lastLoginError == null ? "the login did not complete" : "the last login failed: " + lastLoginError), null);
        }
        return t.jwt();
    }

    /** The login call: only this request's headers, the credentials as the body. */
    public void loginRequest(Exchange exchange) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.HTTP_PATH, LOGIN_PATH);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("Username", username);
        credentials.put("Password", password);
        try {
            m.setBody(Json.MAPPER.writeValueAsString(credentials));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the login answer: the JWT from the header {@code token}. The credentials leave the message here. */
    public void loggedIn(Exchange exchange) {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String header = m.getHeader("token", String.class);
        LukaAnswer answer = LukaApi.read(status, m.getBody(String.class));
        m.removeHeaders("*");
        m.setBody(null);
        if (status < 200 || status >= 300 || header == null || header.isBlank()) {
            String reason = status >= 200 && status < 300 ? "HTTP " + status + " without a token header" : answer.describe();
            throw LukaAnswer.error(status >= 500 || status == 429 ? PartnerError.Kind.UNAVAILABLE : PartnerError.Kind.UNAUTHORIZED,
                    status, "Luka login refused: " + reason + (status == 401 || status == 403
                    ? "; check luka.username and luka.password" : ""), answer);
        }
        String jwt = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
        Instant now = clock.instant();
        Instant expires = Jwt.expiry(jwt);
        if (expires == null) {
            expires = now.plus(LukaSettings.ASSUMED_TOKEN_LIFETIME);
            LOG.info("Luka's token has no readable exp: it is renewed after {}", LukaSettings.describe(LukaSettings.ASSUMED_TOKEN_LIFETIME));
        }
        // a token shorter-lived than renewBefore is used for half its life rather than not at all
        Duration life = Duration.between(now, expires);
        Instant renewAt = life.compareTo(renewBefore.multipliedBy(2)) > 0 ? expires.minus(renewBefore) : now.plus(life.dividedBy(2));
        current = new Token(jwt, expires, renewAt);
        lastLoginAt = now;
        logins++;
        if (lastLoginError != null) {
            LOG.info("Luka login works again (the last attempt had failed: {})", lastLoginError);
        }
        lastLoginError = null;
        LOG.debug("Luka login: token valid until {}, renewed from {}", expires, renewAt);
    }

    /** A failed login (refused, or Luka unreachable): remembered for health and for the callers' error. */
    public void loginFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
        // the reason callers and health see is worded; the log line keeps the cause for the operator
        String reason = LukaPagoMovil.describe(cause);
        if (!reason.equals(lastLoginError)) {
            LOG.warn("Luka login failed: {} ({}). Calls to Luka fail until a login works; each call tries again.", reason,
                    cause == null ? "no cause" : cause.getMessage());
        }
        lastLoginError = reason;
    }

    /** A call was answered 401: forget the token it used (unless a newer one replaced it meanwhile). */
    public void refused(@ExchangeProperty(TOKEN_USED) String tokenUsed) {
        Token t = current;
        if (t != null && t.jwt().equals(tokenUsed)) {
            current = null;
            LOG.info("Luka answered 401 to a token valid until {}: logging in again", t.expiresAt());
        }
    }

    /** Whether a token that Luka has not yet refused is there and not expired. */
    public boolean hasValidToken() {
        Token t = current;
        return t != null && clock.instant().isBefore(t.expiresAt());
    }

    /** For the shared token health check: the current token's expiry, or none, and the last login's failure. */
    public TokenHealthCheck.Token tokenHealth() {
        Token t = current;
        return t == null ? TokenHealthCheck.Token.none(lastLoginError)
                : new TokenHealthCheck.Token(true, t.expiresAt(), lastLoginError, null);
    }

    /** For health: the current token's expiry (null when none). */
    public Instant tokenExpiresAt() {
        Token t = current;
        return t == null ? null : t.expiresAt();
    }

    public String lastLoginError() {
        return lastLoginError;
    }

    public Instant lastLoginAt() {
        return lastLoginAt;
    }

    public int logins() {
        return logins;
    }
}
