package io.paymenthub.bamboo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.paymenthub.http.HttpProblem;
import org.apache.camel.Exchange;

/**
 * Bamboo's callback signature: lowercase hex HMAC-SHA256, keyed with the merchant secret, over
 * {@code PurchaseId + Amount + Currency + dateSent} ({@code dateSent} is a request header, an ISO-8601
 * UTC instant). Compared in constant time; a {@code dateSent} further than the tolerance from now is a replay.
 */
public final class BambooSignature {

    public static final String DATE_HEADER = "dateSent";

    private final java.util.List<byte[]> secrets;
    private final io.paymenthub.http.SecretRotation rotation;
    private final String signatureHeader;
    private final Duration tolerance;

    /** {@code secret}: bamboo.webhook.secret, one value or, during a rotation, current,next (comma-separated). */
    public BambooSignature(String secret, String signatureHeader, Duration tolerance) {
        this.rotation = new io.paymenthub.http.SecretRotation("bamboo.webhook.secret", secret);
        this.secrets = rotation.values().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.signatureHeader = signatureHeader;
        this.tolerance = tolerance;
    }

    public boolean configured() {
        return !secrets.isEmpty();
    }

    /** The canonical string Bamboo signs (no secret in it). */
    public static String canonical(String id, String amount, String currency, String dateSent) {
        return id + amount + currency + dateSent;
    }

    /** The signature of a callback, as Bamboo (and the simulator) computes it. */
    public static String sign(String secret, String id, String amount, String currency, String dateSent) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), canonical(id, amount, currency, dateSent)));
    }

    /** Throws a 401 unless the callback is signed with our secret and was sent within the tolerance. */
    public void verify(BambooNotification notification, Exchange exchange) {
        if (secrets.isEmpty()) {
            throw HttpProblem.unauthorized("The Bamboo webhook has no secret configured (bamboo.webhook.secret); every call is refused");
        }
        String presented = exchange.getMessage().getHeader(signatureHeader, String.class);
        String dateSent = exchange.getMessage().getHeader(DATE_HEADER, String.class);
        if (presented == null || presented.isBlank()) {
            throw HttpProblem.unauthorized("Missing signature: send the HMAC-SHA256 in the " + signatureHeader + " header");
        }
        if (dateSent == null || dateSent.isBlank()) {
            throw HttpProblem.unauthorized("Missing dateSent header: the signature covers it");
        }
        Instant sent;
        try {
            sent = Instant.parse(dateSent.trim());
        } catch (DateTimeParseException e) {
            throw HttpProblem.unauthorized("dateSent must be an ISO-8601 UTC instant, e.g. 2026-11-22T06:30:00Z");
        }
        if (Duration.between(sent, Instant.now()).abs().compareTo(tolerance) > 0) {
            throw HttpProblem.unauthorized("dateSent " + dateSent.trim() + " is more than " + tolerance.toSeconds()
                    + " s away from now: refused as a replay");
        }
        String canonical = canonical(notification.signedId(), notification.amountText(), notification.currency(), dateSent);
        byte[] given = presented.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        int matched = -1;
        for (int i = 0; i < secrets.size(); i++) { // every secret is tried: the time does not say which matched
            byte[] expected = HexFormat.of().formatHex(hmac(secrets.get(i), canonical)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given) && matched < 0) {
                matched = i;
            }
        }
        if (matched < 0) {
            throw HttpProblem.unauthorized("Invalid signature");
        }
        rotation.matched(matched);
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
