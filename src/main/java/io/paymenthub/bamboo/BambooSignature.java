package io.paymenthub.bamboo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.paymenthub.http.HttpProblem;
import org.apache.camel.Exchange;

/**
 * Bamboo's callback signature: lowercase hex HMAC-SHA256, keyed with the merchant secret, over
 * {@code PurchaseId + Amount + Currency + dateSent}, {@code dateSent} being the request header exactly as
 * received. Compared in constant time. For its age, {@code dateSent} is read as ISO-8601 with an offset
 * ({@code 2026-11-22T06:30:00Z}), ISO-8601 without one, in Bamboo's own payload style
 * ({@code 2024-01-30T12:58:38.498}, taken in {@code bamboo.webhook.date-zone}), or RFC 1123
 * ({@code Sun, 22 Nov 2026 06:30:00 GMT}). A correctly signed callback further than the tolerance from now
 * is not refused: Bamboo retries after 15 min, 30 min, 1 h, 3 h and 6 h with the signature of the first
 * attempt, so such a callback is marked {@link #STALE} and its status is read back from Bamboo instead.
 */
public final class BambooSignature {

    public static final String DATE_HEADER = "dateSent";
    /** Exchange property: true when the callback is signed correctly but its dateSent is outside the tolerance. */
    public static final String STALE = "bambooStale";
    /** Exchange property: the {@link Instant} the callback's dateSent names. */
    public static final String SENT_AT = "bambooSentAt";

    private final java.util.List<byte[]> secrets;
    private final io.paymenthub.http.SecretRotation rotation;
    private final String signatureHeader;
    private final Duration tolerance;
    private final ZoneId dateZone;

    /**
     * {@code secret}: bamboo.webhook.secret, one value or, during a rotation, current,next (comma-separated);
     * {@code dateZone}: the zone of a dateSent without offset (bamboo.webhook.date-zone, default UTC).
     */
    public BambooSignature(String secret, String signatureHeader, Duration tolerance, ZoneId dateZone) {
        this.rotation = new io.paymenthub.http.SecretRotation("bamboo.webhook.secret", secret);
        this.secrets = rotation.values().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.signatureHeader = signatureHeader;
        this.tolerance = tolerance;
        this.dateZone = dateZone;
    }

    public BambooSignature(String secret, String signatureHeader, Duration tolerance) {
        this(secret, signatureHeader, tolerance, java.time.ZoneOffset.UTC);
    }

    /**
     * The instant a {@code dateSent} names: ISO-8601 with offset, ISO-8601 without offset (in {@code zone}),
     * or RFC 1123. Throws {@link DateTimeParseException} for anything else.
     */
    public static Instant sentAt(String dateSent, ZoneId zone) {
        String text = dateSent.trim();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
            } catch (DateTimeParseException notIso) {
                return OffsetDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
        }
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

    /**
     * Throws a 401 unless the callback is signed with one of our secrets over its dateSent as received. Sets
     * {@link #SENT_AT}, and {@link #STALE} (true when dateSent is further than the tolerance from now: the
     * body's status is then not trusted and is read back from Bamboo). Returns whether it is fresh.
     */
    public boolean verify(BambooNotification notification, Exchange exchange) {
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
            sent = sentAt(dateSent, dateZone);
        } catch (DateTimeParseException e) {
            throw HttpProblem.unauthorized("dateSent must be ISO-8601 (2026-11-22T06:30:00Z, or 2026-11-22T06:30:00.498 in "
                    + dateZone + ") or RFC 1123 (Sun, 22 Nov 2026 06:30:00 GMT)");
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
        boolean fresh = Duration.between(sent, Instant.now()).abs().compareTo(tolerance) <= 0;
        exchange.setProperty(SENT_AT, sent);
        exchange.setProperty(STALE, !fresh);
        return fresh;
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
