package io.paymenthub.pago46;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a POST /bulkTransaction request for PAGO46 (docs/partners.md, PAGO46): HMAC-SHA256 with the provider
 * secret, lowercase hex, over one of two canonical strings. The canonical string is logged at debug
 * level (it holds no secret) so a {@code 400 WRONG HASH} can be diagnosed.
 */
public final class Pago46Signer {

    /** Which canonical string is signed ({@code pago46.signature.scheme}). */
    public enum Scheme {
        /**
         * Provider API: {@code key & date & METHOD & urlEncode(path)} followed by {@code &name=urlEncode(value)}
         * for every body parameter, names sorted alphabetically. The body is a JSON array, so each
         * transaction's field is named {@code transactions[i][field]} (i from 0): an assumption, see docs/partners.md, PAGO46.
         */
        PROVIDER,
        /** Core API: {@code KEY:MESSAGE_DATE:METHOD:PATH:BODY}, BODY the raw request bytes. */
        CORE;

        public static Scheme of(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pago46.signature.scheme must be provider or core, not '" + text + "'", e);
            }
        }
    }

    /**
     * How values (and the path) are percent-encoded in the {@code provider} canonical string
     * ({@code pago46.signature.encoding}); public material disagrees, so it is a setting.
     */
    public enum Encoding {
        /** Form style (Python's {@code quote_plus}): space {@code +}; letters, digits and {@code -._~} kept; the rest {@code %XX}. */
        FORM,
        /**
         * A browser's {@code encodeURIComponent}, as PAGO46's own published e-commerce plugin does: space {@code %20};
         * letters, digits and {@code -_.!~*'()} kept; the rest {@code %XX}.
         */
        COMPONENT;

        public static Encoding of(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "form" -> FORM;
                case "component", "encodeuricomponent" -> COMPONENT;
                default -> throw new IllegalArgumentException("pago46.signature.encoding must be form or component, not '" + text + "'");
            };
        }
    }

    /** The unit of {@code message-date} ({@code pago46.signature.date-unit}): public pages disagree. */
    public enum DateUnit {
        MILLISECONDS,
        SECONDS;

        public static DateUnit of(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "milliseconds", "ms" -> MILLISECONDS;
                case "seconds", "s" -> SECONDS;
                default -> throw new IllegalArgumentException("pago46.signature.date-unit must be milliseconds or seconds, not '" + text + "'");
            };
        }

        /** Now in this unit since the Unix epoch. */
        public long now() {
            long millis = System.currentTimeMillis();
            return this == SECONDS ? millis / 1000 : millis;
        }
    }

    public static final String PROVIDER_KEY = "provider-key";
    public static final String MESSAGE_DATE = "message-date";
    public static final String MESSAGE_HASH = "message-hash";

    private static final Logger LOG = LoggerFactory.getLogger(Pago46Signer.class);

    private final Pago46Settings settings;

    public Pago46Signer(Pago46Settings settings) {
        this.settings = settings;
    }

    /**
     * Sets the three authentication headers for the request body in the exchange, dated now (Unix seconds or
     * milliseconds: {@code pago46.signature.date-unit}).
     */
    public void sign(Exchange exchange) throws IOException {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        long date = settings.dateUnit.now();
        String canonical = canonical(settings.scheme, settings.encoding, settings.providerKey, date, "POST",
                settings.bulkTransactionPath(), body);
        LOG.debug("PAGO46 canonical string ({} scheme, {} encoding, date in {}): {}", settings.scheme, settings.encoding,
                settings.dateUnit, canonical);
        exchange.getMessage().setHeader(PROVIDER_KEY, settings.providerKey);
        exchange.getMessage().setHeader(MESSAGE_DATE, Long.toString(date));
        exchange.getMessage().setHeader(MESSAGE_HASH, hmacHex(settings.secret(), canonical));
    }

    /** The string that is signed, for either scheme, with form-style encoding. */
    public static String canonical(Scheme scheme, String providerKey, long date, String method, String path, byte[] body)
            throws IOException {
        return canonical(scheme, Encoding.FORM, providerKey, date, method, path, body);
    }

    /** The string that is signed, for either scheme; {@code encoding} applies to the provider scheme (core signs raw bytes). */
    public static String canonical(Scheme scheme, Encoding encoding, String providerKey, long date, String method, String path,
                                   byte[] body) throws IOException {
        return switch (scheme) {
            case CORE -> providerKey + ":" + date + ":" + method + ":" + path + ":" + new String(body, StandardCharsets.UTF_8);
            case PROVIDER -> providerKey + "&" + date + "&" + method + "&" + urlEncode(path, encoding) + concatenatedParams(body, encoding);
        };
    }

    /** {@code &name=urlEncode(value)} for every parameter of the JSON array body, names sorted alphabetically. */
    static String concatenatedParams(byte[] body) throws IOException {
        return concatenatedParams(body, Encoding.FORM);
    }

    static String concatenatedParams(byte[] body, Encoding encoding) throws IOException {
        JsonNode transactions = Json.MAPPER.readTree(body);
        Map<String, String> params = new TreeMap<>();
        for (int i = 0; i < transactions.size(); i++) {
            for (Iterator<Map.Entry<String, JsonNode>> it = transactions.get(i).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                params.put("transactions[" + i + "][" + field.getKey() + "]", field.getValue().asText());
            }
        }
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append('&').append(name).append('=').append(urlEncode(value, encoding)));
        return out.toString();
    }

    /**
     * Form-style percent-encoding of UTF-8 bytes: letters, digits and {@code -._~} stay, a space becomes
     * {@code +}, every other byte becomes {@code %XX} (upper-case hex). Python's {@code quote_plus}.
     */
    static String urlEncode(String value) {
        return urlEncode(value, Encoding.FORM);
    }

    /**
     * Percent-encoding of UTF-8 bytes in either style: {@link Encoding#FORM} as {@link #urlEncode(String)};
     * {@link Encoding#COMPONENT} keeps {@code !*'()} as well and writes a space as {@code %20}.
     */
    static String urlEncode(String value, Encoding encoding) {
        boolean component = encoding == Encoding.COMPONENT;
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~'
                    || (component && (c == '!' || c == '*' || c == '\'' || c == '(' || c == ')'))) {
                out.append((char) c);
            } else if (c == ' ' && !component) {
                out.append('+');
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /** HMAC-SHA256 of the UTF-8 string, lowercase hex. */
    public static String hmacHex(String secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
