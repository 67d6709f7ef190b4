package io.paymenthub.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merchant API's keys ({@code api.keys}): every {@code /api/v1/**} request must send
 * {@code Authorization: Bearer <key>} with one of them. Several keys are valid at once so that a key can be
 * rotated without a gap. Each key has a short id that is not a secret: its label when the entry is written
 * {@code label:key}, else {@code key-<position>} (1-based). That id, never the key, is what the runner logs and
 * stores beside each purchase or registration ({@link #KEY_ID} exchange property).
 *
 * <p>Keys are compared in constant time over their SHA-256 digests (not even the length leaks), and every key is
 * compared, so the time does not tell which one matched. With no key configured every call is refused (401).
 */
public final class MerchantApiKeys {

    /** Exchange property: the id of the key that authenticated the request (e.g. {@code backoffice} or {@code key-2}). */
    public static final String KEY_ID = "merchantApiKeyId";

    private static final Logger LOG = LoggerFactory.getLogger(MerchantApiKeys.class);
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private record Key(String id, byte[] digest) {
    }

    private final List<Key> keys;

    /**
     * @param setting {@code api.keys}: comma-separated entries, each {@code key} or {@code label:key}; a label is 1 to
     *                32 of {@code A-Z a-z 0-9 . _ -}. Blank entries are ignored.
     * @throws IllegalArgumentException on a malformed label or two entries with the same id (the message names the
     *                                  entry by position, never its key)
     */
    public MerchantApiKeys(String setting) {
        List<Key> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int position = 0;
        for (String raw : setting == null ? new String[0] : setting.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            position++;
            String id = "key-" + position;
            String key = entry;
            int colon = entry.indexOf(':');
            if (colon >= 0) {
                String label = entry.substring(0, colon).trim();
                if (!LABEL.matcher(label).matches()) {
                    throw new IllegalArgumentException("api.keys entry " + position + " has a label that is not 1-32 of"
                            + " A-Z a-z 0-9 . _ - (write label:key, or the key alone)");
                }
                id = label;
                key = entry.substring(colon + 1).trim();
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("api.keys entry " + position + " (" + id + ") has an empty key");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("api.keys has two entries named " + id);
            }
            parsed.add(new Key(id, sha256(key)));
        }
        this.keys = List.copyOf(parsed);
    }

    /** How many keys are accepted now. */
    public int count() {
        return keys.size();
    }

    /** The ids of the accepted keys, in configured order (safe to log). */
    public List<String> ids() {
        return keys.stream().map(Key::id).toList();
    }

    /** One start line: which key ids are accepted, or that the merchant API refuses everything. */
    public void logAtStart() {
        if (keys.isEmpty()) {
            LOG.warn("api.keys is empty: the merchant API (/api/v1/**) answers 401 to every request until a key is set");
        } else {
            LOG.info("Merchant API (/api/v1/**) accepts {} key(s): {}", keys.size(), String.join(", ", ids()));
        }
    }

    /**
     * Route step: admits the request or throws a 401 {@link HttpProblem}; on success sets {@link #KEY_ID}.
     *
     * @param authorization the request's {@code Authorization} header, {@code Bearer <key>}
     */
    public void authenticate(@Header("Authorization") String authorization, Exchange exchange) {
        if (keys.isEmpty()) {
            throw HttpProblem.unauthorized("The merchant API has no key configured (api.keys); every call is refused");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HttpProblem.unauthorized("Missing API key: send Authorization: Bearer <key>");
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        String matched = null;
        for (Key key : keys) {
            // every key is compared: the time taken does not tell which one matched, or that one did
            if (MessageDigest.isEqual(key.digest(), presented) && matched == null) {
                matched = key.id();
            }
        }
        if (matched == null) {
            throw HttpProblem.unauthorized("Invalid API key");
        }
        exchange.setProperty(KEY_ID, matched);
        // the key itself must not travel further (logs, partner calls)
        exchange.getMessage().removeHeader("Authorization");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
